#!/usr/bin/env node
/** The `legwork` operator CLI: `npm run -s legwork -- <command> [args]` (the commands: ./run.ts). */
import { stdio } from "./shared/io.js";

// Commands print JSON on stdout; keep the structured INFO logs out of it, and quiet the SDK's Node notice.
process.env["POWERTOOLS_LOG_LEVEL"] ??= "WARN";
process.env["AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED"] ??= "true";

// Imported after the settings above: the logger reads its level when it loads.
const { runLegwork } = await import("./run.js");

runLegwork(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    stdio.stderr(`legwork: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
