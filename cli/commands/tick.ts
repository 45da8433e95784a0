import { explainConnection } from "../shared/deps.js";
import type { CliIo, FlagSpec } from "../shared/io.js";
import { parseArgs } from "../shared/io.js";
import { confirmChange, currentTarget } from "../shared/target.js";

export const USAGE =
  "usage: legwork tick [--now ISO-DATE-TIME]   (local: the stack `npm start` runs; --stack NAME: the deployed dispatcher)";
export const FLAGS: FlagSpec = { values: ["now"] };

/**
 * `legwork tick [--now ISO]`: one run of the dispatcher at that instant: locally the real handler in this
 * process against the local stack; deployed, the dispatcher function itself (Lambda Invoke). Prints its result.
 */
export const run = async (argv: string[], io: CliIo): Promise<number> => {
  const { options, positional } = parseArgs(argv);
  if (positional.length) {
    io.stderr(`tick: unexpected argument "${positional[0]}"\n${USAGE}`);
    return 2;
  }
  const nowText = typeof options["now"] === "string" ? options["now"] : undefined;
  const now = nowText ? new Date(nowText) : new Date();
  if (Number.isNaN(now.getTime())) {
    io.stderr(`tick: --now must be an ISO date-time, like 2026-12-07T07:00:00Z (got "${nowText}")`);
    return 2;
  }
  try {
    await currentTarget();
    if (!(await confirmChange(io, `tick sends every weekly email due at ${now.toISOString()}`))) return 2;
    const { invokeFunction } = await import("../shared/target.js");
    io.stdout(JSON.stringify(await invokeFunction("dispatcher", { time: now.toISOString() })));
    return 0;
  } catch (error) {
    throw explainConnection(error);
  }
};
