import * as z from "zod/mini";
import "../domain/zod-locale.js";
import { DynamoSubscriberAdmin } from "../adapters/dynamodb/subscribers.js";
import { ValidationError } from "../domain/errors.js";
import type { FieldIssue } from "../domain/errors.js";
import type { Runner } from "../domain/profile.js";
import { isHeldForTriage, preferencesOf, preferencesSchema } from "../domain/profile.js";
import { nextSendAt } from "../domain/schedule.js";
import { verifyToken } from "../domain/tokens.js";
import { logger } from "../lib/logger.js";
import type { Deps } from "../wiring.js";
import { RunnerNotFoundError, StateConflictError } from "./subscriber-errors.js";

/**
 * Subscriber control from the preferences page: change the profile, pause for 1-12 weeks, resume.
 *
 * Paused runners wake up by themselves. A pause with an end date moves the runner from the due
 * partitions of the sparse index (`DUE#<shard>`) to wake partitions of the same index
 * (`PAUSED#<shard>`, sort key = pausedUntil), with status "paused" for everyone to see. The dispatcher
 * calls `resumeDuePaused(deps, now)` first on each tick: one Query per wake shard (never a Scan) finds
 * the pauses that have ended, and each runner goes back to active with its first slot after
 * `pausedUntil`. If that slot has already passed, the same tick sends it: one email, not a burst.
 */

const WEEK_MS = 7 * 86_400_000;
export const MAX_PAUSE_WEEKS = 12;
/** At most this many runners are woken per tick, so a backlog never eats the dispatcher's time. */
export const WAKE_LIMIT_PER_TICK = 500;

const pauseSchema = z.object({
  weeks: z.pipe(
    z.transform((v: unknown) => (typeof v === "string" && /^\s*\d+\s*$/.test(v) ? Number(v) : v)),
    z
      .number({ error: `weeks must be a whole number from 1 to ${MAX_PAUSE_WEEKS}` })
      .check(
        z.int(`weeks must be a whole number from 1 to ${MAX_PAUSE_WEEKS}`),
        z.gte(1, `weeks must be a whole number from 1 to ${MAX_PAUSE_WEEKS}`),
        z.lte(MAX_PAUSE_WEEKS, `weeks must be a whole number from 1 to ${MAX_PAUSE_WEEKS}`),
      ),
  ),
});

type AdminDeps = Pick<Deps, "doc" | "config">;
const adminOf = (deps: AdminDeps): DynamoSubscriberAdmin => new DynamoSubscriberAdmin(deps.doc, deps.config.LEGWORK_TABLE);

const fieldsOf = (error: z.core.$ZodError): FieldIssue[] =>
  error.issues.map((i) => ({ path: i.path.length ? String(i.path[0]) : "body", message: i.message }));

export { preferencesOf };

const runnerFor = async (deps: Deps, token: string): Promise<Runner> => {
  const runnerId = verifyToken(deps.keys, token, "prefs", deps.now()).runnerId;
  const runner = await deps.runners.getById(runnerId);
  if (!runner) throw new RunnerNotFoundError();
  return runner;
};

/**
 * The runner a preferences link is for. Changes nothing (what a GET may do).
 * @example const runner = await openPreferences(deps, token);
 */
export const openPreferences = (deps: Deps, token: string): Promise<Runner> => runnerFor(deps, token);

/**
 * Validates `changes` over the runner's current preferences with the signup form's schema and saves
 * them. An active runner whose day, hour or zone changed gets a new `nextSendAt` (and due-index
 * attributes); other changes leave the schedule alone, so an email that is due right now still goes.
 * Invalid input → ValidationError and nothing is written.
 * @example await savePreferences(deps, { token, changes: { sendHour: 18 } });
 */
export const savePreferences = async (deps: Deps, input: { token: string; changes: Record<string, unknown> }): Promise<Runner> => {
  const now = deps.now();
  for (let attempt = 0; attempt < 3; attempt++) {
    const runner = await runnerFor(deps, input.token);
    const parsed = preferencesSchema.safeParse({ ...preferencesOf(runner), ...input.changes });
    if (!parsed.success) {
      const fields = fieldsOf(parsed.error);
      throw new ValidationError(`Please check: ${[...new Set(fields.map((f) => f.path))].join(", ")}.`, fields);
    }
    const prefs = parsed.data;
    const moved = prefs.timezone !== runner.timezone || prefs.sendDay !== runner.sendDay || prefs.sendHour !== runner.sendHour;
    const next = runner.status === "active" && (moved || !runner.nextSendAt) ? nextSendAt(prefs, now) : undefined;
    // Conditional on the status we planned against: an unsubscribe in between is never undone.
    const saved = await adminOf(deps).savePreferences(runner.id, prefs, { expectStatus: runner.status, now, nextSendAt: next });
    if (saved) {
      logger.info("preferences saved", { runnerId: runner.id, rescheduled: next !== undefined });
      return saved;
    }
  }
  throw new StateConflictError("Your settings changed while we were saving. Please try again.");
};

/**
 * Pauses an active (or already paused) runner for `weeks` weeks from now. For the inbound "pause N
 * weeks" reply too, which already knows the runner.
 * @example await pauseRunner(deps, runner.id, 2);
 */
export const pauseRunner = async (deps: Deps, runnerId: string, weeks: unknown): Promise<Runner> => {
  const parsed = pauseSchema.safeParse({ weeks });
  if (!parsed.success) throw new ValidationError(`Choose a pause of 1 to ${MAX_PAUSE_WEEKS} weeks.`, fieldsOf(parsed.error));
  const now = deps.now();
  const runner = await deps.runners.getById(runnerId);
  if (!runner) throw new RunnerNotFoundError();
  if (runner.status !== "active" && runner.status !== "paused")
    throw new StateConflictError("Only coaching that is running can be paused.");
  // A triage hold has no end date: a pause that ends by itself would restart the emails before the
  // runner has decided the pain has been dealt with.
  if (isHeldForTriage(runner))
    throw new StateConflictError(
      "Your coaching is already paused until you resume it, after the warning signs you told us about. Press Resume when you're ready.",
    );
  const paused = await adminOf(deps).pause(runnerId, { until: new Date(now.getTime() + parsed.data.weeks * WEEK_MS), now });
  if (!paused) throw new StateConflictError("Your coaching changed state just now. Please reload the page.");
  logger.info("runner paused", { runnerId, weeks: parsed.data.weeks, pausedUntil: paused.pausedUntil });
  return paused;
};

/** Pause from the preferences page: the token is checked before anything else. */
export const pause = async (deps: Deps, input: { token: string; weeks: unknown }): Promise<Runner> => {
  const runnerId = verifyToken(deps.keys, input.token, "prefs", deps.now()).runnerId;
  return pauseRunner(deps, runnerId, input.weeks);
};

/**
 * Ends a pause now: active again from the next slot after now, at the same programme week.
 * @example await resumeRunner(deps, runner.id);
 */
export const resumeRunner = async (deps: Deps, runnerId: string): Promise<Runner> => {
  const now = deps.now();
  const runner = await deps.runners.getById(runnerId);
  if (!runner) throw new RunnerNotFoundError();
  if (runner.status !== "paused") throw new StateConflictError("Your coaching emails are not paused.");
  const resumed = await adminOf(deps).resume(runnerId, { nextSendAt: nextSendAt(runner, now), now });
  if (!resumed) throw new StateConflictError("Your coaching changed state just now. Please reload the page.");
  logger.info("runner resumed", { runnerId, nextSendAt: resumed.nextSendAt });
  return resumed;
};

export const resume = async (deps: Deps, input: { token: string }): Promise<Runner> => {
  const runnerId = verifyToken(deps.keys, input.token, "prefs", deps.now()).runnerId;
  return resumeRunner(deps, runnerId);
};

export interface WakeResult {
  woken: number;
  /** Runners found but changed meanwhile (resumed by hand, unsubscribed...). */
  skipped: number;
}

/**
 * Wakes every runner whose pause ended at or before `now`: status active, `nextSendAt` = the first
 * slot after `pausedUntil`, back in the due index. Idempotent and safe to run from racing dispatchers
 * (each wake is conditional on the runner still being paused with an ended pause).
 * @example await resumeDuePaused(deps, input.now); // first thing in a dispatcher tick
 */
export const resumeDuePaused = async (deps: AdminDeps, now: Date, limit = WAKE_LIMIT_PER_TICK): Promise<WakeResult> => {
  const admin = adminOf(deps);
  const result: WakeResult = { woken: 0, skipped: 0 };
  for await (const runner of admin.pausedDue(now)) {
    if (result.woken + result.skipped >= limit) break;
    const until = runner.pausedUntil ? new Date(runner.pausedUntil) : now;
    const woken = await admin.resume(runner.id, { nextSendAt: nextSendAt(runner, until), now, dueBy: now });
    if (woken) result.woken++;
    else result.skipped++;
  }
  if (result.woken + result.skipped > 0) logger.info("paused runners woken", { ...result });
  return result;
};
