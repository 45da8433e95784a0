import type { Runner } from "../../../functions/domain/profile.js";
import type { RateLimiter, RunnerRepository } from "../../../functions/ports/runners.js";
import { RunnerIdTakenError } from "../../../functions/ports/runners.js";
import type { MemoryTable, Row } from "./memory-table.js";
import { CLAIM_FIELDS } from "./memory-table.js";

const UNSUBSCRIBABLE = new Set(["pending", "active", "paused", "completed"]);

/** RunnerRepository in memory, with the same conditions as the DynamoDB adapter (tests/contracts pins both). */
export class MemoryRunnerRepository implements RunnerRepository {
  constructor(private readonly table: MemoryTable) {}

  async create(runner: Runner): Promise<{ created: true; runner: Runner } | { created: false; runner: Runner }> {
    const owner = this.table.emails.get(runner.email);
    const existing = owner === undefined ? undefined : this.table.read(owner);
    if (existing) return { created: false, runner: existing };
    if (this.table.rows.has(runner.id)) throw new RunnerIdTakenError("runner id is taken");
    this.table.emails.set(runner.email, runner.id);
    this.table.rows.set(runner.id, structuredClone(runner) as Row);
    return { created: true, runner };
  }

  async getById(id: string): Promise<Runner | undefined> {
    return this.table.read(id);
  }

  async getByEmail(email: string): Promise<Runner | undefined> {
    const id = this.table.emails.get(email);
    return id === undefined ? undefined : this.table.read(id);
  }

  async markConfirmationSent(id: string, at: Date, notBefore: Date): Promise<boolean> {
    const nb = notBefore.toISOString();
    const when = at.toISOString();
    return (
      this.table.update(id, (r) => r.confirmSentAt === undefined || r.confirmSentAt < nb, { confirmSentAt: when, updatedAt: when }) !==
      undefined
    );
  }

  async clearConfirmationSent(id: string, at: Date): Promise<void> {
    this.table.update(id, () => true, { updatedAt: at.toISOString() }, ["confirmSentAt"]);
  }

  async activate(id: string, input: { now: Date; nextSendAt: Date }): Promise<Runner | undefined> {
    const now = input.now.toISOString();
    const row = this.table.get(id);
    return this.table.update(id, (r) => r.status === "pending" || r.status === "unsubscribed", {
      status: "active",
      nextSendAt: input.nextSendAt.toISOString(),
      confirmedAt: row?.confirmedAt ?? now,
      updatedAt: now,
    });
  }

  async unsubscribe(id: string, now: Date): Promise<{ runner: Runner; changed: boolean } | undefined> {
    const at = now.toISOString();
    const before = this.table.get(id);
    const runner = this.table.update(
      id,
      (r) => UNSUBSCRIBABLE.has(r.status),
      { unsubscribedFrom: before?.status, status: "unsubscribed", unsubscribedAt: at, updatedAt: at },
      ["nextSendAt", ...CLAIM_FIELDS],
    );
    if (runner) return { runner, changed: true };
    const current = this.table.read(id);
    return current && { runner: current, changed: false };
  }

  async holdForTriage(id: string, now: Date): Promise<Runner | undefined> {
    const at = now.toISOString();
    return this.table.update(
      id,
      (r) => r.status === "active" || r.status === "paused",
      { status: "paused", pausedAt: at, triageAt: at, updatedAt: at },
      ["nextSendAt", "pausedUntil", ...CLAIM_FIELDS],
    );
  }

  async list(): Promise<Runner[]> {
    return this.table.select(() => true);
  }
}

/** Fixed-window counters in memory. */
export class MemoryRateLimiter implements RateLimiter {
  private readonly hits = new Map<string, number>();

  async hit(key: string, windowStart: Date): Promise<number> {
    const slot = `${key}|${windowStart.toISOString()}`;
    const count = (this.hits.get(slot) ?? 0) + 1;
    this.hits.set(slot, count);
    return count;
  }
}
