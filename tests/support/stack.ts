import { randomBytes } from "node:crypto";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, ScanCommand } from "@aws-sdk/lib-dynamodb";
import { ensureTable } from "../../functions/adapters/dynamodb/table.js";
import type { Config } from "../../functions/config.js";
import { loadConfig } from "../../functions/config.js";
import type { Clients, Deps } from "../../functions/wiring.js";
import { buildDeps } from "../../functions/wiring.js";
import type { FunctionName } from "../../infra/local/iam/policies.js";
import { policiesFromEnv } from "../../infra/local/iam/policies.js";
import { roleGuard } from "../../infra/local/iam/roles.js";

/** A fresh table on the shared dynalite, so each test file sees only its own data. */
export const freshConfig = async (overrides: Partial<Record<keyof Config, string>> = {}): Promise<Config> => {
  const table = `legwork-test-${randomBytes(5).toString("hex")}`;
  const config = loadConfig({ ...process.env, LEGWORK_TABLE: table, ...overrides });
  const client = new DynamoDBClient({ region: config.AWS_REGION, endpoint: config.DYNAMODB_ENDPOINT });
  await ensureTable(client, table);
  client.destroy();
  return config;
};

/**
 * Real dependencies against the local engines, with an optional fixed clock and injected clients. With
 * `role`, every AWS call is checked against that function's CDK-synthesized IAM policy first (a call the
 * deployed function could not make fails with AccessDeniedException, as in AWS).
 */
export const testDeps = async (
  options: { config?: Config; now?: () => Date; clients?: Partial<Clients>; role?: FunctionName } = {},
): Promise<Deps> => {
  const config = options.config ?? (await freshConfig());
  const clientHook = options.role ? roleGuard(policiesFromEnv(), options.role, { table: config.LEGWORK_TABLE }).hook : undefined;
  return buildDeps(config, { ...options.clients, ...(options.now ? { now: options.now } : {}), ...(clientHook ? { clientHook } : {}) });
};

/**
 * Every item in the table, sorted, for "nothing changed" assertions. Through a client of its own: the
 * test reads the table, not the function, so a function role's guard does not apply.
 */
export const scanTable = async (deps: Deps): Promise<Record<string, unknown>[]> => {
  const items: Record<string, unknown>[] = [];
  const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ region: deps.config.AWS_REGION, endpoint: deps.config.DYNAMODB_ENDPOINT }));
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await doc.send(new ScanCommand({ TableName: deps.config.LEGWORK_TABLE, ExclusiveStartKey: startKey }));
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  doc.destroy();
  return items.sort((a, b) => `${a["pk"]}|${a["sk"]}`.localeCompare(`${b["pk"]}|${b["sk"]}`));
};

export interface StoredEmail {
  messageId: string;
  from: string;
  replyTo: string[];
  destination: { to: string[] };
  subject: string;
  body: { html?: string; text?: string };
  at: number;
}

/**
 * When this test file started, in epoch seconds (a second early): every email it looks for was sent
 * after that, so it reads only the store's newer mail, not all that earlier files left in it. Files
 * share a worker's modules, so the per-file setup (tests/support/per-file.ts) sets it for each file.
 */
let fileStartedS = Math.floor(Date.now() / 1000) - 1;
export const markFileStart = (): void => {
  fileStartedS = Math.floor(Date.now() / 1000) - 1;
};

/** Emails that aws-ses-v2-local accepted for one recipient since this file started, oldest first. */
export const emailsTo = async (address: string): Promise<StoredEmail[]> => {
  const res = await fetch(`${process.env["SES_ENDPOINT"]}/store?since=${fileStartedS}`);
  const { emails } = (await res.json()) as { emails: StoredEmail[] };
  return emails.filter((e) => e.destination.to.some((t) => t.toLowerCase().includes(address.toLowerCase())));
};

/** A unique address per test, so tests sharing the SES store never see each other's mail. */
export const uniqueEmail = (label = "runner"): string => `${label}.${randomBytes(4).toString("hex")}@example.com`;
