/**
 * The `legwork` commands: each lives in ./commands/<name>.ts and exports `run(argv, io)`, `USAGE` and (to
 * have its flags checked) `FLAGS`; its description and example are in ./help.ts.
 */
import type { CliIo, FlagSpec } from "./shared/io.js";
import { UsageError, checkFlags, stdio, takeGlobalOptions } from "./shared/io.js";
import { commandHelp, topLevelHelp } from "./help.js";
import { setTargetOptions } from "./shared/target.js";

/** A command module: its usage line(s), its flags, and `run`, which returns the exit code. */
interface Command {
  USAGE: string;
  FLAGS?: FlagSpec;
  run: (argv: string[], io: CliIo) => Promise<number>;
}

const commands: Record<string, () => Promise<Command>> = {
  subscribers: () => import("./commands/subscribers.js"),
  feedback: () => import("./commands/feedback.js"),
  simulate: () => import("./commands/simulate.js"),
  tick: () => import("./commands/tick.js"),
  preview: () => import("./commands/preview.js"),
  plan: () => import("./commands/plan.js"),
  "parse-reply": () => import("./commands/parse-reply.js"),
  bench: () => import("./commands/bench.js"),
  scale: () => import("./commands/scale.js"),
  "test-send": () => import("./commands/test-send.js"),
  triage: () => import("./commands/triage.js"),
  stats: () => import("./commands/stats.js"),
};

const usage = (): string => topLevelHelp(Object.keys(commands).sort());

const runCommand = async (name: string, argv: string[], io: CliIo): Promise<number> => {
  const command = await commands[name]!();
  // `--help` anywhere prints the command's usage and runs nothing (bench and simulate take minutes).
  if (argv.includes("--help") || argv.includes("-h")) {
    io.stdout(commandHelp(name, command.USAGE));
    return 0;
  }
  try {
    if (command.FLAGS) checkFlags(argv, command.FLAGS, name);
    return await command.run(argv, io);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`legwork ${error.message}\n\n${command.USAGE}`);
    return 2;
  }
};

/** Runs `legwork <args>` and returns its exit code: the binary (main.ts) and in-process tests share it. */
export const runLegwork = async (args: string[], io: CliIo = stdio): Promise<number> => {
  let globals: ReturnType<typeof takeGlobalOptions>;
  try {
    globals = takeGlobalOptions(args);
  } catch (error) {
    io.stderr(`legwork: ${(error as Error).message}\n\n${usage()}`);
    return 2;
  }
  const [name, ...rest] = globals.argv;
  if (!name || name === "help" || name === "--help" || name === "-h") {
    io.stdout(usage());
    return name ? 0 : 2;
  }
  if (!Object.hasOwn(commands, name)) {
    io.stderr(`legwork: unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  setTargetOptions({ ...(globals.stack ? { stack: globals.stack } : {}), yes: globals.yes });
  return runCommand(name, rest, io);
};
