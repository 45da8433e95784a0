import type { Preferences, Runner, RunnerStatus } from "../../../functions/domain/profile.js";
import type { RestoredState, SubscriberAdmin, SuppressedStatus } from "../../../functions/ports/subscribers.js";
import type { MemoryTable } from "./memory-table.js";
import { CLAIM_FIELDS } from "./memory-table.js";

/** SubscriberAdmin in memory, with the DynamoDB adapter's conditions (tests/contracts pins both). */
export class MemorySubscriberAdmin implements SubscriberAdmin {
  constructor(private readonly table: MemoryTable) {}

  async savePreferences(
    id: string,
    prefs: Preferences,
    input: { expectStatus: RunnerStatus; now: Date; nextSendAt?: Date },
  ): Promise<Runner | undefined> {
    const next = input.nextSendAt?.toISOString();
    return this.table.update(id, (r) => r.status === input.expectStatus, {
      ...prefs,
      updatedAt: input.now.toISOString(),
      nextSendAt: next,
    });
  }

  async pause(id: string, input: { until: Date; now: Date }): Promise<Runner | undefined> {
    const now = input.now.toISOString();
    return this.table.update(
      id,
      (r) => r.status === "active" || r.status === "paused",
      { status: "paused", pausedUntil: input.until.toISOString(), pausedAt: now, updatedAt: now },
      ["nextSendAt"],
    );
  }

  async resume(id: string, input: { nextSendAt: Date; now: Date; dueBy?: Date }): Promise<Runner | undefined> {
    const by = input.dueBy?.toISOString();
    const ended = (r: Runner) => by === undefined || (r.pausedUntil !== undefined && r.pausedUntil <= by);
    return this.table.update(
      id,
      (r) => r.status === "paused" && ended(r),
      { status: "active", nextSendAt: input.nextSendAt.toISOString(), updatedAt: input.now.toISOString() },
      ["pausedUntil", "pausedAt"],
    );
  }

  async restore(id: string, input: { unsubscribedAt: string; to: RestoredState; now: Date }): Promise<Runner | undefined> {
    const { to } = input;
    return this.table.update(
      id,
      (r) => r.status === "unsubscribed" && r.unsubscribedAt === input.unsubscribedAt,
      {
        status: to.status,
        updatedAt: input.now.toISOString(),
        nextSendAt: to.status === "active" ? to.nextSendAt.toISOString() : undefined,
      },
      ["unsubscribedFrom", ...(to.status === "active" ? ["pausedUntil", "pausedAt"] : [])],
    );
  }

  async claimTriageNotice(id: string, now: Date, notBefore: Date): Promise<boolean> {
    const nb = notBefore.toISOString();
    const open = (r: Record<string, unknown>) => r["triageNoticeAt"] === undefined || String(r["triageNoticeAt"]) < nb;
    const claimed = this.table.update(id, (r) => (r.status === "active" || r.status === "paused") && open(r), {
      triageNoticeAt: now.toISOString(),
    });
    return claimed !== undefined;
  }

  async *pausedDue(now: Date): AsyncGenerator<Runner> {
    const at = now.toISOString();
    yield* this.table.select((r) => this.table.isWaking(r) && r.pausedUntil! <= at);
  }

  async suppress(id: string, status: SuppressedStatus, now: Date): Promise<Runner | undefined> {
    const at = now.toISOString();
    const allowed = (r: Runner) => (status === "bounced" ? r.status !== "bounced" && r.status !== "complained" : r.status !== "complained");
    return this.table.update(id, allowed, { status, suppressedAt: at, updatedAt: at }, [
      "nextSendAt",
      "pausedUntil",
      "pausedAt",
      ...CLAIM_FIELDS,
    ]);
  }

  async countSoftBounce(id: string, feedbackId: string, now: Date): Promise<number | undefined> {
    const row = this.table.get(id);
    const count = Number(row?.["softBounces"] ?? 0) + 1;
    const counted = this.table.update(id, (r) => r["lastSoftBounceId"] !== feedbackId, {
      softBounces: count,
      lastSoftBounceId: feedbackId,
      lastSoftBounceAt: now.toISOString(),
    });
    return counted ? count : undefined;
  }

  async clearSoftBounces(id: string): Promise<boolean> {
    const cleared = this.table.update(id, (r) => Number(r["softBounces"] ?? 0) > 0, {}, [
      "softBounces",
      "lastSoftBounceId",
      "lastSoftBounceAt",
    ]);
    return cleared !== undefined;
  }
}
