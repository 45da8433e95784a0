import { randomUUID } from "node:crypto";
import type { DynamoDueRepository } from "../adapters/dynamodb/due.js";
import type { Config } from "../config.js";
import { needsRecoveryWeek } from "../domain/adapt.js";
import type { Runner } from "../domain/profile.js";
import { profileOf } from "../domain/profile.js";
import type { Advance } from "../domain/programme.js";
import { planAdvance } from "../domain/programme.js";
import { PROGRAMME_WEEKS, renderRecoveryWeek, renderWeek } from "../domain/render/index.js";
import { nextSendAt } from "../domain/schedule.js";
import type { TokenKeys } from "../domain/tokens.js";
import { logger } from "../lib/logger.js";
import { TokenBucket } from "../lib/token-bucket.js";
import type { OutgoingEmail } from "../mail/mime.js";
import type { Mailer } from "../ports/mailer.js";
import { senderDomain } from "./emails.js";
import type { Links } from "./links.js";
import { linksOf } from "./links.js";

export interface DispatchResult {
  due: number;
  sent: number;
  skipped: number;
  failed: number;
}

/** Test seams that stand for the process dying at the worst moments. A hook that throws aborts the run. */
export interface DispatchHooks {
  afterClaim?(runnerId: string): void | Promise<void>;
  /** SES accepted the email with this Message-ID; the advance is not written yet. */
  afterSend?(runnerId: string, messageId: string): void | Promise<void>;
  /** The advance write returned (it landed, or found the claim no longer ours). */
  afterAdvance?(runnerId: string, messageId: string): void | Promise<void>;
}

export interface DispatchDeps {
  config: Config;
  keys: TokenKeys;
  due: DynamoDueRepository;
  mailer: Mailer;
  /**
   * Emails per second the provider allows (SES MaxSendRate): a number, or a function that reads it,
   * called only once the due Query has found someone (an empty tick never asks).
   */
  sendRate: number | (() => Promise<number>);
  /** Sends in flight at once; defaults to the rate, capped at 16. */
  concurrency?: number;
  sleep?: (ms: number) => Promise<void>;
  /** Milliseconds on a monotonic clock, for pacing (the token bucket); tests pass a fake timeline with `sleep`. */
  clock?: () => number;
  random?: () => number;
  /** Ends pauses whose date has passed, before the due Query, so they can go in this very run. */
  wakePaused?: (now: Date) => Promise<unknown>;
}

export interface DispatchInput {
  now: Date;
  /** Milliseconds left before the platform stops this invocation. */
  remainingMs: () => number;
  hooks?: DispatchHooks;
}

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
  (THROTTLE_NAMES.has(error.name) || statusOf(error) === 429 || statusOf(error) === 503 || (error as { $fault?: string }).$fault === "server");

/**
 * SES answered the SendEmail with an error (an HTTP status), so it did not take the email. Without an answer
 * (a timeout, a reset connection: the response was lost) SES may have accepted it: the outcome is unknown.
 */
const sesAnswered = (error: unknown): boolean => statusOf(error) !== undefined;

/** What goes out in one slot: the next lesson, or a recovery week that holds the lesson for a week. */
export type Send = { kind: "lesson"; week: number } | { kind: "recovery"; week: number };

export const planSend = (runner: Runner): Send =>
  needsRecoveryWeek(runner.recentCheckins ?? [], runner.lastRecoveryWeekAt)
    ? { kind: "recovery", week: runner.week }
    : { kind: "lesson", week: runner.week + 1 };

/** The weekly email for a runner, as it is sent. Message-ID derives from (runner, week). */
export const weeklyEmail = (config: Config, links: Links, runner: Runner, send: Send | number, now: Date): OutgoingEmail => {
  const plan: Send = typeof send === "number" ? { kind: "lesson", week: send } : send;
  const unsubscribeUrl = links.unsubscribe(runner.id, now);
  const input = {
    profile: profileOf(runner),
    footer: { unsubscribeUrl, preferencesUrl: links.preferences(runner.id, now), postalAddress: config.LEGWORK_POSTAL_ADDRESS },
    checkinLinks: [
      { label: "0–2", url: links.checkin(runner.id, now, 1) },
      { label: "3–5", url: links.checkin(runner.id, now, 4) },
      { label: "6–8", url: links.checkin(runner.id, now, 7) },
      { label: "9–10", url: links.checkin(runner.id, now, 9) },
    ],
    checkins: runner.recentCheckins ?? [],
  };
  const rendered =
    // A recovery send's week is the last lesson sent; the email holds back (and plans) the one after it.
    plan.kind === "recovery"
      ? renderRecoveryWeek({ ...input, week: Math.min(PROGRAMME_WEEKS, Math.max(1, plan.week + 1)) })
      : renderWeek({ ...input, week: plan.week });
  return {
    from: config.LEGWORK_FROM,
    to: runner.email,
    subject: rendered.subject,
    html: rendered.html,
    text: rendered.text,
    replyTo: links.replyTo(runner.id, now),
    unsubscribeUrl,
    messageId: `<${plan.kind === "recovery" ? "recovery" : "week"}${plan.week}.${runner.id}@${senderDomain(config.LEGWORK_FROM)}>`,
    date: now,
  };
};

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
  const bucket = new TokenBucket(deps.sendRate, deps.clock, deps.sleep);
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
        if (!sesAnswered(error) || !isTransient(error) || attempt >= MAX_SEND_ATTEMPTS || input.remainingMs() - backoff < margin) throw error;
        await sleep(backoff);
      }
    }
  };

  /**
   * The advance, once SES has accepted: retried on any error (it is conditional on our claim, so a retry after
   * a write that landed finds the claim gone and changes nothing), while the time left after the backoff is
   * at least half the safety margin (the rest is for the write itself). Gives up by throwing, claim kept.
   */
  const advanceAfterSend = async (runnerId: string, write: Parameters<DynamoDueRepository["advance"]>[1]): Promise<boolean> => {
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
          logger.error("advance not written after SES accepted; the claim stays until it expires", { runnerId, attempts: attempt, error: name });
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
    const claimed = await deps.due.claim(runner, { week: runner.week + 1, claimId, now: input.now, until: new Date(input.now.getTime() + CLAIM_MS) });
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
      sent: { week: plan.week, at: input.now.toISOString(), messageId: email.messageId, ...(plan.kind === "recovery" ? { kind: "recovery" } : {}) },
      now: input.now,
      recoveryWeek: plan.kind === "recovery",
    });
    await input.hooks?.afterAdvance?.(runner.id, email.messageId);
    return "sent";
  };
};

/** What the runner sender needs: the dispatcher's deps with the send rate known. */
export type RunnerSenderDeps = Omit<DispatchDeps, "sendRate" | "wakePaused"> & { sendRate: number };

/** The send rate, read now if it is a function. */
export const resolveSendRate = async (rate: DispatchDeps["sendRate"]): Promise<number> => (typeof rate === "number" ? rate : rate());

/** One dispatcher run: Query due runners and hand each to the runner sender, in parallel, while time remains. */
export const dispatch = async (deps: DispatchDeps, input: DispatchInput): Promise<DispatchResult> => {
  const result: DispatchResult = { due: 0, sent: 0, skipped: 0, failed: 0 };
  await deps.wakePaused?.(input.now);
  const source = deps.due.due(input.now);
  let stopped = false;

  const take = async (): Promise<Runner | undefined> => {
    if (stopped || input.remainingMs() < deps.config.LEGWORK_SAFETY_MARGIN_MS) {
      stopped = true;
      return undefined;
    }
    const item = await source.next();
    if (item.done) return undefined;
    result.due++;
    return item.value;
  };

  // The first due runner, before anything that only sending needs (the rate, the SES client).
  let first = await take();
  if (!first) {
    logger.info("dispatch finished", { ...result, stoppedEarly: stopped });
    return result;
  }
  const sendRate = await resolveSendRate(deps.sendRate);
  const handle = createRunnerSender({ ...deps, sendRate }, input);
  const concurrency = deps.concurrency ?? defaultConcurrency(sendRate);
  const next = async (): Promise<Runner | undefined> => {
    if (first) {
      const runner = first;
      first = undefined;
      return runner;
    }
    return take();
  };

  const worker = async (): Promise<void> => {
    try {
      for (let runner = await next(); runner; runner = await next()) {
        try {
          result[await handle(runner)]++;
        } catch (error) {
          if (error instanceof DispatchAbort) throw error;
          result.failed++;
          logger.error("runner failed", { runnerId: runner.id, error: error instanceof Error ? error.name : "unknown" });
        }
      }
    } catch (error) {
      stopped = true; // the others finish what they hold and take nothing new
      throw error;
    }
  };

  // Wait for every worker before returning, even when one fails: a worker still sending after the
  // invocation "ended" would run on in a frozen Lambda and could outlive its claim.
  const settled = await Promise.allSettled(Array.from({ length: concurrency }, worker));
  const failure = settled.find((s): s is PromiseRejectedResult => s.status === "rejected");
  if (failure) throw failure.reason;
  logger.info("dispatch finished", { ...result, stoppedEarly: stopped });
  return result;
};
