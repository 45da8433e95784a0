import type { DynamoDBDocumentClient, UpdateCommandInput } from "@aws-sdk/lib-dynamodb";
import { QueryCommand, ScanCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { Runner } from "../../domain/profile.js";
import { isConditionFailure } from "./errors.js";
import { DUE_SHARDS, GSI_DUE, toRunner } from "./keys.js";

/**
 * Runners whose index sort key is at or before `now` under `<prefix><shard>` for every shard of the
 * sparse index (DUE# for sends, PAUSED# for wake-ups): Queries page by page, never a Scan. The first
 * page of every shard is asked for at once, so an empty tick costs one round trip, not one a shard;
 * further pages follow shard by shard. `onRead` sees how many items each page read, when it arrives
 * (a prefetched page counts even if the caller stops before reading it), for cost accounting.
 */
export async function* queryShardsUpTo(
  doc: DynamoDBDocumentClient,
  table: string,
  input: {
    prefix: string;
    now: Date;
    pageSize?: number;
    onRead?: (items: number) => void;
    /** A FilterExpression over the index items (its values may use :now); reads cost the same, fewer items return. */
    filter?: string;
  },
): AsyncGenerator<Runner> {
  const page = async (shard: number, startKey?: Record<string, unknown>) => {
    const out = await doc.send(
      new QueryCommand({
        TableName: table,
        IndexName: GSI_DUE,
        KeyConditionExpression: "gsi1pk = :shard AND gsi1sk <= :now",
        ...(input.filter ? { FilterExpression: input.filter } : {}),
        ExpressionAttributeValues: { ":shard": `${input.prefix}${shard}`, ":now": input.now.toISOString() },
        ExclusiveStartKey: startKey,
        Limit: input.pageSize ?? 100,
      }),
    );
    input.onRead?.(out.ScannedCount ?? out.Items?.length ?? 0);
    return out;
  };
  const firstPages = Array.from({ length: DUE_SHARDS }, (_, shard) => page(shard));
  // A caller that stops early never awaits the rest: their failures must not become unhandled rejections.
  for (const first of firstPages) first.catch(() => undefined);
  for (let shard = 0; shard < DUE_SHARDS; shard++) {
    for (let current = await firstPages[shard]!; ; current = await page(shard, current.LastEvaluatedKey)) {
      for (const item of current.Items ?? []) yield toRunner(item);
      if (!current.LastEvaluatedKey) break;
    }
  }
}

/** A conditional UpdateItem on a runner: the runner after the write, or undefined when the condition failed. */
export const updateRunner = async (
  doc: DynamoDBDocumentClient,
  input: Omit<UpdateCommandInput, "ReturnValues">,
): Promise<Runner | undefined> => {
  try {
    const out = await doc.send(new UpdateCommand({ ...input, ReturnValues: "ALL_NEW" }));
    return out.Attributes ? toRunner(out.Attributes) : undefined;
  } catch (error) {
    if (isConditionFailure(error)) return undefined;
    throw error;
  }
};

/** Every item a filtered Scan of the table returns, page by page (the operator's reads; the send path never scans). */
export async function* scanItems(
  doc: DynamoDBDocumentClient,
  input: { table: string; filter: string; values: Record<string, unknown> },
): AsyncGenerator<Record<string, unknown>> {
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await doc.send(
      new ScanCommand({
        TableName: input.table,
        FilterExpression: input.filter,
        ExpressionAttributeValues: input.values,
        ExclusiveStartKey: startKey,
      }),
    );
    yield* page.Items ?? [];
    startKey = page.LastEvaluatedKey;
  } while (startKey);
}
