import type { Server } from "node:http";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { AddressInfo } from "node:net";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import dynalite from "dynalite";
import * as sesLocalModule from "aws-ses-v2-local";
import { ensureTable } from "../../functions/adapters/dynamodb/table.js";

export interface EnginesOptions {
  dynamodbPort: number;
  sesPort: number;
  /** LevelDB folder for dynalite; in memory when omitted. */
  dynamodbPath?: string;
  table: string;
  /** What SES GetAccount reports as MaxSendRate locally. */
  maxSendRate?: number;
}

type SesFactory = (config: { host: string; port: number }) => Promise<Server>;

export interface Engines {
  dynamodbEndpoint: string;
  sesEndpoint: string;
  stop(): Promise<void>;
}

const listen = (server: Server, port: number): Promise<number> =>
  new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve((server.address() as AddressInfo).port));
  });

export const close = (server: Server): Promise<void> =>
  new Promise((resolve) => {
    server.closeAllConnections?.();
    server.close(() => resolve());
  });

/**
 * aws-ses-v2-local on loopback. Its GetAccount answers from AWS_SES_ACCOUNT, so the local account
 * reports a MaxSendRate the dispatcher paces to.
 */
export const startLocalSes = async (port: number, maxSendRate = 1000): Promise<{ endpoint: string; server: Server }> => {
  process.env["AWS_SES_ACCOUNT"] ??= JSON.stringify({
    DedicatedIpAutoWarmupEnabled: false,
    Details: {
      AdditionalContactEmailAddresses: [],
      ContactLanguage: "EN",
      MailType: "TRANSACTIONAL",
      ReviewDetails: { CaseId: "local", Status: "GRANTED" },
      UseCaseDescription: "Legwork local stack",
      WebsiteURL: "http://127.0.0.1",
    },
    EnforcementStatus: "HEALTHY",
    ProductionAccessEnabled: true,
    SendingEnabled: true,
    SendQuota: { Max24HourSend: 1_000_000, MaxSendRate: maxSendRate, SentLast24Hours: 0 },
    SuppressionAttributes: { SuppressedReasons: ["BOUNCE", "COMPLAINT"] },
  });
  // CommonJS interop: the server factory is the module's `default` export (nested once more under ESM).
  const sesModule = sesLocalModule as unknown as { default: SesFactory | { default: SesFactory } };
  const sesLocal: SesFactory = typeof sesModule.default === "function" ? sesModule.default : sesModule.default.default;
  const server = await sesLocal({ host: "127.0.0.1", port });
  return { endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
};

/** dynalite on loopback (in memory, or LevelDB under `path`), with the table created (idempotent). */
export const startLocalDynamo = async (port: number, table: string, path?: string): Promise<{ endpoint: string; server: Server }> => {
  if (path) mkdirSync(path, { recursive: true });
  const server: Server = dynalite({ path, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  const endpoint = `http://127.0.0.1:${await listen(server, port)}`;
  const client = new DynamoDBClient({ region: "eu-west-1", endpoint, credentials: { accessKeyId: "local", secretAccessKey: "local" } });
  await ensureTable(client, table);
  client.destroy();
  return { endpoint, server };
};

/** Starts dynalite and aws-ses-v2-local on loopback and creates the table (idempotent). */
export const startEngines = async (options: EnginesOptions): Promise<Engines> => {
  const dynamo = await startLocalDynamo(options.dynamodbPort, options.table, options.dynamodbPath);
  const ses = await startLocalSes(options.sesPort, options.maxSendRate);
  return {
    dynamodbEndpoint: dynamo.endpoint,
    sesEndpoint: ses.endpoint,
    stop: async () => {
      await Promise.all([close(dynamo.server), close(ses.server)]);
    },
  };
};

export const dynamodbDataPath = (dataDir: string): string => join(dataDir, "dynamodb");
