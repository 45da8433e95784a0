import type { DynamoDBDocumentClient, UpdateCommandInput } from "@aws-sdk/lib-dynamodb";
import { QueryCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { Runner } from "../../domain/profile.js";
import { isConditionFailure } from "./errors.js";
import { DUE_SHARDS, GSI_DUE, toRunner } from "./keys.js";

/**
 * Runners whose index sort key is at or before `now` under `<prefix><shard>` for every shard of the
 * sparse index (DUE# for sends, PAUSED# for wake-ups): Queries page by page, never a Scan.
 * `onRead` sees how many items each page read, for cost accounting.
 */
export async function* queryShardsUpTo(
  doc: DynamoDBDocumentClient,
  table: string,
  input: { prefix: string; now: Date; pageSize?: number; onRead?: (items: number) => void },
): AsyncGenerator<Runner> {
  for (let shard = 0; shard < DUE_SHARDS; shard++) {
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await doc.send(
        new QueryCommand({
          TableName: table,
          IndexName: GSI_DUE,
          KeyConditionExpression: "gsi1pk = :shard AND gsi1sk <= :now",
          ExpressionAttributeValues: { ":shard": `${input.prefix}${shard}`, ":now": input.now.toISOString() },
          ExclusiveStartKey: startKey,
          Limit: input.pageSize ?? 100,
        }),
      );
      input.onRead?.(page.ScannedCount ?? page.Items?.length ?? 0);
      for (const item of page.Items ?? []) yield toRunner(item);
      startKey = page.LastEvaluatedKey;
    } while (startKey);
  }
}

/** A conditional UpdateItem on a runner: the runner after the write, or undefined when the condition failed. */
export const updateRunner = async (doc: DynamoDBDocumentClient, input: Omit<UpdateCommandInput, "ReturnValues">): Promise<Runner | undefined> => {
  try {
    const out = await doc.send(new UpdateCommand({ ...input, ReturnValues: "ALL_NEW" }));
    return out.Attributes ? toRunner(out.Attributes) : undefined;
  } catch (error) {
    if (isConditionFailure(error)) return undefined;
    throw error;
  }
};
