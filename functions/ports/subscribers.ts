import type { Preferences, Runner, RunnerStatus } from "../domain/profile.js";

/** Where undo takes an unsubscribed runner: the state before, a pause (or triage hold) included. */
export type RestoredState =
  { status: "active"; nextSendAt: Date } | { status: "paused"; pausedUntil?: string | undefined } | { status: "pending" | "completed" };

/** The two statuses that stop mail for good. */
export type SuppressedStatus = Extract<RunnerStatus, "bounced" | "complained">;

/**
 * Subscriber control: preferences, pause/resume/wake, undo of an unsubscribe, and suppression after bounces
 * and complaints. Every write is conditional on the runner existing and on the status it was planned
 * against, so no update resurrects a deleted runner or undoes a concurrent unsubscribe. Methods return the
 * runner after the write, or undefined (false) when the condition did not hold.
 */
export interface SubscriberAdmin {
  /** Saves the preferences while the runner still has `expectStatus`; `nextSendAt` (active runners) reschedules. */
  savePreferences(
    id: string,
    prefs: Preferences,
    input: { expectStatus: RunnerStatus; now: Date; nextSendAt?: Date },
  ): Promise<Runner | undefined>;
  /** active|paused → paused until `until` (no longer due; woken by `pausedDue`). */
  pause(id: string, input: { until: Date; now: Date }): Promise<Runner | undefined>;
  /** paused → active with its next slot; with `dueBy`, only if the pause has ended by then (the wake-up path). */
  resume(id: string, input: { nextSendAt: Date; now: Date; dueBy?: Date }): Promise<Runner | undefined>;
  /** Undo of the unsubscribe made at `unsubscribedAt`: back to `to`, only while still unsubscribed by it. */
  restore(id: string, input: { unsubscribedAt: string; to: RestoredState; now: Date }): Promise<Runner | undefined>;
  /** The one triage notice an hour from score links: true for the single caller that claimed it since `notBefore`. */
  claimTriageNotice(id: string, now: Date, notBefore: Date): Promise<boolean>;
  /** Paused runners whose pause ended at or before `now` (an index read, never a scan). */
  pausedDue(now: Date, pageSize?: number): AsyncGenerator<Runner>;
  /** Stops all mail for good; undefined when the runner had that status already (or a complaint, for a bounce). */
  suppress(id: string, status: SuppressedStatus, now: Date): Promise<Runner | undefined>;
  /** Counts one transient bounce (once per `feedbackId`): the new count, or undefined for a repeat or unknown runner. */
  countSoftBounce(id: string, feedbackId: string, now: Date): Promise<number | undefined>;
  /** A delivery ends a run of transient bounces: true when there was a count to clear. */
  clearSoftBounces(id: string): Promise<boolean>;
}

export type InsertOutcome = "created" | "email-taken" | "id-taken";

/** Inserts imported runners, never overwriting one: a taken address or id is an outcome, not an error. */
export interface RunnerImporter {
  /** @param now the time of the claim (the import's clock) */
  insert(runner: Runner, now: Date): Promise<InsertOutcome>;
}
