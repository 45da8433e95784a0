import { randomUUID } from "node:crypto";
import type { DueRepository } from "../ports/due.js";
import type { Advance } from "../domain/programme.js";
import { planAdvance } from "../domain/programme.js";
import type { Runner } from "../domain/profile.js";
import { PROGRAMME_WEEKS } from "../domain/render/index.js";
import { nextSendAt } from "../domain/schedule.js";
import { logger } from "../lib/logger.js";
import { TokenBucket } from "../lib/token-bucket.js";
import type { OutgoingEmail } from "../mail/mime.js";
import type { DispatchDeps, DispatchInput } from "./dispatch.js";
import { linksOf } from "./links.js";
import { planSend, weeklyEmail } from "./weekly-email.js";

/** A claim outlives any one invocation (Lambda timeout 5 min), so a dead dispatcher's runners come back. */
export const CLAIM_MS = 15 * 60_000;
/** SendEmail attempts per email, each through the token bucket (the SES client itself makes one attempt per call). */
export const MAX_SEND_ATTEMPTS = 5;
/** The wait before send retry `attempt` (1-based) is uniform in [0, cap): exponential backoff with full jitter. */
export const sendBackoffCap = (attempt: number): number => Math.min(20_000, 200 * 2 ** attempt);
/** Advance writes per email once SES has accepted it (each is one SDK call, with the DynamoDB client's own retries). */
export const ADVANCE_ATTEMPTS = 4;
/** The wait before advance retry `attempt` (1-based) is uniform in [0, cap). */
export const advanceBackoffCap = (attempt: number): number => Math.min(2_000, 100 * 2 ** attempt);
/** Most sends in flight at once by default. */
export const MAX_CONCURRENCY = 16;

/** Sends in flight at once when DispatchDeps.concurrency is not set: the rate, capped at MAX_CONCURRENCY. */
export const defaultConcurrency = (sendRate: number): number => Math.max(1, Math.min(MAX_CONCURRENCY, Math.ceil(sendRate)));
const THROTTLE_NAMES = new Set(["TooManyRequestsException", "ThrottlingException", "Throttling"]);

const statusOf = (error: unknown): number | undefined => (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;

const isTransient = (error: unknown): boolean =>
  error instanceof Error &&
  (THROTTLE_NAMES.has(error.name) ||
    statusOf(error) === 429 ||
    statusOf(error) === 503 ||
    (error as { $fault?: string }).$fault === "server");

/**
 * SES answered the SendEmail with an error (an HTTP status), so it did not take the email. Without an answer
 * (a timeout, a reset connection: the response was lost) SES may have accepted it: the outcome is unknown.
 */
const sesAnswered = (error: unknown): boolean => statusOf(error) !== undefined;

/**
 * Weekly sends burst at most half a second's worth. SES allows about a second's worth above its steady rate;
 * senders sharing the rate (fan-out) burst at most half of that together, so they never cross it, and a
 * sender that paused between two batches (reading runners, claiming) catches up on that pause.
 */
export const SEND_BURST_SECONDS = 0.5;

/** The token bucket weekly sends go through, at `rate` per second with a burst of SEND_BURST_SECONDS. */
export const weeklyPacer = (rate: number, clock?: () => number, sleep?: (ms: number) => Promise<void>): TokenBucket =>
  new TokenBucket(rate, clock, sleep, Math.max(1, rate * SEND_BURST_SECONDS));

/** Thrown by test hooks to stand for the process dying: nothing after it runs, nothing is cleaned up. */
export class DispatchAbort extends Error {
  constructor(message = "dispatcher aborted") {
    super(message);
    this.name = "DispatchAbort";
  }
}

export type Outcome = "sent" | "skipped" | "failed";

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
  // A fake timeline (tests) gets a bucket of its own on it; otherwise the instance's shared one.
  const ownTimeline = deps.clock !== undefined || deps.sleep !== undefined;
  const bucket = (!ownTimeline && deps.pacer?.(deps.sendRate)) || weeklyPacer(deps.sendRate, deps.clock, deps.sleep);
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const random = deps.random ?? Math.random;
  const margin = deps.config.LEGWORK_SAFETY_MARGIN_MS;

  const send = async (email: OutgoingEmail): Promise<void> => {
    for (let attempt = 1; ; attempt++) {
      await bucket.take();
      try {
        await deps.mailer.send(email);
        return;
      } catch (error) {
        const backoff = sendBackoffCap(attempt) * random();
        if (!sesAnswered(error) || !isTransient(error) || attempt >= MAX_SEND_ATTEMPTS || input.remainingMs() - backoff < margin)
          throw error;
        await sleep(backoff);
      }
    }
  };

  /**
   * The advance, once SES has accepted: retried on any error (it is conditional on our claim, so a retry after
   * a write that landed finds the claim gone and changes nothing), while the time left after the backoff is
   * at least half the safety margin (the rest is for the write itself). Gives up by throwing, claim kept.
   */
  const advanceAfterSend = async (runnerId: string, write: Parameters<DueRepository["advance"]>[1]): Promise<boolean> => {
    for (let attempt = 1; ; attempt++) {
      try {
        const advanced = await deps.due.advance(runnerId, write);
        if (!advanced && attempt > 1) logger.info("advance retry found the claim gone (an earlier attempt landed)", { runnerId });
        else if (!advanced) logger.warn("claim lost before advance", { runnerId, week: write.sent.week });
        return advanced;
      } catch (error) {
        const backoff = advanceBackoffCap(attempt) * random();
        const name = error instanceof Error ? error.name : "unknown";
        if (attempt >= ADVANCE_ATTEMPTS || input.remainingMs() - backoff < margin / 2) {
          logger.error("advance not written after SES accepted; the claim stays until it expires", {
            runnerId,
            attempts: attempt,
            error: name,
          });
          throw error;
        }
        logger.warn("advance failed after SES accepted; retrying", { runnerId, attempt, error: name });
        await sleep(backoff);
      }
    }
  };

  return async (runner: Runner): Promise<Outcome> => {
    const plan = planSend(runner);
    const claimId = randomUUID();
    const claimed = await deps.due.claim(runner, {
      week: runner.week + 1,
      claimId,
      now: input.now,
      until: new Date(input.now.getTime() + CLAIM_MS),
    });
    if (!claimed) return "skipped";
    await input.hooks?.afterClaim?.(runner.id);
    const email = weeklyEmail(deps.config, links, runner, plan, input.now);
    try {
      await send(email);
    } catch (error) {
      const name = error instanceof Error ? error.name : "unknown";
      if (!sesAnswered(error)) {
        // SES may have taken it: keep the claim, so the email goes again at most once, after CLAIM_MS.
        logger.error("weekly email outcome unknown; claim kept until it expires", { runnerId: runner.id, week: plan.week, error: name });
        return "failed";
      }
      logger.error("weekly email not sent", { runnerId: runner.id, week: plan.week, error: name });
      await deps.due.release(runner.id, claimId);
      return "failed";
    }
    await input.hooks?.afterSend?.(runner.id, email.messageId);
    const advance: Advance =
      plan.kind === "recovery"
        ? { week: runner.week, completed: false, nextSendAt: nextSendAt(runner, input.now) }
        : planAdvance(runner, PROGRAMME_WEEKS, input.now);
    await advanceAfterSend(runner.id, {
      claimId,
      advance,
      sent: {
        week: plan.week,
        at: input.now.toISOString(),
        messageId: email.messageId,
        ...(plan.kind === "recovery" ? { kind: "recovery" } : {}),
      },
      now: input.now,
      recoveryWeek: plan.kind === "recovery",
    });
    await input.hooks?.afterAdvance?.(runner.id, email.messageId);
    return "sent";
  };
};

/** What the runner sender needs: the dispatcher's deps with the send rate known. */
export type RunnerSenderDeps = Omit<DispatchDeps, "sendRate" | "wakePaused" | "quota"> & { sendRate: number };

/** The send rate, read now if it is a function. */
export const resolveSendRate = async (rate: DispatchDeps["sendRate"]): Promise<number> => (typeof rate === "number" ? rate : rate());
