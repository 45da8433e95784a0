import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { Preferences, Runner, RunnerStatus } from "../../domain/profile.js";
import type { RestoredState, SubscriberAdmin, SuppressedStatus } from "../../ports/subscribers.js";
import { dueShard, runnerKey } from "./keys.js";
import { dueAttributes } from "./runners.js";
import { isConditionFailure, landed } from "./errors.js";
import { queryShardsUpTo, updateRunner } from "./queries.js";

/**
 * Paused runners with an end date sit in the same sparse index as due runners, under their own
 * partitions: `gsi1pk = PAUSED#<shard>`, `gsi1sk = <pausedUntil ISO>`. The dispatcher's Query reads only
 * `DUE#<shard>`, so a paused runner is never "due"; `pausedDue` reads `PAUSED#<shard>` to wake them.
 */
export const PAUSED_PREFIX = "PAUSED#";

export const wakeAttributes = (id: string, pausedUntil: string) => ({
  gsi1pk: dueShard(id).replace(/^DUE#/, PAUSED_PREFIX),
  gsi1sk: pausedUntil,
});

/**
 * Subscriber control in DynamoDB: preferences, pause/resume/wake, and suppression after bounces and
 * complaints. Every write is conditional on the profile existing, so no update can resurrect a deleted
 * runner, and on the status it was planned against, so a concurrent unsubscribe is never undone.
 * Methods return the runner after the write, or undefined when the condition did not hold.
 */
export class DynamoSubscriberAdmin implements SubscriberAdmin {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  private async update(input: {
    id: string;
    set: Record<string, unknown>;
    remove?: string[];
    condition: string;
    values?: Record<string, unknown>;
  }): Promise<Runner | undefined> {
    const names: Record<string, string> = { "#status": "status" };
    const values: Record<string, unknown> = { ...input.values };
    const sets = Object.entries(input.set).map(([k, v], i) => {
      names[`#s${i}`] = k;
      values[`:s${i}`] = v;
      return `#s${i} = :s${i}`;
    });
    const removes = (input.remove ?? []).map((k, i) => {
      names[`#r${i}`] = k;
      return `#r${i}`;
    });
    return updateRunner(this.doc, {
      TableName: this.table,
      Key: runnerKey(input.id),
      UpdateExpression: `SET ${sets.join(", ")}${removes.length ? ` REMOVE ${removes.join(", ")}` : ""}`,
      ConditionExpression: `attribute_exists(pk) AND (${input.condition})`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    });
  }

  /**
   * Saves the editable preferences while the runner still has `expectStatus`. When `nextSendAt` is given
   * (active runners) the due-index attributes move with it.
   */
  savePreferences(
    id: string,
    prefs: Preferences,
    input: { expectStatus: RunnerStatus; now: Date; nextSendAt?: Date },
  ): Promise<Runner | undefined> {
    const next = input.nextSendAt?.toISOString();
    return this.update({
      id,
      set: { ...prefs, updatedAt: input.now.toISOString(), ...(next ? { nextSendAt: next, ...dueAttributes(id, next) } : {}) },
      condition: "#status = :expect",
      values: { ":expect": input.expectStatus },
    });
  }

  /** active|paused → paused until `until`: out of the due index, into the wake partitions. */
  pause(id: string, input: { until: Date; now: Date }): Promise<Runner | undefined> {
    const until = input.until.toISOString();
    return this.update({
      id,
      set: {
        status: "paused",
        pausedUntil: until,
        pausedAt: input.now.toISOString(),
        updatedAt: input.now.toISOString(),
        ...wakeAttributes(id, until),
      },
      remove: ["nextSendAt"],
      condition: "#status IN (:active, :paused)",
      values: { ":active": "active", ":paused": "paused" },
    });
  }

  /**
   * paused → active with its next slot. With `dueBy`, only if the pause really has ended by then (the
   * wake-up path); without it, at once (the runner pressed "resume").
   */
  resume(id: string, input: { nextSendAt: Date; now: Date; dueBy?: Date }): Promise<Runner | undefined> {
    const next = input.nextSendAt.toISOString();
    return this.update({
      id,
      set: { status: "active", nextSendAt: next, updatedAt: input.now.toISOString(), ...dueAttributes(id, next) },
      remove: ["pausedUntil", "pausedAt"],
      condition: input.dueBy ? "#status = :paused AND pausedUntil <= :by" : "#status = :paused",
      values: { ":paused": "paused", ...(input.dueBy ? { ":by": input.dueBy.toISOString() } : {}) },
    });
  }

  /**
   * Undo of an unsubscribe: back to the state before, only while the runner is still unsubscribed by
   * that same unsubscribe (`unsubscribedAt`), so two undos or an undo racing a new unsubscribe do one thing.
   */
  restore(id: string, input: { unsubscribedAt: string; to: RestoredState; now: Date }): Promise<Runner | undefined> {
    const { to } = input;
    const next = to.status === "active" ? to.nextSendAt.toISOString() : undefined;
    const until = to.status === "paused" ? to.pausedUntil : undefined;
    const index = next ? { nextSendAt: next, ...dueAttributes(id, next) } : until ? wakeAttributes(id, until) : {};
    return this.update({
      id,
      set: { status: to.status, updatedAt: input.now.toISOString(), ...index },
      remove: ["unsubscribedFrom", ...(to.status === "active" ? ["pausedUntil", "pausedAt"] : [])],
      condition: "#status = :unsubscribed AND unsubscribedAt = :at",
      values: { ":unsubscribed": "unsubscribed", ":at": input.unsubscribedAt },
    });
  }

  /**
   * Claims the one triage email (and operator alert) a runner may get from score links in an hour:
   * true for the single caller whose conditional write set `triageNoticeAt`, false for every other.
   */
  async claimTriageNotice(id: string, now: Date, notBefore: Date): Promise<boolean> {
    const claimed = await this.update({
      id,
      set: { triageNoticeAt: now.toISOString() },
      condition: "#status IN (:active, :paused) AND (attribute_not_exists(triageNoticeAt) OR triageNoticeAt < :nb)",
      values: { ":active": "active", ":paused": "paused", ":nb": notBefore.toISOString() },
    });
    return claimed !== undefined;
  }

  /** Paused runners whose pause ended at or before `now`: a Query per wake shard, never a Scan. */
  pausedDue(now: Date, pageSize = 100): AsyncGenerator<Runner> {
    return queryShardsUpTo(this.doc, this.table, { prefix: PAUSED_PREFIX, now, pageSize });
  }

  /**
   * Stops all mail for good: status bounced or complained, out of every index, no live claim.
   * Undefined when the runner already had that status (or a complaint, for a bounce).
   */
  suppress(id: string, status: SuppressedStatus, now: Date): Promise<Runner | undefined> {
    return this.update({
      id,
      set: { status, suppressedAt: now.toISOString(), updatedAt: now.toISOString() },
      remove: ["nextSendAt", "gsi1pk", "gsi1sk", "pausedUntil", "pausedAt", "claimWeek", "claimUntil", "claimId"],
      // Repeats change nothing; a bounce never overwrites a complaint.
      condition: status === "bounced" ? "NOT (#status IN (:bounced, :complained))" : "#status <> :complained",
      values: status === "bounced" ? { ":bounced": "bounced", ":complained": "complained" } : { ":complained": "complained" },
    });
  }

  /**
   * Counts one transient bounce and returns the new count. `feedbackId` makes it idempotent: SNS
   * redelivering the same event does not count twice (undefined is returned then).
   */
  async countSoftBounce(id: string, feedbackId: string, now: Date): Promise<number | undefined> {
    try {
      const out = await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: runnerKey(id),
          UpdateExpression: "ADD softBounces :one SET lastSoftBounceId = :fid, lastSoftBounceAt = :now",
          ConditionExpression: "attribute_exists(pk) AND (attribute_not_exists(lastSoftBounceId) OR lastSoftBounceId <> :fid)",
          ExpressionAttributeValues: { ":one": 1, ":fid": feedbackId, ":now": now.toISOString() },
          ReturnValues: "UPDATED_NEW",
        }),
      );
      return Number(out.Attributes?.["softBounces"] ?? 1);
    } catch (error) {
      if (isConditionFailure(error)) return undefined;
      throw error;
    }
  }

  /** A delivery ends a run of transient bounces. Writes only when there is a count to clear. */
  async clearSoftBounces(id: string): Promise<boolean> {
    return landed(
      this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: runnerKey(id),
          UpdateExpression: "REMOVE softBounces, lastSoftBounceId, lastSoftBounceAt",
          ConditionExpression: "attribute_exists(pk) AND softBounces > :zero",
          ExpressionAttributeValues: { ":zero": 0 },
        }),
      ),
    );
  }
}
