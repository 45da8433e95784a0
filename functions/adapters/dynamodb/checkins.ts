import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { PutCommand, QueryCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { CheckinSummary } from "../../domain/adapt.js";
import type { SoreArea } from "../../domain/profile.js";
import { runnerKey } from "./keys.js";
import { isConditionFailure } from "./errors.js";

/** How many recent check-ins ride on the profile item, so the dispatcher adapts without another read. */
export const RECENT_CHECKINS = 6;

export interface Checkin {
  /** When the reply or click arrived (ISO); with the source id it makes the item key. */
  at: string;
  /** The programme week it answers (the last week sent). */
  week: number;
  soreness: number | null;
  areas: SoreArea[];
  redFlags: string[];
  /** The runner's own words, quotes and signature removed; health data, kept until the TTL. */
  note: string;
  source: "email" | "link";
  /** The inbound message id or a click id: the same message twice is one check-in. */
  sourceId: string;
}

const DAY_MS = 86_400_000;

/**
 * The check-ins still within the retention period at `now`, newest `RECENT_CHECKINS` of them, oldest
 * first: what the profile item may carry. Health data past its TTL never rides along on the profile.
 */
export const recentWithin = <T extends { at: string }>(checkins: readonly T[], retentionDays: number, now: Date): T[] => {
  const oldest = now.getTime() - retentionDays * DAY_MS;
  return checkins
    .filter((c) => Date.parse(c.at) >= oldest)
    .sort((a, b) => a.at.localeCompare(b.at))
    .slice(-RECENT_CHECKINS);
};

/** Check-ins: one item each under the runner, with a TTL for health-data retention. */
export class DynamoCheckinRepository {
  /** `now` is the clock the profile's copy of recent check-ins is pruned by (deps.now in the app). */
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly retentionDays: number,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Stores a check-in once; false when this source id was already recorded (SES may deliver twice). */
  async record(runnerId: string, checkin: Checkin): Promise<boolean> {
    // DynamoDB deletes the item within days of this epoch second: `at` plus the retention period.
    const ttl = Math.floor(Date.parse(checkin.at) / 1000) + this.retentionDays * 86_400;
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.table,
          // Keyed by arrival time and source: sorted by time, and a redelivered message maps to the same key.
          Item: { pk: `RUNNER#${runnerId}`, sk: `CHECKIN#${checkin.at}#${checkin.sourceId}`, ...checkin, ttl },
          ConditionExpression: "attribute_not_exists(pk)",
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
    await this.refreshRecent(runnerId);
    return true;
  }

  async list(runnerId: string): Promise<Checkin[]> {
    const out = await this.doc.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
        ExpressionAttributeValues: { ":pk": `RUNNER#${runnerId}`, ":prefix": "CHECKIN#" },
      }),
    );
    return (out.Items ?? [])
      .map((i) => i as unknown as Checkin)
      .sort((a, b) => a.at.localeCompare(b.at));
  }

  /**
   * Copies the latest few check-ins onto the profile item, leaving out any older than the retention
   * period (the items themselves expire by TTL; the copy on the profile has none, so it is pruned
   * here, each time it is written).
   */
  private async refreshRecent(runnerId: string): Promise<void> {
    const recent: CheckinSummary[] = recentWithin(await this.list(runnerId), this.retentionDays, this.now())
      .map(({ at, week, soreness, areas, redFlags }) => ({ at, week, soreness, areas, redFlags }));
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
