import { randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { SESv2ClientConfig } from "@aws-sdk/client-sesv2";
import { SESv2Client } from "@aws-sdk/client-sesv2";
import { BatchWriteCommand } from "@aws-sdk/lib-dynamodb";
import type { InboundInput } from "../../functions/app/inbound.js";
import { Links } from "../../functions/app/links.js";
import type { Config } from "../../functions/config.js";
import type { Runner } from "../../functions/domain/profile.js";
import type { Deps } from "../../functions/wiring.js";
import { SES_SEND_MAX_ATTEMPTS } from "../../functions/wiring.js";
import { scanTable } from "../support/stack.js";

/** A small seeded PRNG (mulberry32): the same seed gives the same stream of numbers. */
export const seededRandom = (seed: number): (() => number) => {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
};

/** One raw message that the SES stand-in accepted. */
export interface AcceptedEmail {
  raw: Buffer;
  /** The Message-ID header as built by Legwork, e.g. `<week3.abc123@legwork.example>`. */
  messageId: string;
}

/** The Message-ID header of a raw MIME message (Legwork's ids are plain ASCII, never folded). */
export const messageIdOf = (raw: Buffer): string => {
  const head = raw.subarray(0, Math.max(0, raw.indexOf("\r\n\r\n"))).toString("latin1");
  return /^Message-ID:\s*(<[^>\r\n]+>)/im.exec(head)?.[1] ?? "";
};

/**
 * An SES v2 client whose transport accepts every SendEmail in-process and records the raw MIME, instead
 * of posting it to aws-ses-v2-local. The SDK's own serialisation, middleware and deserialisation all run;
 * only the socket is replaced. Used where thousands of emails would otherwise land in the shared
 * aws-ses-v2-local store that every other test file downloads whole. Configured as the weekly sender's
 * client (SES_SEND_MAX_ATTEMPTS: the SDK never sends an email twice inside one call).
 */
export const acceptingSes = (config: Config, onAccept: (email: AcceptedEmail) => void = () => undefined): SESv2Client => {
  const handler = {
    handle: async (request: { path?: string; body?: unknown }) => {
      let body = "{}";
      if (request.path?.endsWith("/outbound-emails")) {
        // The SDK hands a Uint8Array subclass that warns on string methods: read its bytes directly.
        const bytes = request.body as Uint8Array | string;
        const text = typeof bytes === "string" ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8");
        const input = JSON.parse(text) as { Content?: { Raw?: { Data?: string } } };
        const raw = Buffer.from(input.Content?.Raw?.Data ?? "", "base64");
        onAccept({ raw, messageId: messageIdOf(raw) });
        body = JSON.stringify({ MessageId: randomUUID() });
      } else if (request.path?.endsWith("/account")) {
        body = JSON.stringify({ SendQuota: { MaxSendRate: 1000, Max24HourSend: 1_000_000, SentLast24Hours: 0 } });
      }
      return {
        response: { statusCode: 200, headers: { "content-type": "application/json" }, body: Readable.from([Buffer.from(body)]) },
      };
    },
    updateHttpClientConfig: () => undefined,
    httpHandlerConfigs: () => ({}),
    destroy: () => undefined,
  };
  return new SESv2Client({
    region: config.AWS_REGION,
    endpoint: "http://ses.stand-in.invalid",
    maxAttempts: SES_SEND_MAX_ATTEMPTS,
    requestHandler: handler as unknown as SESv2ClientConfig["requestHandler"],
  });
};

/**
 * Keeps the client's own retry strategy (attempt budget, retry quota, which errors are retried) and only
 * shortens the backoff sleeps, so a test with thousands of throttled calls runs in seconds. Fails loudly
 * if the SDK's strategy no longer has the shape this relies on.
 */
export const compressBackoff = async (client: DynamoDBClient | SESv2Client, delayMs = 1): Promise<void> => {
  const strategy = (await client.config.retryStrategy()) as { retryBackoffStrategy?: { computeNextBackoffDelay?: (i: number) => number } };
  if (typeof strategy.retryBackoffStrategy?.computeNextBackoffDelay !== "function")
    throw new Error("the SDK retry strategy changed shape: update compressBackoff");
  strategy.retryBackoffStrategy.computeNextBackoffDelay = () => delayMs;
};

/** Writes items with BatchWriteItem, 25 at a time, `concurrency` batches in flight, retrying unprocessed items. */
export const batchPut = async (deps: Deps, items: Record<string, unknown>[], concurrency = 8): Promise<void> => {
  const batches: Record<string, unknown>[][] = [];
  for (let i = 0; i < items.length; i += 25) batches.push(items.slice(i, i + 25));
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < batches.length) {
      let pending = batches[next++]!.map((Item) => ({ PutRequest: { Item } }));
      while (pending.length) {
        const out = await deps.doc.send(new BatchWriteCommand({ RequestItems: { [deps.config.LEGWORK_TABLE]: pending } }));
        pending = (out.UnprocessedItems?.[deps.config.LEGWORK_TABLE] ?? []) as typeof pending;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
};

/** Deletes every item in the table (to bring a fuzzed table back to empty after an accepted input). */
export const emptyTable = async (deps: Deps): Promise<void> => {
  const items = await scanTable(deps);
  for (let i = 0; i < items.length; i += 25) {
    const requests = items.slice(i, i + 25).map((item) => ({ DeleteRequest: { Key: { pk: item["pk"], sk: item["sk"] } } }));
    let pending = requests;
    while (pending.length) {
      const out = await deps.doc.send(new BatchWriteCommand({ RequestItems: { [deps.config.LEGWORK_TABLE]: pending } }));
      pending = (out.UnprocessedItems?.[deps.config.LEGWORK_TABLE] ?? []) as typeof pending;
    }
  }
};

/**
 * What the inbound handler gets when `runner` replies with `text` to their signed reply address: a plain
 * text message from their own address, with SES verdicts that pass.
 */
export const replyDelivery = (deps: Deps, runner: Runner, messageId: string, text: string, now: Date): InboundInput => {
  const links = new Links(deps.keys, deps.config.LEGWORK_BASE_URL ?? "http://127.0.0.1:3000", deps.config.LEGWORK_REPLY_DOMAIN);
  const to = links.replyTo(runner.id, now);
  const raw = [
    `From: Runner <${runner.email}>`,
    `To: ${to}`,
    "Subject: Re: your coaching email",
    `Message-ID: <${messageId}@mail.example.net>`,
    `Date: ${now.toUTCString()}`,
    "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=utf-8",
    "Content-Transfer-Encoding: 8bit",
    "",
    text,
    "",
  ].join("\r\n");
  return {
    messageId,
    receivedAt: now.toISOString(),
    recipients: [to],
    verdicts: { spam: "PASS", virus: "PASS", spf: "PASS", dkim: "PASS", dmarc: "PASS" },
    raw: Buffer.from(raw),
  };
};

/** Every DynamoDB operation that can change the table. */
const WRITES = /^(Put|Update|Delete|BatchWrite|TransactWrite)/;

/**
 * A DynamoDB client for a function under test that counts every write it sends (conditional ones
 * included): "this request changed nothing" checked per case, without a Scan per case.
 * @example const counted = writeCountingClient(config); deps = await testDeps({ config, clients: { ddb: counted.client } }); … counted.writes
 */
export const writeCountingClient = (config: Config): { client: DynamoDBClient; writes: number } => {
  const counted = { client: new DynamoDBClient({ region: config.AWS_REGION, endpoint: config.DYNAMODB_ENDPOINT }), writes: 0 };
  counted.client.middlewareStack.add(
    (next, context) => async (args) => {
      if (WRITES.test(String(context.commandName))) counted.writes++;
      return next(args);
    },
    { step: "initialize", name: "countWrites" },
  );
  return counted;
};
