import { randomBytes } from "node:crypto";
import type { Config } from "../../functions/config.js";
import { loadConfig } from "../../functions/config.js";
import type { BenchEngines } from "./engines.js";

/** The SDK needs some credentials; the local engines accept any. */
export const useLocalCredentials = (): void => {
  process.env["AWS_ACCESS_KEY_ID"] ??= "local";
  process.env["AWS_SECRET_ACCESS_KEY"] ??= "local";
  process.env["AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED"] ??= "true";
};

/** Environment for Legwork against bench engines: fresh token keys, no endpoint outside loopback. */
export const benchEnv = (
  engines: Pick<BenchEngines, "dynamodbEndpoint" | "sesEndpoint">,
  table: string,
  extra: Record<string, string> = {},
): Record<string, string> => ({
  AWS_REGION: "eu-west-1",
  AWS_ACCESS_KEY_ID: "local",
  AWS_SECRET_ACCESS_KEY: "local",
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
  LEGWORK_TABLE: table,
  DYNAMODB_ENDPOINT: engines.dynamodbEndpoint,
  SES_ENDPOINT: engines.sesEndpoint,
  LEGWORK_BASE_URL: "https://coach.legwork.example",
  LEGWORK_TOKEN_KEYS: JSON.stringify({ current: "bench", bench: randomBytes(32).toString("hex") }),
  ...extra,
});

export const benchConfig = (
  engines: Pick<BenchEngines, "dynamodbEndpoint" | "sesEndpoint">,
  table: string,
  extra: Record<string, string> = {},
): Config => loadConfig(benchEnv(engines, table, extra));
