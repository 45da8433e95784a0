import { loadConfig } from "../../functions/config.js";
import type { Deps } from "../../functions/wiring.js";
import { buildDeps } from "../../functions/wiring.js";
import { currentTarget, isDeployed } from "./target.js";

/**
 * Dependencies for operator commands on the current target: the running local stack by default
 * (`npm start`, at the ports it recorded), or the deployed stack of `--stack NAME` / LEGWORK_STACK.
 */
export const cliDeps = async (): Promise<Deps> => {
  await currentTarget();
  return buildDeps(loadConfig());
};

/** A clear message when the target cannot be reached, instead of a socket error. */
export const explainConnection = (error: unknown): Error => {
  const text = error instanceof Error ? `${error.name} ${error.message} ${String((error as { code?: string }).code ?? "")}` : String(error);
  if (!isDeployed() && /ECONNREFUSED|connect|ResourceNotFound/i.test(text))
    return new Error("cannot reach the local stack: start it with `npm start` in another terminal", { cause: error });
  return error instanceof Error ? error : new Error(text);
};
