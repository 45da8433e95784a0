import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { DynamoDBClient, ListTablesCommand } from "@aws-sdk/client-dynamodb";
import { ensureTable } from "../../functions/adapters/dynamodb/table.js";
import { close, startLocalSes } from "../../infra/local/stack.js";
import { freePort } from "./free-port.js";

/**
 * The second engine: the official DynamoDB Local (the jar shipped inside the npm package
 * amplify-dynamodb-simulator, run in memory with Java 17+) instead of dynalite, plus aws-ses-v2-local,
 * on free loopback ports, with the same environment as tests/support/global-setup.ts.
 * DynamoDB Local enforces what dynalite does not (reserved words, item size, ReturnValues, key rules).
 * Used by vitest.ddb-local.config.ts (`npm run test:dynamodb-local`), after tests/support/system-packages.ts
 * has made sure Java 17+ is there.
 */

const SHARED_TABLE = "legwork-test-shared";
const START_TIMEOUT_MS = 60_000;

const emulatorDir = (): string => {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve("amplify-dynamodb-simulator/package.json")), "emulator");
};

/** Starts DynamoDB Local in memory and resolves once it answers ListTables. */
const startDynamoDbLocal = async (): Promise<{ endpoint: string; process: ChildProcess; stop: () => Promise<void> }> => {
  const dir = emulatorDir();
  const port = await freePort();
  const output: string[] = [];
  const java = spawn(
    "java",
    [
      `-Djava.library.path=${join(dir, "DynamoDBLocal_lib")}`,
      "-jar",
      join(dir, "DynamoDBLocal.jar"),
      "-inMemory",
      "-port",
      String(port),
      "-disableTelemetry",
    ],
    { cwd: dir, stdio: ["ignore", "pipe", "pipe"] },
  );
  java.stdout?.on("data", (chunk: Buffer) => output.push(chunk.toString()));
  java.stderr?.on("data", (chunk: Buffer) => output.push(chunk.toString()));
  let exited: number | null | undefined;
  java.once("exit", (code) => {
    exited = code;
  });

  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({
    region: "eu-west-1",
    endpoint,
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
    maxAttempts: 1,
  });
  const deadline = Date.now() + START_TIMEOUT_MS;
  try {
    for (;;) {
      if (exited !== undefined) throw new Error(`DynamoDB Local exited (${exited}) before it was ready:\n${output.join("")}`);
      try {
        await client.send(new ListTablesCommand({}));
        break;
      } catch {
        if (Date.now() > deadline)
          throw new Error(`DynamoDB Local did not answer on ${endpoint} within ${START_TIMEOUT_MS} ms:\n${output.join("")}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
  } catch (error) {
    java.kill("SIGKILL");
    throw error;
  } finally {
    client.destroy();
  }

  const stop = async (): Promise<void> => {
    if (exited !== undefined) return;
    const gone = new Promise<void>((resolve) => java.once("exit", () => resolve()));
    java.kill("SIGTERM");
    const timer = setTimeout(() => java.kill("SIGKILL"), 5_000);
    await gone;
    clearTimeout(timer);
  };
  return { endpoint, process: java, stop };
};

/** aws-ses-v2-local, as infra/local/stack.ts starts it. */
const startSes = async (): Promise<{ endpoint: string; stop: () => Promise<void> }> => {
  const { endpoint, server } = await startLocalSes(0);
  return { endpoint, stop: () => close(server) };
};

export default async function setup(): Promise<() => Promise<void>> {
  // Before the engines start: creating their table loads the SDK, which warns about Node 20 once.
  process.env["AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED"] = "true";
  const replies = mkdtempSync(join(tmpdir(), "legwork-replies-"));
  const dynamodb = await startDynamoDbLocal();
  const ses = await startSes().catch(async (error: unknown) => {
    await dynamodb.stop();
    throw error;
  });
  const client = new DynamoDBClient({
    region: "eu-west-1",
    endpoint: dynamodb.endpoint,
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
  await ensureTable(client, SHARED_TABLE);
  client.destroy();
  Object.assign(process.env, {
    AWS_REGION: "eu-west-1",
    AWS_ACCESS_KEY_ID: "local",
    AWS_SECRET_ACCESS_KEY: "local",
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    DYNAMODB_ENDPOINT: dynamodb.endpoint,
    SES_ENDPOINT: ses.endpoint,
    LEGWORK_BASE_URL: "https://coach.legwork.example",
    LEGWORK_TOKEN_KEYS: JSON.stringify({ current: "t1", t1: randomBytes(32).toString("hex") }),
    LEGWORK_REPLY_STORE_DIR: replies,
    POWERTOOLS_LOG_LEVEL: process.env["POWERTOOLS_LOG_LEVEL"] ?? "ERROR",
    LEGWORK_TEST_DYNAMODB_ENGINE: "dynamodb-local",
  });
  console.log(`DynamoDB Local (in memory) on ${dynamodb.endpoint}, pid ${dynamodb.process.pid}; aws-ses-v2-local on ${ses.endpoint}`);
  return async () => {
    await Promise.all([dynamodb.stop(), ses.stop()]);
    rmSync(replies, { recursive: true, force: true });
  };
}
