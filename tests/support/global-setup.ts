import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEngines } from "../../infra/local/stack.js";

/**
 * Starts the real local engines once for the whole run: dynalite (in memory) and aws-ses-v2-local,
 * on free loopback ports. Test files reach them through the env set here.
 */
export default async function setup(): Promise<() => Promise<void>> {
  // Before the engines start: creating their table loads the SDK, which warns about Node 20 once.
  process.env["AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED"] = "true";
  const replies = mkdtempSync(join(tmpdir(), "legwork-replies-"));
  const engines = await startEngines({ dynamodbPort: 0, sesPort: 0, table: "legwork-test-shared", maxSendRate: 1000 });
  Object.assign(process.env, {
    AWS_REGION: "eu-west-1",
    AWS_ACCESS_KEY_ID: "local",
    AWS_SECRET_ACCESS_KEY: "local",
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    DYNAMODB_ENDPOINT: engines.dynamodbEndpoint,
    SES_ENDPOINT: engines.sesEndpoint,
    LEGWORK_BASE_URL: "https://coach.legwork.example",
    LEGWORK_TOKEN_KEYS: JSON.stringify({ current: "t1", t1: randomBytes(32).toString("hex") }),
    LEGWORK_REPLY_STORE_DIR: replies,
    POWERTOOLS_LOG_LEVEL: process.env["POWERTOOLS_LOG_LEVEL"] ?? "ERROR",
  });
  return async () => {
    await engines.stop();
    rmSync(replies, { recursive: true, force: true });
  };
}
