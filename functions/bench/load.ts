import { fork } from "node:child_process";
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import autocannon from "autocannon";
import { buildDeps } from "../wiring.js";
import { spawnEngines } from "./engines.js";
import { benchConfig, benchEnv, useLocalCredentials } from "./local-config.js";

export interface LoadBench {
  seconds: number;
  connections: number;
  rps: number;
  p99Ms: number;
  p50Ms: number;
  /** Connection errors and timeouts. */
  errors: number;
  /** Responses that were neither 2xx nor expected (the mix expects 200 and 202 only). */
  non2xx: number;
  statusCodes: Record<string, number>;
  /** POST /api/subscribe answered 202. */
  accepted: number;
  /** Runner profiles in the table afterwards: every accepted signup must be here. */
  stored: number;
  lost: number;
}

const WEB_CHILD = fileURLToPath(new URL("./web-child.ts", import.meta.url));

const countRunners = async (deps: Awaited<ReturnType<typeof buildDeps>>): Promise<number> => {
  let count = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await deps.doc.send(
      new ScanCommand({
        TableName: deps.config.LEGWORK_TABLE,
        Select: "COUNT",
        FilterExpression: "sk = :profile",
        ExpressionAttributeValues: { ":profile": "PROFILE" },
        ExclusiveStartKey: startKey,
      }),
    );
    count += page.Count ?? 0;
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return count;
};

/**
 * autocannon against the real web handler behind the local Function URL adapter, in its own process:
 * half POST /api/subscribe with a unique address each, half GET /health. Rate limits are lifted for the
 * run (every request comes from 127.0.0.1). Afterwards every 202 must have a runner in the table.
 */
export const measureLoad = async (options: { seconds: number; connections?: number; log?: (text: string) => void }): Promise<LoadBench> => {
  const log = options.log ?? (() => undefined);
  const connections = options.connections ?? 10;
  const table = "legwork-bench-load";
  useLocalCredentials();
  const engines = await spawnEngines({ table });
  const limits = { LEGWORK_SUBSCRIBE_PER_IP_PER_HOUR: "1000000000", LEGWORK_SUBSCRIBE_PER_ADDRESS_PER_HOUR: "1000000000" };
  const web = fork(WEB_CHILD, [], {
    execArgv: ["--import", "tsx"],
    env: { PATH: process.env["PATH"] ?? "", ...benchEnv(engines, table, { ...limits, LEGWORK_BASE_URL: "http://127.0.0.1" }) },
    stdio: ["ignore", "ignore", "inherit", "ipc"],
  });
  try {
    const port = await new Promise<number>((resolve, reject) => {
      web.once("message", (m) => resolve((m as { port: number }).port));
      web.once("exit", (code) => reject(new Error(`web server exited early (code ${code})`)));
    });
    const run = randomBytes(3).toString("hex");
    let n = 0;
    const signup = {
      name: "Load Test",
      level: "regular",
      goal: "10k",
      runsPerWeek: 4,
      units: "metric",
      timezone: "Europe/London",
      sendDay: "mon",
      sendHour: 7,
      soreAreas: ["calves"],
      consent: true,
    };
    log(`load: ${options.seconds} s, ${connections} connections against http://127.0.0.1:${port}`);
    const result = await autocannon({
      url: `http://127.0.0.1:${port}`,
      connections,
      duration: options.seconds,
      timeout: 10,
      requests: [
        {
          method: "POST",
          path: "/api/subscribe",
          headers: { "content-type": "application/json" },
          setupRequest: (request) => ({ ...request, body: JSON.stringify({ ...signup, email: `load-${run}-${n++}@bench.example.com` }) }),
        },
        { method: "GET", path: "/health" },
      ],
    });
    await new Promise((r) => setTimeout(r, 500)); // let requests still in the server finish
    const deps = await buildDeps(benchConfig(engines, table));
    const stored = await countRunners(deps);
    deps.ddb.destroy();
    const statusCodes = Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, { count }]) => [code, count]));
    const accepted = statusCodes["202"] ?? 0;
    const unexpected = Object.entries(statusCodes).reduce((sum, [code, count]) => (code === "200" || code === "202" ? sum : sum + count), 0);
    return {
      seconds: options.seconds,
      connections,
      rps: Number(result.requests.average.toFixed(1)),
      p99Ms: result.latency.p99,
      p50Ms: result.latency.p50,
      errors: result.errors + result.timeouts,
      non2xx: unexpected,
      statusCodes,
      accepted,
      stored,
      lost: Math.max(0, accepted - stored),
    };
  } finally {
    web.disconnect();
    await new Promise<void>((resolve) => (web.exitCode === null ? web.once("exit", () => resolve()) : resolve()));
    await engines.stop();
  }
};
