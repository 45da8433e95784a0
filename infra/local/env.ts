import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** Ports of the local stack; each can be changed by env, with these defaults. */
export interface LocalPorts {
  web: number;
  ses: number;
  dynamodb: number;
  smtp: number;
}

const port = (value: string | undefined, fallback: number): number => {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 && n < 65536 ? n : fallback;
};

export const localPorts = (env: Record<string, string | undefined> = process.env): LocalPorts => ({
  web: port(env["PORT"], 3000),
  ses: port(env["SES_PORT"], 8005),
  dynamodb: port(env["DYNAMODB_PORT"], 8000),
  smtp: port(env["SMTP_PORT"], 2525),
});

/** The git-ignored folder for local data: DynamoDB files, stored replies and dev token keys. */
export const localDataDir = (env: Record<string, string | undefined> = process.env): string =>
  env["LEGWORK_DATA_DIR"] ?? join(process.cwd(), ".legwork");

/** Dev-only token keys, made once per checkout so links in old local emails keep working. */
export const localTokenKeys = (dataDir: string): string => {
  const file = join(dataDir, "token-keys.json");
  if (existsSync(file)) return readFileSync(file, "utf8");
  mkdirSync(dataDir, { recursive: true });
  const keys = JSON.stringify({ current: "dev1", dev1: randomBytes(32).toString("hex") });
  writeFileSync(file, keys, { mode: 0o600 });
  return keys;
};

/** Environment that points Legwork's config at the embedded stand-ins for AWS. */
export const localEnv = (ports: LocalPorts, dataDir: string): Record<string, string> => ({
  AWS_REGION: "eu-west-1",
  AWS_ACCESS_KEY_ID: "local",
  AWS_SECRET_ACCESS_KEY: "local",
  LEGWORK_TABLE: "legwork-runners",
  DYNAMODB_ENDPOINT: `http://127.0.0.1:${ports.dynamodb}`,
  SES_ENDPOINT: `http://127.0.0.1:${ports.ses}`,
  LEGWORK_BASE_URL: `http://127.0.0.1:${ports.web}`,
  LEGWORK_TOKEN_KEYS: localTokenKeys(dataDir),
  LEGWORK_REPLY_STORE_DIR: join(dataDir, "replies"),
  POWERTOOLS_LOG_LEVEL: "WARN",
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
});

/** Local env with anything already set in the environment taking precedence. */
export const applyLocalEnv = (ports = localPorts(), dataDir = localDataDir()): Record<string, string> => {
  const env = localEnv(ports, dataDir);
  for (const [k, v] of Object.entries(env)) process.env[k] ??= v;
  return env;
};
