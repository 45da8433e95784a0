/**
 * Runs the local engines (dynalite in memory + aws-ses-v2-local) in their own process for the bench,
 * so the code under test and the stand-ins for AWS do not share one event loop. Prints one JSON line
 * with the endpoints on stdout, then serves until stdin closes (the parent exits or stops it).
 * Options come from the environment: BENCH_TABLE, BENCH_MAX_SEND_RATE.
 */
import { startEngines } from "../../infra/local/stack.js";

const engines = await startEngines({
  dynamodbPort: 0,
  sesPort: 0,
  table: process.env["BENCH_TABLE"] ?? "legwork-bench",
  maxSendRate: Number(process.env["BENCH_MAX_SEND_RATE"] ?? 100_000),
});
process.stdout.write(`${JSON.stringify({ dynamodbEndpoint: engines.dynamodbEndpoint, sesEndpoint: engines.sesEndpoint, pid: process.pid })}\n`);

const stop = (): void => {
  void engines.stop().finally(() => process.exit(0));
};
process.stdin.on("end", stop);
process.stdin.on("error", stop);
process.on("SIGTERM", stop);
process.stdin.resume();
