/**
 * `npm start`: the whole of Legwork on this machine, on embedded stand-ins for AWS.
 * dynalite (DynamoDB, persisted under .legwork/), aws-ses-v2-local (SES v2 + a web viewer), the web
 * Lambda behind a Function URL adapter. Ctrl-C stops everything cleanly.
 */
import type { Server } from "node:http";
import { applyLocalEnv, localDataDir, localPorts, removeLocalStackRecord, writeLocalStackRecord } from "./env.js";
import { close, dynamodbDataPath, startEngines } from "./stack.js";

const started = Date.now();
const ports = localPorts();
const dataDir = localDataDir();
applyLocalEnv(ports, dataDir);

const engines = await startEngines({
  dynamodbPort: ports.dynamodb,
  sesPort: ports.ses,
  dynamodbPath: dynamodbDataPath(dataDir),
  table: process.env["LEGWORK_TABLE"] ?? "legwork-runners",
  maxSendRate: Number(process.env["LEGWORK_LOCAL_MAX_SEND_RATE"] ?? 1000),
});

// Import the handlers only after the env points at the local engines: they read config at cold start.
const { serveFunctionUrl } = await import("./http-adapter.js");
const { startLocalReceipt, verdictsFromEnv } = await import("./smtp.js");
const { createRawMailStore } = await import("../../functions/adapters/raw-mail-store.js");
const { loadConfig } = await import("../../functions/config.js");
const { localContext } = await import("./lambda-context.js");
// Each function with its own deps, every AWS call checked against its role's CDK-synthesized policy.
const { guardedFunctions } = await import("./iam/local-functions.js");
const { web, dispatcher, inbound, webDeps } = await guardedFunctions(loadConfig());

const servers: Server[] = [];
const webServer = serveFunctionUrl(web);
await new Promise<void>((resolve, reject) => {
  webServer.once("error", reject);
  webServer.listen(ports.web, "127.0.0.1", () => resolve());
});
servers.push(webServer);

// Inbound mail: SMTP on loopback, stored as the S3 action would, then the same inbound handler.
const rawMail = createRawMailStore(loadConfig());
const receipt = await startLocalReceipt({
  port: ports.smtp,
  store: (key, raw) => rawMail.put(key, raw),
  invoke: async (event) => {
    const outcomes = await inbound(event, localContext("legwork-inbound", 30_000));
    // Say why a reply changed nothing, by runner id (never the address or the text), so a hand test is not left guessing.
    for (const o of outcomes ?? [])
      if (o.kind === "rejected" || o.kind === "ignored")
        process.stdout.write(`reply ${o.kind}: ${o.reason}${o.runnerId ? ` (runner ${o.runnerId})` : ""}\n`);
    return outcomes;
  },
  verdicts: () => verdictsFromEnv(process.env["LEGWORK_LOCAL_VERDICTS"]),
});

// The schedule: like EventBridge, run the dispatcher on a timer with the real time.
const tickSeconds = Number(process.env["LEGWORK_LOCAL_TICK_SECONDS"] ?? 60);
let ticking = false;
const tick = async (): Promise<void> => {
  if (ticking) return;
  ticking = true;
  try {
    const result = await dispatcher({ time: new Date().toISOString() }, localContext("legwork-dispatcher", 5 * 60_000));
    if (result.sent || result.failed) process.stdout.write(`dispatcher: ${JSON.stringify(result)}\n`);
  } catch (error) {
    process.stderr.write(`dispatcher failed: ${error instanceof Error ? error.message : String(error)}\n`);
  } finally {
    ticking = false;
  }
};
const timer = setInterval(() => void tick(), tickSeconds * 1000);

// Record the ports in the data folder: the CLI finds this stack by them, whatever ports it chose.
writeLocalStackRecord(dataDir, {
  ports: { ...ports, smtp: receipt.port },
  table: process.env["LEGWORK_TABLE"] ?? "legwork-runners",
  operatorEmails: process.env["LEGWORK_OPERATOR_EMAILS"] ?? "",
  pid: process.pid,
  startedAt: new Date().toISOString(),
});
const { devSignInLink } = await import("./dev-sign-in.js");
const signIn = await devSignInLink(`http://127.0.0.1:${ports.web}`, await webDeps());

process.stdout.write(
  [
    "",
    `Legwork is running (ready in ${Date.now() - started} ms)`,
    `  Signup page      http://127.0.0.1:${ports.web}/`,
    `  SES mail viewer  ${engines.sesEndpoint}/`,
    `  Replies (SMTP)   127.0.0.1:${receipt.port} (e.g. swaks --server 127.0.0.1:${receipt.port} --from <the runner's address> --to checkin+<token>@…)`,
    `  Dispatcher       every ${tickSeconds} s (or: npm run -s legwork -- tick --now <ISO>)`,
    `  DynamoDB         ${engines.dynamodbEndpoint} (table ${process.env["LEGWORK_TABLE"]}, data in ${dataDir})`,
    `  Operator admin   ${signIn ?? "set LEGWORK_OPERATOR_EMAILS to sign in at /admin"}`,
    "",
    "Press Ctrl-C to stop.",
    "",
  ].join("\n"),
);

let stopping = false;
const stop = async (signal: string): Promise<void> => {
  if (stopping) return;
  stopping = true;
  process.stdout.write(`\n${signal}: stopping Legwork…\n`);
  clearInterval(timer);
  removeLocalStackRecord(dataDir);
  await Promise.all([...servers.map(close), receipt.stop()]);
  await engines.stop();
  process.stdout.write("Stopped.\n");
  process.exit(0);
};
process.on("SIGINT", () => void stop("SIGINT"));
process.on("SIGTERM", () => void stop("SIGTERM"));
