import { userInfo } from "node:os";
import { listHeld, resumeHeld, showHeld } from "../../functions/app/operator/triage.js";
import { RunnerNotFoundError, StateConflictError } from "../../functions/app/subscriber-errors.js";
import { ValidationError } from "../../functions/domain/errors.js";
import { listView } from "./subscribers.js";
import { cliDeps, explainConnection } from "../shared/deps.js";
import type { CliIo, FlagSpec } from "../shared/io.js";
import { UsageError, parseArgs } from "../shared/io.js";
import { confirmChange } from "../shared/target.js";

export const USAGE = [
  "usage: legwork triage list                     runners held for a red flag (JSON array)",
  "       legwork triage show ID                  one of them: flags, their reply, what Legwork answered",
  "       legwork triage resume ID --note TEXT [--by NAME]   restart their emails; who and why are recorded",
].join("\n");
export const FLAGS: FlagSpec = { values: ["note", "by"] };

const who = (by: unknown): string => (typeof by === "string" && by.trim() ? by.trim() : `cli:${userInfo().username}`);

const act = async (sub: string, id: string | undefined, options: Record<string, string | true>, io: CliIo): Promise<number> => {
  const deps = await cliDeps();
  if (sub === "list") {
    io.stdout(JSON.stringify(await listHeld(deps), null, 2));
    return 0;
  }
  if (!id) throw new UsageError(`triage ${sub}: an ID is needed (from triage list)`);
  if (sub === "show") {
    io.stdout(JSON.stringify(await showHeld(deps, id), null, 2));
    return 0;
  }
  if (typeof options["note"] !== "string") throw new UsageError("triage resume: --note TEXT is required: say why the runner can resume");
  if (!(await confirmChange(io, `triage resume restarts the emails of runner ${id}`))) return 2;
  const runner = await resumeHeld(deps, { id, operator: who(options["by"]), note: options["note"] });
  io.stdout(JSON.stringify(listView(runner), null, 2));
  return 0;
};

/** `legwork triage list | show ID | resume ID --note TEXT` */
export const run = async (argv: string[], io: CliIo): Promise<number> => {
  const { options, positional } = parseArgs(argv);
  const [sub, id, ...extra] = positional;
  if (sub === undefined || !["list", "show", "resume"].includes(sub))
    throw new UsageError(sub === undefined ? "triage: say list, show or resume" : `triage: unknown subcommand "${sub}"`);
  if (extra.length || (sub === "list" && id)) throw new UsageError(`triage ${sub}: unexpected argument "${extra[0] ?? id}"`);
  try {
    return await act(sub, id, options, io);
  } catch (error) {
    if (error instanceof RunnerNotFoundError || error instanceof StateConflictError || error instanceof ValidationError) {
      io.stderr(`triage ${sub}: ${error.message}`);
      return 1;
    }
    throw explainConnection(error);
  }
};
