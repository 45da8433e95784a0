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

type Command = (argv: string[], io: CliIo) => Promise<number>;

const commands: Record<string, () => Promise<Command>> = {
  subscribers: async () => (await import("./commands/subscribers.js")).run,
  feedback: async () => (await import("./commands/feedback.js")).run,
  simulate: async () => (await import("./commands/simulate.js")).run,
  tick: async () => (await import("./commands/tick.js")).run,
  preview: async () => (await import("./commands/preview.js")).run,
  "parse-reply": async () => (await import("./commands/parse-reply.js")).run,
  bench: async () => (await import("./commands/bench.js")).run,
  scale: async () => (await import("./commands/scale.js")).run,
};

const usage = (): string =>
  ["usage: legwork <command> [options]", "", "commands:", ...Object.keys(commands).sort().map((c) => `  ${c}`)].join("\n");

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
  const run = await load();
  return run(rest, stdio);
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
