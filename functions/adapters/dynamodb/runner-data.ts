import { mailboxHash } from "../../domain/mailbox.js";
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { BatchWriteCommand, DeleteCommand, GetCommand, PutCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import type { HeldRecord, RunnerData, RunnerEvent, RunnerRecords } from "../../ports/runner-data.js";
import { emailKey, runnerKey } from "./keys.js";
import { isConditionFailure } from "./errors.js";

type Item = Record<string, unknown>;
type Key = { pk: string; sk: string };

/** BatchWriteItem takes at most 25 requests. */
const BATCH = 25;
const MAX_BATCH_ATTEMPTS = 8;

/**
 * The partition of the signup rate counter for one address (see app/signup.ts: `addr#` + the first
 * 32 hex digits of its SHA-256). It is pseudonymous and expires within hours, but it is derived from the
 * address, so deletion removes it too. A test signs up through the real form to keep the two in step.
 */
export const addressRatePartition = (email: string): string => `RATE#addr#${mailboxHash(email)}`;
/** The counter of confirmation emails to the same mailbox (signup-limits.ts). */
export const confirmRatePartition = (email: string): string => `RATE#confirm#${mailboxHash(email)}`;

/** Table plumbing that says nothing about the runner: keys, index attributes, send claims. */
const INTERNAL = new Set(["pk", "sk", "gsi1pk", "gsi1sk", "ttl", "claimWeek", "claimUntil", "claimId", "lastSoftBounceId"]);
const CHECKIN_PREFIX = "CHECKIN#";

/** An item as a held record: no plumbing, and its expiry (the TTL) as an ISO instant. */
const heldOf = (item: Item): HeldRecord => {
  const out: HeldRecord = {};
  for (const [k, v] of Object.entries(item)) if (!INTERNAL.has(k)) out[k] = v;
  if (typeof item["ttl"] === "number") out.expiresAt = new Date(item["ttl"] * 1000).toISOString();
  return out;
};

/**
 * Everything Legwork holds on one runner in the table, for data-rights export and deletion: the profile
 * and every other item under `pk = RUNNER#<id>` (check-ins and whatever later features add), the email
 * item, and the address's rate counters. Reads are strongly consistent; deletes use BatchWriteItem.
 */
export class DynamoRunnerData implements RunnerData {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  private async queryAll(pk: string, keysOnly: boolean): Promise<Item[]> {
    const items: Item[] = [];
    let startKey: Item | undefined;
    do {
      const page = await this.doc.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: "pk = :pk",
          ExpressionAttributeValues: { ":pk": pk },
          ...(keysOnly ? { ProjectionExpression: "pk, sk" } : {}),
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      items.push(...(page.Items ?? []));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return items;
  }

  /** Every item under the runner's partition, profile included, sorted by sort key. */
  private async itemsOf(runnerId: string): Promise<Item[]> {
    return (await this.queryAll(runnerKey(runnerId).pk, false)).sort((a, b) => String(a["sk"]).localeCompare(String(b["sk"])));
  }

  async records(runnerId: string): Promise<RunnerRecords | undefined> {
    const items = await this.itemsOf(runnerId);
    const profile = items.find((i) => i["sk"] === runnerKey(runnerId).sk);
    if (!profile) return undefined;
    const isCheckin = (i: Item) => String(i["sk"]).startsWith(CHECKIN_PREFIX);
    return {
      profile: heldOf(profile),
      // An item's own `at` wins; its sort key (CHECKIN#<at>#<source id>) names one that has none.
      checkins: items.filter(isCheckin).map((i) => ({ at: String(i["sk"]).slice(CHECKIN_PREFIX.length), ...heldOf(i) })),
      other: items.filter((i) => i !== profile && !isCheckin(i)).map((i) => ({ record: String(i["sk"]).split("#")[0]!, ...heldOf(i) })),
    };
  }

  async addEvent(runnerId: string, event: RunnerEvent): Promise<void> {
    const item = { pk: runnerKey(runnerId).pk, sk: `EVENT#${event.at}#${event.kind}`, ...event };
    await this.doc.send(new PutCommand({ TableName: this.table, Item: item }));
  }

  /** The runner id the email item points at, if any (it may point at a profile that is gone). */
  async emailOwner(email: string): Promise<string | undefined> {
    const out = await this.doc.send(new GetCommand({ TableName: this.table, Key: emailKey(email), ConsistentRead: true }));
    return out.Item?.["runnerId"] as string | undefined;
  }

  private async batchDelete(keys: Key[]): Promise<number> {
    for (let i = 0; i < keys.length; i += BATCH) {
      let requests: Record<string, unknown>[] = keys.slice(i, i + BATCH).map((k) => ({ DeleteRequest: { Key: { pk: k.pk, sk: k.sk } } }));
      for (let attempt = 1; requests.length > 0; attempt++) {
        if (attempt > MAX_BATCH_ATTEMPTS) throw new Error("BatchWriteItem kept returning unprocessed deletes");
        if (attempt > 1) await new Promise((r) => setTimeout(r, Math.min(2000, 50 * 2 ** attempt) * Math.random()));
        const out = await this.doc.send(new BatchWriteCommand({ RequestItems: { [this.table]: requests as never } }));
        requests = (out.UnprocessedItems?.[this.table] ?? []) as Record<string, unknown>[];
      }
    }
    return keys.length;
  }

  /**
   * Deletes every item about the runner. The profile goes last, so a failure part-way leaves a runner
   * that the same link can delete again; a final sweep catches a check-in written during the deletion.
   * The email item is removed only while it still points at this runner. Returns the number of items deleted.
   */
  async deleteAll(runnerId: string, email: string | undefined): Promise<number> {
    const pk = runnerKey(runnerId).pk;
    const isProfile = (k: Item) => k["sk"] === runnerKey(runnerId).sk;
    const children = (await this.queryAll(pk, true)) as Key[];
    let deleted = await this.batchDelete(children.filter((k) => !isProfile(k)));
    if (email) {
      for (const partition of [addressRatePartition(email), confirmRatePartition(email)])
        deleted += await this.batchDelete((await this.queryAll(partition, true)) as Key[]);
      try {
        await this.doc.send(
          new DeleteCommand({
            TableName: this.table,
            Key: emailKey(email),
            ConditionExpression: "runnerId = :id",
            ExpressionAttributeValues: { ":id": runnerId },
          }),
        );
        deleted++;
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
    }
    const profile = await this.doc.send(new DeleteCommand({ TableName: this.table, Key: runnerKey(runnerId), ReturnValues: "ALL_OLD" }));
    if (profile.Attributes) deleted++;
    deleted += await this.batchDelete((await this.queryAll(pk, true)) as Key[]);
    return deleted;
  }
}
