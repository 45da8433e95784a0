import type { Checkin } from "../../../functions/domain/checkin.js";
import { recentWithin, summaryOf } from "../../../functions/domain/checkin.js";
import type { CheckinRepository, RecordResult } from "../../../functions/ports/checkins.js";
import type { MemoryTable } from "./memory-table.js";

interface Stored {
  checkin: Checkin;
  claimUntil?: string;
  handledAt?: string;
}

/** Check-ins in memory, with the DynamoDB adapter's claims and retention (tests/contracts pins both). */
export class MemoryCheckinRepository implements CheckinRepository {
  private readonly items = new Map<string, Stored>();

  constructor(
    private readonly table: MemoryTable,
    private readonly retentionDays: number,
    private readonly now: () => Date,
  ) {}

  private key = (runnerId: string, c: Pick<Checkin, "at" | "sourceId">) => `${runnerId}|${c.at}|${c.sourceId}`;

  async record(runnerId: string, checkin: Checkin, options: { claimMs?: number } = {}): Promise<RecordResult> {
    const key = this.key(runnerId, checkin);
    const stored = this.items.get(key);
    if (stored) return options.claimMs === undefined ? { kind: "handled" } : this.takeOver(runnerId, stored, options.claimMs);
    const claimUntil = options.claimMs === undefined ? undefined : new Date(this.now().getTime() + options.claimMs).toISOString();
    this.items.set(key, { checkin: structuredClone(checkin), ...(claimUntil ? { claimUntil } : {}) });
    this.refreshRecent(runnerId);
    return { kind: "recorded", checkin, ...(claimUntil ? { claimUntil } : {}) };
  }

  private takeOver(runnerId: string, stored: Stored, claimMs: number): RecordResult {
    if (stored.handledAt !== undefined || stored.claimUntil === undefined) return { kind: "handled" };
    const now = this.now();
    if (Date.parse(stored.claimUntil) > now.getTime()) return { kind: "in_flight" };
    stored.claimUntil = new Date(now.getTime() + claimMs).toISOString();
    this.refreshRecent(runnerId);
    return { kind: "unfinished", checkin: structuredClone(stored.checkin), claimUntil: stored.claimUntil };
  }

  async markHandled(runnerId: string, checkin: Pick<Checkin, "at" | "sourceId">): Promise<void> {
    const stored = this.items.get(this.key(runnerId, checkin));
    if (!stored) return;
    stored.handledAt ??= this.now().toISOString();
    delete stored.claimUntil;
  }

  async release(runnerId: string, checkin: Pick<Checkin, "at" | "sourceId">, claimUntil: string): Promise<void> {
    const stored = this.items.get(this.key(runnerId, checkin));
    if (stored && stored.handledAt === undefined && stored.claimUntil === claimUntil) stored.claimUntil = this.now().toISOString();
  }

  async list(runnerId: string): Promise<Checkin[]> {
    return [...this.items.entries()]
      .filter(([key]) => key.startsWith(`${runnerId}|`))
      .map(([, stored]) => structuredClone(stored.checkin))
      .sort((a, b) => a.at.localeCompare(b.at));
  }

  /** Every check-in a runner has, with its handling marks (what a test would read from the store). */
  stored(runnerId: string): Stored[] {
    return [...this.items.entries()].filter(([key]) => key.startsWith(`${runnerId}|`)).map(([, s]) => structuredClone(s));
  }

  /** Forgets a runner's check-ins (its data was erased). */
  forget(runnerId: string): void {
    for (const key of [...this.items.keys()]) if (key.startsWith(`${runnerId}|`)) this.items.delete(key);
  }

  private refreshRecent(runnerId: string): void {
    const all = [...this.items.entries()].filter(([key]) => key.startsWith(`${runnerId}|`)).map(([, s]) => s.checkin);
    const recent = recentWithin(all, this.retentionDays, this.now()).map(summaryOf);
    this.table.update(runnerId, () => true, { recentCheckins: recent });
  }
}
