import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
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

/** The dev operator `npm start` lets sign in to /admin unless LEGWORK_OPERATOR_EMAILS says otherwise. */
export const DEV_OPERATOR = "operator@legwork.example";

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
  LEGWORK_OPERATOR_EMAILS: DEV_OPERATOR,
  POWERTOOLS_LOG_LEVEL: "WARN",
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
});

/** Local env with anything already set in the environment taking precedence. */
export const applyLocalEnv = (ports = localPorts(), dataDir = localDataDir()): Record<string, string> => {
  const env = localEnv(ports, dataDir);
  for (const [k, v] of Object.entries(env)) process.env[k] ??= v;
  return env;
};

/** What `npm start` records in its data folder, so the CLI finds the stack it started (any ports). */
export interface LocalStackRecord {
  ports: LocalPorts;
  table: string;
  operatorEmails: string;
  pid: number;
  startedAt: string;
}

const RECORD_FILE = "local-stack.json";

export const writeLocalStackRecord = (dataDir: string, record: LocalStackRecord): void => {
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(join(dataDir, RECORD_FILE), JSON.stringify(record, null, 2), { mode: 0o600 });
};

/** Removes the record only if it is this process's (a second `npm start` may have replaced it). */
export const removeLocalStackRecord = (dataDir: string, pid = process.pid): void => {
  if (readLocalStackRecord(dataDir)?.pid === pid) rmSync(join(dataDir, RECORD_FILE), { force: true });
};

/** The record of the running local stack, or undefined when none is recorded (or it is unreadable). */
export const readLocalStackRecord = (dataDir: string): LocalStackRecord | undefined => {
  try {
    const record = JSON.parse(readFileSync(join(dataDir, RECORD_FILE), "utf8")) as LocalStackRecord;
    return typeof record.ports?.web === "number" ? record : undefined;
  } catch {
    return undefined;
  }
};

/**
 * The environment for an operator command on the local stack: the ports and operator list `npm start`
 * recorded (all four ports together, never a mix with defaults), else the env's ports. A LEGWORK_*,
 * *_ENDPOINT or AWS_* variable already set wins.
 */
export const applyRecordedLocalEnv = (dataDir = localDataDir()): Record<string, string> => {
  const record = readLocalStackRecord(dataDir);
  if (record) {
    process.env["LEGWORK_TABLE"] ??= record.table;
    process.env["LEGWORK_OPERATOR_EMAILS"] ??= record.operatorEmails;
  }
  return applyLocalEnv(record?.ports ?? localPorts(), dataDir);
};
