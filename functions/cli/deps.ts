import { loadConfig } from "../config.js";
import type { Deps } from "../wiring.js";
import { buildDeps } from "../wiring.js";
import { applyLocalEnv } from "../../infra/local/env.js";

/**
 * Dependencies for operator commands: the running local stack by default (`npm start`); any
 * LEGWORK_*, *_ENDPOINT or AWS_* variable already set in the environment wins.
 */
export const cliDeps = async (): Promise<Deps> => {
  applyLocalEnv();
  return buildDeps(loadConfig());
};

/** A clear message when the local stack is not running, instead of a socket error. */
export const explainConnection = (error: unknown): Error => {
  const text = error instanceof Error ? `${error.name} ${error.message} ${String((error as { code?: string }).code ?? "")}` : String(error);
  if (/ECONNREFUSED|connect|ResourceNotFound/i.test(text))
    return new Error("cannot reach the local stack: start it with `npm start` in another terminal", { cause: error });
  return error instanceof Error ? error : new Error(text);
};
