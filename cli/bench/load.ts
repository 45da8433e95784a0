import { fork } from "node:child_process";
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import autocannon from "autocannon";
import { buildDeps } from "../../functions/wiring.js";
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
  /** POST /api/subscribe answered 202 (each with an address of its own). */
  accepted: number;
  /** Distinct addresses among the 202s: equal to `accepted`, or a response was matched to the wrong address. */
  acceptedUnique: number;
  /** Runner profiles in the table afterwards with one of this run's addresses, whether or not the 202 arrived. */
  stored: number;
  /** Accepted addresses that have a runner profile: must equal `acceptedUnique`. */
  storedAccepted: number;
  /** Accepted addresses with no runner profile. */
  lost: number;
  /** Profiles beyond one per address (a signup stored twice). */
  duplicates: number;
  /**
   * Stored addresses whose 202 the client never counted: requests still in flight when the run stopped.
   * Not a fault (the signup was accepted after the clock ran out); reported so `stored` can be read.
   */
  unacknowledged: number;
}

const WEB_CHILD = fileURLToPath(new URL("./web-child.ts", import.meta.url));

/** The address of every runner profile in the table (one entry per profile, so duplicates show). */
const storedAddresses = async (deps: Awaited<ReturnType<typeof buildDeps>>): Promise<string[]> => {
  const emails: string[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await deps.doc.send(
      new ScanCommand({
        TableName: deps.config.LEGWORK_TABLE,
        FilterExpression: "sk = :profile",
        ProjectionExpression: "email",
        ExpressionAttributeValues: { ":profile": "PROFILE" },
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of page.Items ?? []) if (typeof item["email"] === "string") emails.push(item["email"].toLowerCase());
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return emails;
};

const SIGNUP = {
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

/** Half signups with a unique `prefix`ed address each, half health checks; notes the address behind every 202. */
const hammer = async (port: number, seconds: number, connections: number, prefix: string) => {
  let n = 0;
  const acceptedAddresses: string[] = [];
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections,
    duration: seconds,
    timeout: 10,
    requests: [
      {
        method: "POST",
        path: "/api/subscribe",
        headers: { "content-type": "application/json" },
        // autocannon keeps one request in flight per connection (no pipelining) and hands the same
        // per-connection context to the response, so the context says which address a 202 is for.
        setupRequest: (request, context) => {
          const email = `${prefix}${n++}@bench.example.com`;
          context["email"] = email;
          return { ...request, body: JSON.stringify({ ...SIGNUP, email }) };
        },
        onResponse: (status, _body, context) => {
          if (status === 202) acceptedAddresses.push(String(context["email"]));
        },
      },
      { method: "GET", path: "/health" },
    ],
  });
  return { result, acceptedAddresses };
};

/** The figures of one run: throughput and latency, and the accepted addresses against the stored ones. */
const loadFigures = (
  { result, acceptedAddresses }: Awaited<ReturnType<typeof hammer>>,
  stored: string[],
  seconds: number,
  connections: number,
): LoadBench => {
  const statusCodes = Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, { count }]) => [code, count]));
  const acceptedUnique = new Set(acceptedAddresses);
  const storedUnique = new Set(stored);
  const storedAccepted = [...acceptedUnique].filter((email) => storedUnique.has(email)).length;
  const unexpected = Object.entries(statusCodes).reduce((sum, [code, count]) => (code === "200" || code === "202" ? sum : sum + count), 0);
  return {
    seconds,
    connections,
    rps: Number(result.requests.average.toFixed(1)),
    p99Ms: result.latency.p99,
    p50Ms: result.latency.p50,
    errors: result.errors + result.timeouts,
    non2xx: unexpected,
    statusCodes,
    accepted: statusCodes["202"] ?? 0,
    acceptedUnique: acceptedUnique.size,
    stored: stored.length,
    storedAccepted,
    lost: acceptedUnique.size - storedAccepted,
    duplicates: stored.length - storedUnique.size,
    unacknowledged: [...storedUnique].filter((email) => !acceptedUnique.has(email)).length,
  };
};

/**
 * autocannon against the real web handler behind the local Function URL adapter, in its own process:
 * half POST /api/subscribe with a unique address each, half GET /health. Rate limits are lifted for the
 * run (every request comes from 127.0.0.1). The client notes the address behind every 202; afterwards the
 * runners stored for this run's addresses must be exactly the accepted ones: none lost, none stored twice.
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
    const prefix = `load-${randomBytes(3).toString("hex")}-`;
    log(`load: ${options.seconds} s, ${connections} connections against http://127.0.0.1:${port}`);
    const run = await hammer(port, options.seconds, connections, prefix);
    await new Promise((r) => setTimeout(r, 500)); // let requests still in the server finish
    const deps = await buildDeps(benchConfig(engines, table));
    const stored = (await storedAddresses(deps)).filter((email) => email.startsWith(prefix));
    deps.ddb.destroy();
    return loadFigures(run, stored, options.seconds, connections);
  } finally {
    web.disconnect();
    await new Promise<void>((resolve) => (web.exitCode === null ? web.once("exit", () => resolve()) : resolve()));
    await engines.stop();
  }
};
