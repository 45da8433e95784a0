import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { DEFAULT_VERDICTS, sesEvent } from "../../infra/local/smtp.js";
import type { FunctionName } from "./bundles.js";
import { BENCH_DIR } from "./bundles.js";

/**
 * One Lambda-style cold start in a fresh `node`: load the bundle, then handle one event. Plain Node
 * (no tsx), with --enable-source-maps as the stack sets NODE_OPTIONS. Prints one marked JSON line.
 */
const CHILD_SCRIPT = `
import { createRequire } from "node:module";
const [bundle, eventJson, name, externals] = process.argv.slice(2);
// Load as the Lambda runtime does: require for a CommonJS bundle, import for an ES module one.
const load = bundle.endsWith(".mjs") ? (m) => import(m) : createRequire(bundle);
const t0 = performance.now();
// The AWS SDK packages the bundle loads at init, first: the same modules load either way, this only splits the time.
for (const m of JSON.parse(externals)) await load(m);
const tSdk = performance.now();
const { handler } = await load(bundle);
const t1 = performance.now();
const deadline = Date.now() + 30000;
const context = {
  callbackWaitsForEmptyEventLoop: false, functionName: name, functionVersion: "$LATEST",
  invokedFunctionArn: "arn:aws:lambda:local:000000000000:function:" + name, memoryLimitInMB: "512",
  awsRequestId: crypto.randomUUID(), logGroupName: "/aws/lambda/" + name, logStreamName: "bench",
  getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()), done() {}, fail() {}, succeed() {},
};
let ok = true, detail;
try { detail = await handler(JSON.parse(eventJson), context); } catch (error) { ok = false; detail = String(error && error.stack || error); }
const t2 = performance.now();
process.stdout.write("\\nBENCH_RESULT " + JSON.stringify({ sdkMs: tSdk - t0, bundleMs: t1 - tSdk, importMs: t1 - t0, handleMs: t2 - t1, totalMs: t2 - t0, ok, detail }) + "\\n");
`;

/** An SES receipt event for one inbound message, every verdict PASS (the raw bytes live in the reply store). */
export const inboundEvent = (input: { messageId: string; from: string; to: string; now: Date }): unknown =>
  sesEvent({
    messageId: input.messageId,
    from: input.from,
    recipients: [input.to],
    verdicts: DEFAULT_VERDICTS,
    at: input.now,
    bucketKey: `inbound/${input.messageId}`,
  });

/** A Function URL GET /health, the web function's cheapest real answer. */
const healthRequest = (now: Date): unknown => ({
  version: "2.0",
  routeKey: "$default",
  rawPath: "/health",
  rawQueryString: "",
  headers: { host: "127.0.0.1", "user-agent": "legwork-bench" },
  requestContext: {
    accountId: "anonymous",
    apiId: "bench",
    domainName: "127.0.0.1",
    domainPrefix: "bench",
    http: { method: "GET", path: "/health", protocol: "HTTP/1.1", sourceIp: "127.0.0.1", userAgent: "legwork-bench" },
    requestId: randomUUID(),
    routeKey: "$default",
    stage: "$default",
    time: now.toUTCString(),
    timeEpoch: now.getTime(),
  },
  isBase64Encoded: false,
});

/** An SES delivery event as SNS hands it to the feedback function (it records nothing for a delivery). */
const deliveryNotification = (now: Date): unknown => {
  const message = JSON.stringify({
    eventType: "Delivery",
    mail: {
      messageId: `bench-${randomUUID()}`,
      timestamp: now.toISOString(),
      source: "coach@legwork.example",
      destination: ["nobody@bench.example.com"],
    },
    delivery: {
      timestamp: now.toISOString(),
      recipients: ["nobody@bench.example.com"],
      processingTimeMillis: 100,
      smtpResponse: "250 ok",
    },
  });
  return {
    Records: [
      {
        EventSource: "aws:sns",
        EventVersion: "1.0",
        EventSubscriptionArn: "arn:aws:sns:local:000000000000:feedback:bench",
        Sns: {
          Type: "Notification",
          MessageId: randomUUID(),
          TopicArn: "arn:aws:sns:local:000000000000:feedback",
          Subject: null,
          Message: message,
          Timestamp: now.toISOString(),
          SignatureVersion: "1",
          Signature: "",
          SigningCertUrl: "",
          UnsubscribeUrl: "",
          MessageAttributes: {},
        },
      },
    ],
  };
};

const FIRST_EVENTS: Record<FunctionName, (now: Date) => unknown> = {
  web: healthRequest,
  dispatcher: (now) => ({ time: now.toISOString() }),
  inbound: (now) =>
    inboundEvent({
      messageId: `bench-missing-${randomUUID()}`,
      from: "runner@example.com",
      to: "checkin+x@reply.legwork.example",
      now,
    }),
  feedback: deliveryNotification,
  sender: () => ({ Records: [] }),
};

/** The first request each function sees in the cold-start runs (the bench gives inbound a real reply instead). */
export const coldStartEvent = (name: FunctionName, now: Date): unknown => FIRST_EVENTS[name](now);

export interface ColdStartRun {
  /** Loading the AWS SDK packages the bundle imports (provided by the Lambda runtime, outside the bundle). */
  sdkMs: number;
  /** Loading and evaluating the bundle itself. */
  bundleMs: number;
  importMs: number;
  handleMs: number;
  totalMs: number;
  /** Spawn to exit, including Node's own start (which Lambda's runtime does before the init phase). */
  processMs: number;
  ok: boolean;
  detail: unknown;
}

const childFile = (): string => {
  const file = path.join(BENCH_DIR, "cold-start-child.mjs");
  mkdirSync(BENCH_DIR, { recursive: true });
  writeFileSync(file, CHILD_SCRIPT);
  return file;
};

const once = (
  child: string,
  bundle: string,
  name: FunctionName,
  externals: string[],
  env: Record<string, string>,
  event: unknown,
): Promise<ColdStartRun> =>
  new Promise((resolve, reject) => {
    // e.g. LEGWORK_BENCH_COLD_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" to profile each cold start.
    const extra = (process.env["LEGWORK_BENCH_COLD_NODE_ARGS"] ?? "").split(/\s+/).filter(Boolean);
    const start = performance.now();
    const proc = spawn(
      process.execPath,
      [...extra, "--enable-source-maps", child, bundle, JSON.stringify(event), name, JSON.stringify(externals)],
      {
        env: { PATH: process.env["PATH"] ?? "", ...env, POWERTOOLS_SERVICE_NAME: `legwork-${name}` },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let out = "";
    let err = "";
    proc.stdout.on("data", (d: Buffer) => (out += d.toString()));
    proc.stderr.on("data", (d: Buffer) => (err += d.toString()));
    proc.once("error", reject);
    proc.once("exit", (code) => {
      const processMs = performance.now() - start;
      const line = out.split("\n").find((l) => l.startsWith("BENCH_RESULT "));
      if (!line) {
        reject(new Error(`cold start of ${name} printed no result (exit ${code}): ${err.slice(-400)}`));
        return;
      }
      resolve({ ...(JSON.parse(line.slice("BENCH_RESULT ".length)) as Omit<ColdStartRun, "processMs">), processMs });
    });
  });

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

export interface ColdStart {
  /** Median of import + first request, ms (the Lambda init phase plus the first invoke). */
  ms: number;
  sdkMs: number;
  bundleMs: number;
  importMs: number;
  handleMs: number;
  /** Median spawn-to-exit of the whole `node` process, ms. */
  processMs: number;
  runs: number;
}

/**
 * Median over `runs` fresh processes; every run must handle its event without throwing. `event`
 * makes each run's first request (default: coldStartEvent), so a run can get fresh data of its own.
 */
export const measureColdStart = async (
  name: FunctionName,
  bundle: string,
  externals: string[],
  env: Record<string, string>,
  runs: number,
  check: (detail: unknown) => boolean = () => true,
  event: () => Promise<unknown> = async () => coldStartEvent(name, new Date()),
): Promise<ColdStart> => {
  const child = childFile();
  const results: ColdStartRun[] = [];
  for (let i = 0; i < runs; i++) {
    const run = await once(child, bundle, name, externals, env, await event());
    if (!run.ok || !check(run.detail))
      throw new Error(`cold start of ${name}: unexpected result ${JSON.stringify(run.detail).slice(0, 300)}`);
    results.push(run);
  }
  const round = (n: number): number => Number(n.toFixed(1));
  return {
    ms: round(median(results.map((r) => r.totalMs))),
    sdkMs: round(median(results.map((r) => r.sdkMs))),
    bundleMs: round(median(results.map((r) => r.bundleMs))),
    importMs: round(median(results.map((r) => r.importMs))),
    handleMs: round(median(results.map((r) => r.handleMs))),
    processMs: round(median(results.map((r) => r.processMs))),
    runs,
  };
};
