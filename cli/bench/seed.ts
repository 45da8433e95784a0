import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { BatchWriteCommand } from "@aws-sdk/lib-dynamodb";
import { dueAttributes } from "../../functions/adapters/dynamodb/runners.js";
import { runnerKey } from "../../functions/adapters/dynamodb/keys.js";
import type { Runner, RunnerStatus } from "../../functions/domain/profile.js";
import { randomPreferences } from "./sample-preferences.js";

/** Runner ids in the token alphabet (lower-case base32), unique per prefix and index. */
export const benchRunnerId = (prefix: string, i: number): string => `${prefix}${i.toString(32).padStart(8, "0")}`;

/**
 * A varied runner as the dispatcher finds it: active (or not), a programme week, a slot. `nextSendAt`
 * undefined leaves it out of the due index (as an unsubscribed or completed runner is).
 */
export const benchRunner = (
  random: () => number,
  input: { id: string; email: string; nextSendAt?: Date; status?: RunnerStatus; week?: number; createdAt: Date },
): Runner => ({
  id: input.id,
  email: input.email,
  name: `Runner ${input.id.slice(-4)}`,
  ...randomPreferences(random),
  status: input.status ?? "active",
  week: input.week ?? Math.floor(random() * 8),
  nextSendAt: input.nextSendAt?.toISOString(),
  createdAt: input.createdAt.toISOString(),
  confirmedAt: input.createdAt.toISOString(),
  consentAt: input.createdAt.toISOString(),
  consentSource: "bench",
  updatedAt: input.createdAt.toISOString(),
});

/** The profile item as the repository stores it, with the due-index attributes only while it has a slot. */
export const profileItem = (runner: Runner): Record<string, unknown> => ({
  ...runnerKey(runner.id),
  ...runner,
  ...(runner.status === "active" && runner.nextSendAt ? dueAttributes(runner.id, runner.nextSendAt) : {}),
});

/**
 * Writes items with BatchWriteItem, 25 a request and `concurrency` requests in flight, retrying
 * unprocessed items. Much faster than one PutItem per item; only for seeding benchmark tables.
 */
export const batchPut = async (
  doc: DynamoDBDocumentClient,
  table: string,
  items: AsyncIterable<Record<string, unknown>> | Iterable<Record<string, unknown>>,
  options: { concurrency?: number; onProgress?: (written: number) => void } = {},
): Promise<number> => {
  let written = 0;
  const inFlight = new Set<Promise<void>>();
  const write = async (batch: Record<string, unknown>[]): Promise<void> => {
    let requests = batch.map((Item) => ({ PutRequest: { Item } }));
    for (let attempt = 0; requests.length > 0; attempt++) {
      if (attempt > 10) throw new Error("BatchWriteItem kept returning unprocessed items");
      const out = await doc.send(new BatchWriteCommand({ RequestItems: { [table]: requests } }));
      requests = (out.UnprocessedItems?.[table] ?? []) as typeof requests;
      if (requests.length) await new Promise((r) => setTimeout(r, 20 * 2 ** attempt));
    }
    written += batch.length;
    options.onProgress?.(written);
  };
  let batch: Record<string, unknown>[] = [];
  const flush = async (): Promise<void> => {
    const p = write(batch).finally(() => inFlight.delete(p));
    p.catch(() => undefined); // awaited below through race/all; this only stops an early "unhandled" crash
    inFlight.add(p);
    batch = [];
    if (inFlight.size >= (options.concurrency ?? 8)) await Promise.race(inFlight);
  };
  for await (const item of items) {
    batch.push(item);
    if (batch.length === 25) await flush();
  }
  if (batch.length) await flush();
  await Promise.all(inFlight);
  return written;
};
