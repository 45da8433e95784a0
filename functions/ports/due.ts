import type { Runner } from "../domain/profile.js";
import type { Advance } from "../domain/programme.js";

/** One weekly email sent, as the runner's send history keeps it. */
export interface SendRecord {
  week: number;
  at: string;
  messageId: string;
  kind?: "recovery";
}

/** Runners due a weekly email, read from an index (never a scan of every runner). */
export interface DueQuery {
  /** Runners whose next send is at or before `now`, page by page. */
  due(now: Date, pageSize?: number): AsyncGenerator<Runner>;
  /** Due runners with no live queue lease (see SendClaims.markQueued). */
  dueNotQueued(now: Date, pageSize?: number): AsyncGenerator<Runner>;
  /** Index items the queries have read so far, for cost accounting. */
  readonly itemsRead: number;
}

/**
 * The exactly-once bookkeeping of a weekly send. Every method is a conditional write: `false` (a named
 * result, never an error) when its condition no longer holds.
 */
export interface SendClaims {
  /** Leases `week` to the send queue until `until`: false unless due for exactly that week with no live lease. */
  markQueued(runner: Runner, input: { week: number; now: Date; until: Date }): Promise<boolean>;
  /** Ends a lease whose message the queue refused. */
  unmarkQueued(runnerId: string, week: number): Promise<void>;
  /** Claims `week` until `until`: false when another sender holds a live claim or the runner is not due for exactly it. */
  claim(runner: Runner, input: { week: number; claimId: string; now: Date; until: Date }): Promise<boolean>;
  /** Records the send and moves the runner on, only while `claimId` still holds the claim and the runner is active. */
  advance(
    runnerId: string,
    input: { claimId: string; advance: Advance; sent: SendRecord; now: Date; recoveryWeek?: boolean },
  ): Promise<boolean>;
  /** Gives a claim back after a failed send. */
  release(runnerId: string, claimId: string): Promise<void>;
}

/** The dispatcher's and sender's view of the runners: the due query and the send claims. */
export type DueRepository = DueQuery & SendClaims;
