import { localContext } from "../../../infra/local/lambda-context.js";
import { applyLocalEnv } from "../../../infra/local/env.js";
import { explainConnection } from "../deps.js";
import type { CliIo } from "../io.js";
import { parseArgs } from "../io.js";

export const USAGE = "usage: legwork tick [--now ISO-DATE-TIME]   (the local stack must be running: npm start)";

/** `legwork tick [--now ISO]`: one run of the real dispatcher handler against the local stack at that instant. */
export const run = async (argv: string[], io: CliIo): Promise<number> => {
  const { options } = parseArgs(argv);
  const nowText = typeof options["now"] === "string" ? options["now"] : undefined;
  const now = nowText ? new Date(nowText) : new Date();
  if (Number.isNaN(now.getTime())) {
    io.stderr(`tick: --now must be an ISO date-time, like 2026-12-07T07:00:00Z (got "${nowText}")`);
    return 2;
  }
  applyLocalEnv();
  const { handler } = await import("../../handlers/dispatcher.js");
  try {
    const result = await handler({ time: now.toISOString() }, localContext("legwork-dispatcher", 5 * 60_000));
    io.stdout(JSON.stringify(result));
    return 0;
  } catch (error) {
    throw explainConnection(error);
  }
};
