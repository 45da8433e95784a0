import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { Checkin } from "../../domain/checkin.js";
import { recentWithin, summaryOf } from "../../domain/checkin.js";
import type { CheckinRepository, RecordResult } from "../../ports/checkins.js";
import { runnerKey } from "./keys.js";
import { isConditionFailure } from "./errors.js";

/** The check-in fields of a stored item (no keys, TTL or handling marks). */
const checkinOf = (item: Record<string, unknown>): Checkin => {
  const { at, week, soreness, areas, redFlags, note, source, sourceId } = item as unknown as Checkin;
  return { at, week, soreness, areas, redFlags, note, source, sourceId };
};

/**
 * Check-ins: one item each under the runner, with a TTL for health-data retention.
 *
 * An inbound reply is recorded with a claim (`claimUntil`, ISO) and marked `handledAt` once every
 * action it called for has completed, so a delivery that died halfway is finished by the next one:
 * at least once, never lost. A link check-in is recorded without a claim; it has no redelivery.
 */
export class DynamoCheckinRepository implements CheckinRepository {
  /** `now` is the clock the profile's copy of recent check-ins is pruned by (deps.now in the app). */
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly retentionDays: number,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private key(runnerId: string, checkin: Pick<Checkin, "at" | "sourceId">) {
    // Keyed by arrival time and source: sorted by time, and a redelivered message maps to the same key.
    return { pk: `RUNNER#${runnerId}`, sk: `CHECKIN#${checkin.at}#${checkin.sourceId}` };
  }

  /**
   * Stores a check-in once per source id (SES may deliver twice). With `claimMs`, the item is claimed
   * for that long, and a later call for the same source id tells a handled item from an unfinished
   * one; an unfinished one whose claim has run out is claimed again and returned with its stored values.
   */
  async record(runnerId: string, checkin: Checkin, options: { claimMs?: number } = {}): Promise<RecordResult> {
    // DynamoDB deletes the item within days of this epoch second: `at` plus the retention period.
    const ttl = Math.floor(Date.parse(checkin.at) / 1000) + this.retentionDays * 86_400;
    const claimUntil = options.claimMs === undefined ? undefined : new Date(this.now().getTime() + options.claimMs).toISOString();
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...this.key(runnerId, checkin), ...checkin, ttl, ...(claimUntil ? { claimUntil } : {}) },
          ConditionExpression: "attribute_not_exists(pk)",
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      return options.claimMs === undefined ? { kind: "handled" } : this.takeOver(runnerId, checkin, options.claimMs);
    }
    await this.refreshRecent(runnerId);
    return { kind: "recorded", checkin, ...(claimUntil ? { claimUntil } : {}) };
  }

  /** The item is there already: finished, in flight, or left unfinished by a delivery that died. */
  private async takeOver(runnerId: string, checkin: Checkin, claimMs: number): Promise<RecordResult> {
    const key = this.key(runnerId, checkin);
    const out = await this.doc.send(new GetCommand({ TableName: this.table, Key: key, ConsistentRead: true }));
    const item = out.Item;
    const seen = item?.["claimUntil"];
    // No claim and no handledAt: recorded before claims existed, when a redelivery was always a duplicate.
    if (!item || item["handledAt"] !== undefined || typeof seen !== "string") return { kind: "handled" };
    const now = this.now();
    if (Date.parse(seen) > now.getTime()) return { kind: "in_flight" };
    const claimUntil = new Date(now.getTime() + claimMs).toISOString();
    try {
      // Only one delivery takes an expired claim over: the one whose update still sees the claim it read.
      const taken = await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: key,
          UpdateExpression: "SET claimUntil = :claim",
          ConditionExpression: "attribute_exists(pk) AND attribute_not_exists(handledAt) AND claimUntil = :seen",
          ExpressionAttributeValues: { ":claim": claimUntil, ":seen": seen },
          ReturnValues: "ALL_NEW",
        }),
      );
      // The first delivery may have died before the profile's copy was refreshed; refreshing is idempotent.
      await this.refreshRecent(runnerId);
      return { kind: "unfinished", checkin: checkinOf(taken.Attributes ?? item), claimUntil };
    } catch (error) {
      if (isConditionFailure(error)) return { kind: "in_flight" };
      throw error;
    }
  }

  /** Every action the check-in called for has completed: later deliveries of it change nothing. */
  async markHandled(runnerId: string, checkin: Pick<Checkin, "at" | "sourceId">): Promise<void> {
    await this.doc
      .send(
        new UpdateCommand({
          TableName: this.table,
          Key: this.key(runnerId, checkin),
          UpdateExpression: "SET handledAt = if_not_exists(handledAt, :now) REMOVE claimUntil",
          ConditionExpression: "attribute_exists(pk)",
          ExpressionAttributeValues: { ":now": this.now().toISOString() },
        }),
      )
      .catch((error: unknown) => {
        // Gone meanwhile (the runner's data was erased): nothing left to mark.
        if (!isConditionFailure(error)) throw error;
      });
  }

  /**
   * Acting on the check-in failed: ends this delivery's claim now, so the next delivery (Lambda's retry,
   * a minute later) finishes the job instead of waiting out the claim. Only the claim it was given.
   */
  async release(runnerId: string, checkin: Pick<Checkin, "at" | "sourceId">, claimUntil: string): Promise<void> {
    await this.doc
      .send(
        new UpdateCommand({
          TableName: this.table,
          Key: this.key(runnerId, checkin),
          UpdateExpression: "SET claimUntil = :now",
          ConditionExpression: "attribute_not_exists(handledAt) AND claimUntil = :mine",
          ExpressionAttributeValues: { ":now": this.now().toISOString(), ":mine": claimUntil },
        }),
      )
      .catch((error: unknown) => {
        if (!isConditionFailure(error)) throw error;
      });
  }

  async list(runnerId: string): Promise<Checkin[]> {
    const out = await this.doc.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
        ExpressionAttributeValues: { ":pk": `RUNNER#${runnerId}`, ":prefix": "CHECKIN#" },
      }),
    );
    return (out.Items ?? []).map(checkinOf).sort((a, b) => a.at.localeCompare(b.at));
  }

  /**
   * Copies the latest few check-ins onto the profile item, leaving out any older than the retention
   * period (the items themselves expire by TTL; the copy on the profile has none, so it is pruned
   * here, each time it is written).
   */
  private async refreshRecent(runnerId: string): Promise<void> {
    const recent = recentWithin(await this.list(runnerId), this.retentionDays, this.now()).map(summaryOf);
    await this.doc
      .send(
        new UpdateCommand({
          TableName: this.table,
          Key: runnerKey(runnerId),
          UpdateExpression: "SET recentCheckins = :recent",
          ConditionExpression: "attribute_exists(pk)",
          ExpressionAttributeValues: { ":recent": recent },
        }),
      )
      .catch((error: unknown) => {
        if (!isConditionFailure(error)) throw error;
      });
  }
}
