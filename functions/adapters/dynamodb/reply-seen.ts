import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { createHash } from "node:crypto";
import type { ReplyMark, ReplySeen } from "../../ports/reply-seen.js";
import { isConditionFailure } from "./errors.js";

/**
 * Replies a runner has sent, by RFC 5322 Message-ID and by body hash: a captured reply replayed (or
 * delivered again under a new SES id) is seen once. One item per mark under the runner, holding the SES
 * id that first claimed it, so SES redelivering that same delivery (after a failure) still goes through.
 * Only hashes are stored; the items expire with the check-in retention period.
 */
export class DynamoReplySeen implements ReplySeen {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly retentionDays: number,
  ) {}

  /**
   * Claims each mark for `sesId`. Returns the first mark another delivery claimed already, or null
   * when all are this delivery's. `at`: when SES received it (stable across redeliveries).
   */
  async claim(runnerId: string, marks: Partial<Record<ReplyMark, string>>, sesId: string, at: string): Promise<ReplyMark | null> {
    // From the arrival time SES stamps, so a redelivery writes the same item.
    const ttl = Math.floor(Date.parse(at) / 1000) + this.retentionDays * 86_400;
    for (const [mark, value] of Object.entries(marks) as [ReplyMark, string | undefined][]) {
      if (value === undefined || value === "") continue;
      const hash = createHash("sha256").update(value).digest("hex");
      try {
        await this.doc.send(
          new PutCommand({
            TableName: this.table,
            Item: { pk: `RUNNER#${runnerId}`, sk: `REPLY#${mark}#${hash}`, sesId, ttl },
            ConditionExpression: "attribute_not_exists(pk) OR sesId = :ses",
            ExpressionAttributeValues: { ":ses": sesId },
          }),
        );
      } catch (error) {
        if (isConditionFailure(error)) return mark;
        throw error;
      }
    }
    return null;
  }
}
