/**
 * Runs one local engine (dynalite in memory, or aws-ses-v2-local) in its own process for the bench, so
 * the code under test and the stand-ins for AWS do not share one event loop, and neither do the two
 * stand-ins (in AWS they are separate services). Prints one JSON line with the endpoint on stdout,
 * then serves until stdin closes (the parent exits or stops it).
 * Options come from the environment: BENCH_ENGINE (dynamodb | ses), BENCH_TABLE, BENCH_MAX_SEND_RATE.
 */
import { close, startLocalDynamo, startLocalSes } from "../../infra/local/stack.js";

const engine = process.env["BENCH_ENGINE"] === "ses" ? "ses" : "dynamodb";
const { endpoint, server } =
  engine === "ses"
    ? await startLocalSes(0, Number(process.env["BENCH_MAX_SEND_RATE"] ?? 100_000))
    : await startLocalDynamo(0, process.env["BENCH_TABLE"] ?? "legwork-bench");
process.stdout.write(`${JSON.stringify({ endpoint, pid: process.pid })}\n`);

const stop = (): void => {
  void close(server).finally(() => process.exit(0));
};
process.stdin.on("end", stop);
process.stdin.on("error", stop);
process.on("SIGTERM", stop);
process.stdin.resume();
