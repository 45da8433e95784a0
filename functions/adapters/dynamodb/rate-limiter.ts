import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { RateLimiter } from "../../ports/runners.js";

/** Fixed-window counters with a TTL, so abuse limits hold across every Lambda instance. */
export class DynamoRateLimiter implements RateLimiter {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async hit(key: string, windowStart: Date, windowSeconds: number): Promise<number> {
    const out = await this.doc.send(
      new UpdateCommand({
        TableName: this.table,
        Key: { pk: `RATE#${key}`, sk: windowStart.toISOString() },
        UpdateExpression: "ADD hits :one SET #ttl = if_not_exists(#ttl, :ttl)",
        ExpressionAttributeNames: { "#ttl": "ttl" },
        ExpressionAttributeValues: {
          ":one": 1,
          ":ttl": Math.floor(windowStart.getTime() / 1000) + windowSeconds * 2,
        },
        ReturnValues: "UPDATED_NEW",
      }),
    );
    return Number(out.Attributes?.["hits"] ?? 1);
  }
}
