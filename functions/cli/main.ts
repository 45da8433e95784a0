#!/usr/bin/env node
/**
 * The `legwork` operator CLI: `npm run -s legwork -- <command> [args]`.
 * Each command lives in ./commands/<name>.ts and exports `run(argv, io)`.
 */
import type { CliIo } from "./io.js";
import { stdio } from "./io.js";

// Commands print JSON on stdout; keep the structured INFO logs out of it, and quiet the SDK's Node notice.
process.env["POWERTOOLS_LOG_LEVEL"] ??= "WARN";
process.env["AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED"] ??= "true";

/** A command module: its usage line(s) and `run`, which returns the exit code. */
interface Command {
  USAGE: string;
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
};

const usage = (): string =>
  ["usage: legwork <command> [options]   (legwork <command> --help for its options)", "", "commands:", ...Object.keys(commands).sort().map((c) => `  ${c}`)].join("\n");

const main = async (argv: string[]): Promise<number> => {
  const [name, ...rest] = argv;
  if (!name || name === "help" || name === "--help") {
    stdio.stdout(usage());
    return name ? 0 : 2;
  }
  const load = commands[name];
  if (!load) {
    stdio.stderr(`legwork: unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  const command = await load();
  // `--help` anywhere prints the command's usage and runs nothing (bench and simulate take minutes).
  if (rest.includes("--help") || rest.includes("-h")) {
    stdio.stdout(command.USAGE);
    return 0;
  }
  return command.run(rest, stdio);
};

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    stdio.stderr(`legwork: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
