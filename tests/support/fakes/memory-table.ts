import type { Runner } from "../../../functions/domain/profile.js";

/** A stored runner as the fakes keep it: the runner plus whatever bookkeeping the ports add. */
export type Row = Runner & Record<string, unknown>;

/** Bookkeeping no reader of a runner sees: send claims and queue leases. */
const HIDDEN = ["claimWeek", "claimUntil", "claimId", "queuedWeek", "queuedUntil"];

/**
 * The state the in-memory fakes share, as one table does for the DynamoDB adapters: runners by id and
 * the address each id claimed. Every fake copies in and out, so no caller can change stored state by
 * holding on to an object.
 */
export class MemoryTable {
  readonly rows = new Map<string, Row>();
  readonly emails = new Map<string, string>();

  get(id: string): Row | undefined {
    const row = this.rows.get(id);
    return row && structuredClone(row);
  }

  /** The runner as a reader sees it: no claims or leases. */
  read(id: string): Runner | undefined {
    const row = this.get(id);
    if (!row) return undefined;
    for (const key of HIDDEN) delete row[key];
    return row;
  }

  /**
   * A conditional update: when `condition` holds for the stored row, applies `set` and `remove` and returns
   * the runner after it; otherwise changes nothing and returns undefined (the fakes' "condition failed").
   */
  update(id: string, condition: (row: Row) => boolean, set: Record<string, unknown>, remove: readonly string[] = []): Runner | undefined {
    const row = this.rows.get(id);
    if (!row || !condition(row)) return undefined;
    for (const key of remove) delete row[key];
    for (const [key, value] of Object.entries(set)) if (value !== undefined) row[key] = structuredClone(value);
    return this.read(id);
  }

  /** Runners in the due index: active with a next send. */
  isDue(row: Row): boolean {
    return row.status === "active" && typeof row.nextSendAt === "string";
  }

  /** Runners in the wake index: paused until a date. */
  isWaking(row: Row): boolean {
    return row.status === "paused" && typeof row.pausedUntil === "string";
  }

  /** Rows matching `match`, oldest first, as readers see them. */
  select(match: (row: Row) => boolean): Runner[] {
    return [...this.rows.values()]
      .filter(match)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id))
      .map((row) => this.read(row.id)!);
  }
}

export const CLAIM_FIELDS = ["claimWeek", "claimUntil", "claimId"] as const;
