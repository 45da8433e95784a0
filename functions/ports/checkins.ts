import type { Checkin } from "../domain/checkin.js";

/**
 * What `record` found. A caller that gets `recorded` or `unfinished` acts on the check-in, then calls
 * `markHandled`; if acting fails, `release` lets the next delivery try again at once.
 */
export type RecordResult =
  /** Newly stored: act on it. `claimUntil` is set when a claim was asked for. */
  | { kind: "recorded"; checkin: Checkin; claimUntil?: string }
  /**
   * Stored by an earlier delivery that never finished (not handled) and whose claim has run out:
   * this caller now holds the claim and acts again, on the stored values.
   */
  | { kind: "unfinished"; checkin: Checkin; claimUntil: string }
  /** Already handled, or stored without a claim (link check-ins): nothing to do. */
  | { kind: "handled" }
  /** Stored and not handled, but another delivery holds a live claim: it may still be acting. */
  | { kind: "in_flight" };

/**
 * A runner's check-ins, kept for the retention period. Recording one also refreshes the runner's copy of
 * its recent check-ins (`recentCheckins`, pruned by the retention rule in domain/checkin.ts).
 *
 * An inbound reply is recorded with a claim and marked handled once every action it called for has
 * completed, so a delivery that died halfway is finished by the next one: at least once, never lost.
 */
export interface CheckinRepository {
  /** Stores a check-in once per source id; with `claimMs`, claims it for that long (see RecordResult). */
  record(runnerId: string, checkin: Checkin, options?: { claimMs?: number }): Promise<RecordResult>;
  /** Every action the check-in called for has completed: later deliveries of it change nothing. A missing one is no error. */
  markHandled(runnerId: string, checkin: Pick<Checkin, "at" | "sourceId">): Promise<void>;
  /** Acting failed: ends this caller's claim (only the claim it was given) so the next delivery acts at once. */
  release(runnerId: string, checkin: Pick<Checkin, "at" | "sourceId">, claimUntil: string): Promise<void>;
  /** The runner's check-ins, oldest first. */
  list(runnerId: string): Promise<Checkin[]>;
}
