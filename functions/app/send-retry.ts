/** The retry policy of a weekly send: which failures are retried, how often, and how long between tries. */
import { logger } from "../lib/logger.js";
import { TokenBucket } from "../lib/token-bucket.js";
import { EmailNotSentError } from "../mail/send-errors.js";

/** SendEmail attempts per email, each through the token bucket (the SES client itself makes one attempt per call). */
export const MAX_SEND_ATTEMPTS = 5;
/** The wait before send retry `attempt` (1-based) is uniform in [0, cap): exponential backoff with full jitter. */
export const sendBackoffCap = (attempt: number): number => Math.min(20_000, 200 * 2 ** attempt);
/** Advance writes per email once SES has accepted it (each is one SDK call, with the DynamoDB client's own retries). */
export const ADVANCE_ATTEMPTS = 4;
/** The wait before advance retry `attempt` (1-based) is uniform in [0, cap). */
export const advanceBackoffCap = (attempt: number): number => Math.min(2_000, 100 * 2 ** attempt);

/**
 * Weekly sends burst at most half a second's worth. SES allows about a second's worth above its steady rate;
 * senders sharing the rate (fan-out) burst at most half of that together, so they never cross it, and a
 * sender that paused between two batches (reading runners, claiming) catches up on that pause.
 */
export const SEND_BURST_SECONDS = 0.5;

/** The token bucket weekly sends go through, at `rate` per second with a burst of SEND_BURST_SECONDS. */
export const weeklyPacer = (rate: number, clock?: () => number, sleep?: (ms: number) => Promise<void>): TokenBucket =>
  new TokenBucket(rate, clock, sleep, Math.max(1, rate * SEND_BURST_SECONDS));

/** What both retry loops need: how to wait, the jitter, and the time left before the invocation ends. */
export interface RetryTiming {
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  remainingMs: () => number;
  /** LEGWORK_SAFETY_MARGIN_MS: no wait may leave less than this before the end. */
  margin: number;
}

/**
 * The provider answered and surely did not take the email (so the claim can be given back). Anything else,
 * a lost answer included, may have been sent: the claim is kept and the email goes again only after it expires.
 */
export const surelyNotSent = (error: unknown): error is EmailNotSentError => error instanceof EmailNotSentError;

const errorName = (error: unknown): string => (error instanceof Error ? error.name : "unknown");

/**
 * Sends through the token bucket, retrying throttling and provider faults with backoff while attempts and
 * time remain. A lost answer is never retried here: SES may have taken that email.
 */
export const sendWithRetry = async (send: () => Promise<unknown>, bucket: TokenBucket, timing: RetryTiming): Promise<void> => {
  for (let attempt = 1; ; attempt++) {
    await bucket.take();
    try {
      await send();
      return;
    } catch (error) {
      const backoff = sendBackoffCap(attempt) * timing.random();
      const retry = surelyNotSent(error) && error.transient && attempt < MAX_SEND_ATTEMPTS;
      if (!retry || timing.remainingMs() - backoff < timing.margin) throw error;
      await timing.sleep(backoff);
    }
  }
};

/**
 * The advance, once SES has accepted: retried on any error (it is conditional on our claim, so a retry after
 * a write that landed finds the claim gone and changes nothing), while the time left after the backoff is
 * at least half the safety margin (the rest is for the write itself). Gives up by throwing, claim kept.
 */
export const advanceWithRetry = async (
  write: () => Promise<boolean>,
  log: { runnerId: string; week: number },
  timing: RetryTiming,
): Promise<boolean> => {
  const { runnerId } = log;
  for (let attempt = 1; ; attempt++) {
    try {
      const advanced = await write();
      if (!advanced && attempt > 1) logger.info("advance retry found the claim gone (an earlier attempt landed)", { runnerId });
      else if (!advanced) logger.warn("claim lost before advance", log);
      return advanced;
    } catch (error) {
      const backoff = advanceBackoffCap(attempt) * timing.random();
      if (attempt >= ADVANCE_ATTEMPTS || timing.remainingMs() - backoff < timing.margin / 2) {
        logger.error("advance not written after SES accepted; the claim stays until it expires", {
          runnerId,
          attempts: attempt,
          error: errorName(error),
        });
        throw error;
      }
      logger.warn("advance failed after SES accepted; retrying", { runnerId, attempt, error: errorName(error) });
      await timing.sleep(backoff);
    }
  }
};
