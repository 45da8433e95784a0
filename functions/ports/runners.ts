import { LegworkError } from "../domain/errors.js";
import type { Runner } from "../domain/profile.js";

/** A new runner's id was taken already (ids are 64 random bits, so in practice never): nothing was written. */
export class RunnerIdTakenError extends LegworkError {}

/** Runner persistence, owned by the domain; DynamoDB implements it. */
export interface RunnerRepository {
  /** Creates a runner and claims its address; returns the existing runner when the address is taken. */
  /** RunnerIdTakenError when the id belongs to another runner. */
  create(runner: Runner): Promise<{ created: true; runner: Runner } | { created: false; runner: Runner }>;
  getById(id: string): Promise<Runner | undefined>;
  getByEmail(email: string): Promise<Runner | undefined>;
  /** Records that a confirmation email goes out now, unless one went out after `notBefore`. */
  markConfirmationSent(id: string, at: Date, notBefore: Date): Promise<boolean>;
  /** Forgets the mark again (the email did not go); a runner that is gone is no error. */
  clearConfirmationSent(id: string, at: Date): Promise<void>;
  /** pending|unsubscribed → active with its first send slot; undefined when not in such a state. */
  activate(id: string, input: { now: Date; nextSendAt: Date }): Promise<Runner | undefined>;
  /**
   * Stops all mail at once: no longer due, any claim dropped, the status before kept for undo.
   * `changed` is true only for the one call whose conditional write did it (that call may send the
   * note; concurrent or repeated calls see false). Undefined when the runner is unknown.
   */
  unsubscribe(id: string, now: Date): Promise<{ runner: Runner; changed: boolean } | undefined>;
  /**
   * Holds the programme after a red flag: paused with no end date (no wake-up), so only the runner's
   * RESUME or the preferences page starts it again. Undefined unless the runner was active or paused.
   */
  holdForTriage(id: string, now: Date): Promise<Runner | undefined>;
  /** Every runner, for operator tools only (never on the send path). */
  list(): Promise<Runner[]>;
}

/** Counters for abuse limits, one per key and time window. */
export interface RateLimiter {
  /** Counts one hit and returns the total in this window. */
  hit(key: string, windowStart: Date, windowSeconds: number): Promise<number>;
}
