import type { Runner } from "../../../functions/domain/profile.js";
import type { Advance } from "../../../functions/domain/programme.js";
import type { DueRepository, SendRecord } from "../../../functions/ports/due.js";
import type { MemoryTable, Row } from "./memory-table.js";
import { CLAIM_FIELDS } from "./memory-table.js";

const LEASE_FIELDS = ["queuedWeek", "queuedUntil"] as const;

/** The due query and send claims in memory, with the DynamoDB adapter's conditions (tests/contracts pins both). */
export class MemoryDueRepository implements DueRepository {
  itemsRead = 0;

  constructor(private readonly table: MemoryTable) {}

  private async *query(now: Date, match: (row: Row) => boolean): AsyncGenerator<Runner> {
    const at = now.toISOString();
    const found = this.table.select((r) => this.table.isDue(r) && r.nextSendAt! <= at && match(r));
    this.itemsRead += found.length;
    yield* found;
  }

  due(now: Date): AsyncGenerator<Runner> {
    return this.query(now, () => true);
  }

  dueNotQueued(now: Date): AsyncGenerator<Runner> {
    const at = now.toISOString();
    return this.query(now, (r) => r["queuedUntil"] === undefined || String(r["queuedUntil"]) <= at);
  }

  /** Due for exactly `week` at `now`, with no live hold in `field`. */
  private dueFor(week: number, now: Date, field: string) {
    const at = now.toISOString();
    return (r: Row) =>
      r.status === "active" &&
      r.week === week - 1 &&
      r.nextSendAt !== undefined &&
      r.nextSendAt <= at &&
      (r[field] === undefined || String(r[field]) <= at);
  }

  async markQueued(runner: Runner, input: { week: number; now: Date; until: Date }): Promise<boolean> {
    const set = { queuedWeek: input.week, queuedUntil: input.until.toISOString() };
    return this.table.update(runner.id, this.dueFor(input.week, input.now, "queuedUntil"), set) !== undefined;
  }

  async unmarkQueued(runnerId: string, week: number): Promise<void> {
    this.table.update(runnerId, (r) => r["queuedWeek"] === week, {}, LEASE_FIELDS);
  }

  async claim(runner: Runner, input: { week: number; claimId: string; now: Date; until: Date }): Promise<boolean> {
    const set = { claimWeek: input.week, claimUntil: input.until.toISOString(), claimId: input.claimId };
    return this.table.update(runner.id, this.dueFor(input.week, input.now, "claimUntil"), set) !== undefined;
  }

  async advance(
    runnerId: string,
    input: { claimId: string; advance: Advance; sent: SendRecord; now: Date; recoveryWeek?: boolean },
  ): Promise<boolean> {
    const now = input.now.toISOString();
    const sends = [...((this.table.get(runnerId)?.["sends"] as SendRecord[] | undefined) ?? []), input.sent];
    const { advance } = input;
    const set = {
      week: advance.week,
      sends,
      lastSentAt: now,
      updatedAt: now,
      ...(input.recoveryWeek ? { lastRecoveryWeekAt: now } : {}),
      ...(advance.completed ? { status: "completed" } : { nextSendAt: advance.nextSendAt.toISOString() }),
    };
    const remove = [...CLAIM_FIELDS, ...LEASE_FIELDS, ...(advance.completed ? ["nextSendAt"] : [])];
    return this.table.update(runnerId, (r) => r["claimId"] === input.claimId && r.status === "active", set, remove) !== undefined;
  }

  async release(runnerId: string, claimId: string): Promise<void> {
    this.table.update(runnerId, (r) => r["claimId"] === claimId, {}, CLAIM_FIELDS);
  }
}
