import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { UpdateCommandInput } from "@aws-sdk/lib-dynamodb";
import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { Runner } from "../../domain/profile.js";
import type { Advance } from "../../domain/programme.js";
import type { DueRepository, SendRecord } from "../../ports/due.js";
import { runnerKey } from "./keys.js";
import { dueAttributes } from "./runners.js";
import { landed } from "./errors.js";
import { queryShardsUpTo } from "./queries.js";

/**
 * The dispatcher's view of the table: Query the sparse due index shard by shard (never Scan), claim a
 * runner's week with a conditional write, then advance it. `itemsRead` counts what the queries read.
 */
export class DynamoDueRepository implements DueRepository {
  itemsRead = 0;

  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  /** One conditional update of a runner's item: false when its condition fails, any other error thrown. */
  private async updateIf(runnerId: string, update: Omit<UpdateCommandInput, "TableName" | "Key">): Promise<boolean> {
    return landed(this.doc.send(new UpdateCommand({ TableName: this.table, Key: runnerKey(runnerId), ...update })));
  }

  /** Runners whose next send is at or before `now`, page by page, across every shard. */
  due(now: Date, pageSize = 100): AsyncGenerator<Runner> {
    return queryShardsUpTo(this.doc, this.table, { prefix: "DUE#", now, pageSize, onRead: (n) => (this.itemsRead += n) });
  }

  /**
   * Fan-out: due runners not queued already (no live `queuedUntil` lease), so a tick never queues a runner
   * that an earlier tick queued and the senders have not reached yet.
   */
  dueNotQueued(now: Date, pageSize = 100): AsyncGenerator<Runner> {
    return queryShardsUpTo(this.doc, this.table, {
      prefix: "DUE#",
      now,
      pageSize,
      onRead: (n) => (this.itemsRead += n),
      filter: "attribute_not_exists(queuedUntil) OR queuedUntil <= :now",
    });
  }

  /**
   * Leases `week` of this runner to the send queue until `until`: false when the runner is not due for
   * exactly that week any more, or another tick holds a live lease. The advance ends the lease.
   */
  async markQueued(runner: Runner, input: { week: number; now: Date; until: Date }): Promise<boolean> {
    return this.lease(runner.id, { week: "queuedWeek", until: "queuedUntil" }, input);
  }

  /** Ends a lease whose message the queue refused, so the next tick queues the runner again. */
  async unmarkQueued(runnerId: string, week: number): Promise<void> {
    await this.updateIf(runnerId, {
      UpdateExpression: "REMOVE queuedWeek, queuedUntil",
      ConditionExpression: "queuedWeek = :week",
      ExpressionAttributeValues: { ":week": week },
    });
  }

  /**
   * Claims `week` for this runner until `until`. Fails (false) when another dispatcher holds a live claim,
   * or the runner is no longer due for exactly this week (already sent, paused, unsubscribed).
   */
  async claim(runner: Runner, input: { week: number; claimId: string; now: Date; until: Date }): Promise<boolean> {
    return this.lease(runner.id, { week: "claimWeek", until: "claimUntil", id: "claimId" }, { ...input, id: input.claimId });
  }

  /**
   * Holds `week` in one of the runner's lease slots (the fan-out queue's, or a dispatcher's claim) until `until`,
   * only while the runner is due for exactly that week and no live lease holds the slot.
   */
  private async lease(
    runnerId: string,
    slot: { week: string; until: string; id?: string },
    input: { week: number; now: Date; until: Date; id?: string },
  ): Promise<boolean> {
    const setId = slot.id ? `, ${slot.id} = :id` : "";
    return this.updateIf(runnerId, {
      UpdateExpression: `SET ${slot.week} = :week, ${slot.until} = :until${setId}`,
      ConditionExpression: `#status = :active AND week = :prev AND nextSendAt <= :now AND (attribute_not_exists(${slot.until}) OR ${slot.until} <= :now)`,
      ExpressionAttributeNames: { "#status": "status" },
      ExpressionAttributeValues: {
        ":week": input.week,
        ":prev": input.week - 1,
        ":until": input.until.toISOString(),
        ...(slot.id ? { ":id": input.id } : {}),
        ":active": "active",
        ":now": input.now.toISOString(),
      },
    });
  }

  /** Records the send and moves the runner on, only while this dispatcher still holds the claim. */
  async advance(
    runnerId: string,
    input: { claimId: string; advance: Advance; sent: SendRecord; now: Date; recoveryWeek?: boolean },
  ): Promise<boolean> {
    const { advance } = input;
    const base = {
      ":week": advance.week,
      ":claim": input.claimId,
      ":sent": [input.sent],
      ":empty": [],
      ":now": input.now.toISOString(),
      ":active": "active",
    };
    const common = `week = :week, sends = list_append(if_not_exists(sends, :empty), :sent), lastSentAt = :now, updatedAt = :now${
      input.recoveryWeek ? ", lastRecoveryWeekAt = :now" : ""
    }`;
    const update = advance.completed
      ? {
          UpdateExpression: `SET ${common}, #status = :completed REMOVE claimWeek, claimUntil, claimId, queuedWeek, queuedUntil, nextSendAt, gsi1pk, gsi1sk`,
          ExpressionAttributeValues: { ...base, ":completed": "completed" },
        }
      : (() => {
          const next = advance.nextSendAt.toISOString();
          const due = dueAttributes(runnerId, next);
          return {
            UpdateExpression: `SET ${common}, nextSendAt = :next, gsi1pk = :shard, gsi1sk = :sk REMOVE claimWeek, claimUntil, claimId, queuedWeek, queuedUntil`,
            ExpressionAttributeValues: { ...base, ":next": next, ":shard": due.gsi1pk, ":sk": due.gsi1sk },
          };
        })();
    return this.updateIf(runnerId, {
      // Still ours and still active: an unsubscribe during the send must not be undone by the advance.
      ConditionExpression: "claimId = :claim AND #status = :active",
      ExpressionAttributeNames: { "#status": "status" },
      ...update,
    });
  }

  /** Gives a claim back after a failed send, so the next tick tries again straight away. */
  async release(runnerId: string, claimId: string): Promise<void> {
    await this.updateIf(runnerId, {
      UpdateExpression: "REMOVE claimWeek, claimUntil, claimId",
      ConditionExpression: "claimId = :claim",
      ExpressionAttributeValues: { ":claim": claimId },
    });
  }
}
