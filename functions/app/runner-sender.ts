import { randomUUID } from "node:crypto";
import type { Advance } from "../domain/programme.js";
import { planAdvance } from "../domain/programme.js";
import type { Runner } from "../domain/profile.js";
import { PROGRAMME_WEEKS } from "../domain/render/index.js";
import { nextSendAt } from "../domain/schedule.js";
import { logger } from "../lib/logger.js";
import type { OutgoingEmail } from "../mail/mime.js";
import type { DispatchDeps, DispatchInput } from "./dispatch.js";
import { linksOf } from "./links.js";
import type { RetryTiming } from "./send-retry.js";
import { advanceWithRetry, sendWithRetry, surelyNotSent, weeklyPacer } from "./send-retry.js";
import type { Send } from "./weekly-email.js";
import { planSend, weeklyEmail } from "./weekly-email.js";

/** A claim outlives any one invocation (Lambda timeout 5 min), so a dead dispatcher's runners come back. */
export const CLAIM_MS = 15 * 60_000;
/** Most sends in flight at once by default. */
export const MAX_CONCURRENCY = 16;

/** Sends in flight at once when DispatchDeps.concurrency is not set: the rate, capped at MAX_CONCURRENCY. */
export const defaultConcurrency = (sendRate: number): number => Math.max(1, Math.min(MAX_CONCURRENCY, Math.ceil(sendRate)));

export type Outcome = "sent" | "skipped" | "failed";

/** What the runner sender needs: the dispatcher's deps with the send rate known. */
export type RunnerSenderDeps = Omit<DispatchDeps, "sendRate" | "wakePaused" | "quota"> & { sendRate: number };

/** The send rate, read now if it is a function. */
export const resolveSendRate = async (rate: DispatchDeps["sendRate"]): Promise<number> => (typeof rate === "number" ? rate : rate());

/** The advance write after a send: the next slot (a recovery week holds the lesson), and the send's record. */
const advanceWrite = (runner: Runner, plan: Send, claimId: string, email: OutgoingEmail, now: Date) => {
  const recovery = plan.kind === "recovery";
  const advance: Advance = recovery
    ? { week: runner.week, completed: false, nextSendAt: nextSendAt(runner, now) }
    : planAdvance(runner, PROGRAMME_WEEKS, now);
  const sent = { week: plan.week, at: now.toISOString(), messageId: email.messageId, ...(recovery ? { kind: "recovery" as const } : {}) };
  return { claimId, advance, sent, now, recoveryWeek: recovery };
};

/** The token bucket of a run: a fake timeline (tests) gets one of its own on it; otherwise the instance's shared one. */
const bucketOf = (deps: RunnerSenderDeps) => {
  const ownTimeline = deps.clock !== undefined || deps.sleep !== undefined;
  return (!ownTimeline && deps.pacer?.(deps.sendRate)) || weeklyPacer(deps.sendRate, deps.clock, deps.sleep);
};

/**
 * Claim → send → advance for one runner, shared by the dispatcher and the fan-out sender.
 *
 * Exactly once per slot: the claim is a conditional write on (status active, week = N-1, due, no live
 * claim), so duplicate invocations and racing dispatchers cannot both send. If the process dies after
 * SES accepted the email but before the advance write, the claim expires after CLAIM_MS and the next
 * run sends that email again (same Message-ID, which many clients fold into one). That window is one
 * UpdateItem long: a failed advance write is retried (ADVANCE_ATTEMPTS, within the time left), so only
 * a death, or a DynamoDB outage longer than those retries, leaves it open. A SendEmail whose response
 * was lost is the same window: the claim is kept (never released, never retried inside it), so the email
 * goes again once, after CLAIM_MS. A death before the send only delays the email by CLAIM_MS.
 */
export const createRunnerSender = (deps: RunnerSenderDeps, input: DispatchInput) => {
  const links = linksOf(deps);
  const bucket = bucketOf(deps);
  const timing: RetryTiming = {
    sleep: deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms))),
    random: deps.random ?? Math.random,
    remainingMs: input.remainingMs,
    margin: deps.config.LEGWORK_SAFETY_MARGIN_MS,
  };

  /** Sends, or says why not: a refusal gives the claim back; an unknown outcome keeps it (SES may have the email). */
  const sendOrGiveBack = async (runner: Runner, plan: Send, claimId: string, email: OutgoingEmail): Promise<boolean> => {
    try {
      await sendWithRetry(() => deps.mailer.send(email), bucket, timing);
      return true;
    } catch (error) {
      const log = { runnerId: runner.id, week: plan.week, error: error instanceof Error ? error.name : "unknown" };
      if (!surelyNotSent(error)) {
        logger.error("weekly email outcome unknown; claim kept until it expires", log);
        return false;
      }
      logger.error("weekly email not sent", log);
      await deps.due.release(runner.id, claimId);
      return false;
    }
  };

  return async (runner: Runner): Promise<Outcome> => {
    const plan = planSend(runner);
    const claimId = randomUUID();
    const until = new Date(input.now.getTime() + CLAIM_MS);
    if (!(await deps.due.claim(runner, { week: runner.week + 1, claimId, now: input.now, until }))) return "skipped";
    const email = weeklyEmail(deps.config, links, runner, plan, input.now);
    if (!(await sendOrGiveBack(runner, plan, claimId, email))) return "failed";
    const write = advanceWrite(runner, plan, claimId, email, input.now);
    await advanceWithRetry(() => deps.due.advance(runner.id, write), { runnerId: runner.id, week: plan.week }, timing);
    return "sent";
  };
};
