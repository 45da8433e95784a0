import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { Runner } from "../../domain/profile.js";
import type { RunnerRepository } from "../../ports/runners.js";
import { RunnerIdTakenError } from "../../ports/runners.js";
import { dueShard, emailKey, runnerKey, toRunner } from "./keys.js";
import { isConditionFailure, landed } from "./errors.js";
import { scanItems, updateRunner } from "./queries.js";

/** The due-index attributes: present only while a runner is active, so the index stays sparse. */
export const dueAttributes = (id: string, nextSendAt: string) => ({ gsi1pk: dueShard(id), gsi1sk: nextSendAt });

/** An email item this much older than a new signup, with no profile behind it, is left over from a crash. */
export const ORPHAN_AFTER_MS = 30_000;
/** Attempts to claim an address, waiting 25 ms doubling (about 6 s in all) while another signup finishes. */
const CLAIM_ATTEMPTS = 8;

/** Whether an email item without a profile may be taken over. Items from before `createdAt` was kept count as orphans. */
export const isOrphan = (pointer: Record<string, unknown> | undefined, now: string): boolean => {
  const claimedAt = Date.parse(String(pointer?.["createdAt"] ?? ""));
  return Number.isNaN(claimedAt) || Date.parse(now) - claimedAt >= ORPHAN_AFTER_MS;
};

/**
 * Runners in DynamoDB: a profile item per runner plus an email item that keeps the address unique.
 * Without transactions (dynalite has none) the email item is written first with a conditional put, then
 * the profile; a failed profile write deletes the email item again, and an email item whose profile is
 * missing (a crash between the two writes) is treated as free and taken over by the next signup, once it
 * is older than ORPHAN_AFTER_MS: a younger one belongs to a signup that is still writing its profile.
 */
/**
 * Gives back the address item a failed profile write had just taken (only while it still names this runner),
 * so the two items never diverge. Best effort: an orphan left by a crash is taken over later (isOrphan).
 */
export const releaseEmail = async (doc: DynamoDBDocumentClient, table: string, runner: Pick<Runner, "id" | "email">): Promise<void> => {
  await doc
    .send(
      new DeleteCommand({
        TableName: table,
        Key: emailKey(runner.email),
        ConditionExpression: "runnerId = :id",
        ExpressionAttributeValues: { ":id": runner.id },
      }),
    )
    .catch(() => undefined);
};

export class DynamoRunnerRepository implements RunnerRepository {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async create(runner: Runner): Promise<{ created: true; runner: Runner } | { created: false; runner: Runner }> {
    const claimed = await this.claimEmail(runner.email, runner.id, runner.createdAt);
    if (!claimed.ok) return { created: false, runner: claimed.existing };
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...runnerKey(runner.id), ...runner },
          ConditionExpression: "attribute_not_exists(pk)",
        }),
      );
    } catch (error) {
      await releaseEmail(this.doc, this.table, runner);
      if (isConditionFailure(error)) throw new RunnerIdTakenError("runner id is taken", { cause: error });
      throw error;
    }
    return { created: true, runner };
  }

  private async claimEmail(email: string, id: string, createdAt: string): Promise<{ ok: true } | { ok: false; existing: Runner }> {
    for (let attempt = 0; attempt < CLAIM_ATTEMPTS; attempt++) {
      if (await this.putEmailPointer({ email, id, createdAt }, "attribute_not_exists(pk)")) return { ok: true };
      const pointer = await this.doc.send(new GetCommand({ TableName: this.table, Key: emailKey(email), ConsistentRead: true }));
      const ownerId = pointer.Item?.["runnerId"] as string | undefined;
      if (!ownerId) continue;
      const existing = await this.getById(ownerId);
      if (existing) return { ok: false, existing };
      if (!isOrphan(pointer.Item, createdAt)) {
        // Another signup for this address claimed it a moment ago and is still writing its profile: wait for it.
        await new Promise((resolve) => setTimeout(resolve, 25 * 2 ** attempt));
        continue;
      }
      // Orphaned pointer (profile write never happened): take it over, guarded by the old owner id.
      if (await this.putEmailPointer({ email, id, createdAt }, "runnerId = :old", { ":old": ownerId })) return { ok: true };
    }
    throw new Error(`could not claim the email address after ${CLAIM_ATTEMPTS} attempts`);
  }

  /** Points the address at runner `id`, if `condition` holds: false when another runner holds it. */
  private putEmailPointer(
    pointer: { email: string; id: string; createdAt: string },
    condition: string,
    values?: Record<string, unknown>,
  ): Promise<boolean> {
    const { email, id, createdAt } = pointer;
    return landed(
      this.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...emailKey(email), runnerId: id, createdAt },
          ConditionExpression: condition,
          ...(values ? { ExpressionAttributeValues: values } : {}),
        }),
      ),
    );
  }

  async getById(id: string): Promise<Runner | undefined> {
    const out = await this.doc.send(new GetCommand({ TableName: this.table, Key: runnerKey(id), ConsistentRead: true }));
    return out.Item ? toRunner(out.Item) : undefined;
  }

  async getByEmail(email: string): Promise<Runner | undefined> {
    const out = await this.doc.send(new GetCommand({ TableName: this.table, Key: emailKey(email), ConsistentRead: true }));
    const id = out.Item?.["runnerId"] as string | undefined;
    return id ? this.getById(id) : undefined;
  }

  async markConfirmationSent(id: string, at: Date, notBefore: Date): Promise<boolean> {
    return landed(
      this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: runnerKey(id),
          UpdateExpression: "SET confirmSentAt = :at, updatedAt = :at",
          ConditionExpression: "attribute_exists(pk) AND (attribute_not_exists(confirmSentAt) OR confirmSentAt < :nb)",
          ExpressionAttributeValues: { ":at": at.toISOString(), ":nb": notBefore.toISOString() },
        }),
      ),
    );
  }

  async clearConfirmationSent(id: string, at: Date): Promise<void> {
    await this.doc
      .send(
        new UpdateCommand({
          TableName: this.table,
          Key: runnerKey(id),
          UpdateExpression: "REMOVE confirmSentAt SET updatedAt = :at",
          ConditionExpression: "attribute_exists(pk)",
          ExpressionAttributeValues: { ":at": at.toISOString() },
        }),
      )
      .catch((error: unknown) => {
        // The runner is gone (erased meanwhile): there is no mark left to clear.
        if (!isConditionFailure(error)) throw error;
      });
  }

  async activate(id: string, input: { now: Date; nextSendAt: Date }): Promise<Runner | undefined> {
    const next = input.nextSendAt.toISOString();
    const due = dueAttributes(id, next);
    return updateRunner(this.doc, {
      TableName: this.table,
      Key: runnerKey(id),
      UpdateExpression:
        "SET #status = :active, nextSendAt = :next, gsi1pk = :shard, gsi1sk = :sk, confirmedAt = if_not_exists(confirmedAt, :now), updatedAt = :now",
      ConditionExpression: "attribute_exists(pk) AND #status IN (:pending, :unsubscribed)",
      ExpressionAttributeNames: { "#status": "status" },
      ExpressionAttributeValues: {
        ":active": "active",
        ":pending": "pending",
        ":unsubscribed": "unsubscribed",
        ":next": next,
        ":shard": due.gsi1pk,
        ":sk": due.gsi1sk,
        ":now": input.now.toISOString(),
      },
    });
  }

  async unsubscribe(id: string, now: Date): Promise<{ runner: Runner; changed: boolean } | undefined> {
    const runner = await updateRunner(this.doc, {
      TableName: this.table,
      Key: runnerKey(id),
      // The status before is kept (unsubscribedFrom), with any pausedUntil, so undo can restore it.
      UpdateExpression:
        "SET unsubscribedFrom = #status, #status = :unsubscribed, unsubscribedAt = :now, updatedAt = :now REMOVE nextSendAt, gsi1pk, gsi1sk, claimWeek, claimUntil, claimId",
      ConditionExpression: "attribute_exists(pk) AND #status IN (:pending, :active, :paused, :completed)",
      ExpressionAttributeNames: { "#status": "status" },
      ExpressionAttributeValues: {
        ":unsubscribed": "unsubscribed",
        ":pending": "pending",
        ":active": "active",
        ":paused": "paused",
        ":completed": "completed",
        ":now": now.toISOString(),
      },
    });
    if (runner) return { runner, changed: true };
    const current = await this.getById(id);
    return current && { runner: current, changed: false };
  }

  /**
   * Holds the programme after a red flag: paused with no end date (no wake-up entry), so only the
   * runner's RESUME or the preferences page starts it again.
   */
  async holdForTriage(id: string, now: Date): Promise<Runner | undefined> {
    return updateRunner(this.doc, {
      TableName: this.table,
      Key: runnerKey(id),
      UpdateExpression:
        "SET #status = :paused, pausedAt = :now, triageAt = :now, updatedAt = :now REMOVE nextSendAt, pausedUntil, gsi1pk, gsi1sk, claimWeek, claimUntil, claimId",
      ConditionExpression: "attribute_exists(pk) AND #status IN (:active, :paused)",
      ExpressionAttributeNames: { "#status": "status" },
      ExpressionAttributeValues: { ":paused": "paused", ":active": "active", ":now": now.toISOString() },
    });
  }

  async list(): Promise<Runner[]> {
    const runners: Runner[] = [];
    for await (const item of scanItems(this.doc, { table: this.table, filter: "sk = :profile", values: { ":profile": "PROFILE" } }))
      runners.push(toRunner(item));
    return runners.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  }
}
