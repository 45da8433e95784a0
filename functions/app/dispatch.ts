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
  afterSend?(runnerId: string): void | Promise<void>;
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
const MAX_SEND_ATTEMPTS = 5;
/** Most sends in flight at once by default. */
export const MAX_CONCURRENCY = 16;

/** Sends in flight at once when DispatchDeps.concurrency is not set: the rate, capped at MAX_CONCURRENCY. */
export const defaultConcurrency = (sendRate: number): number => Math.max(1, Math.min(MAX_CONCURRENCY, Math.ceil(sendRate)));
const THROTTLE_NAMES = new Set(["TooManyRequestsException", "ThrottlingException", "Throttling"]);

const statusOf = (error: unknown): number | undefined => (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;

const isTransient = (error: unknown): boolean =>
  error instanceof Error &&
  (THROTTLE_NAMES.has(error.name) || statusOf(error) === 429 || statusOf(error) === 503 || (error as { $fault?: string }).$fault === "server");

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
    plan.kind === "recovery" ? renderRecoveryWeek({ ...input, week: Math.max(1, plan.week) }) : renderWeek({ ...input, week: plan.week });
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
 * UpdateItem long. A death before the send only delays the email by CLAIM_MS.
 */
export const createRunnerSender = (deps: RunnerSenderDeps, input: DispatchInput) => {
  const links = linksOf(deps);
  const bucket = new TokenBucket(deps.sendRate, undefined, deps.sleep);
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
        const backoff = Math.min(20_000, 200 * 2 ** attempt) * random();
        if (!isTransient(error) || attempt >= MAX_SEND_ATTEMPTS || input.remainingMs() - backoff < margin) throw error;
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
      logger.error("weekly email not sent", { runnerId: runner.id, week: plan.week, error: error instanceof Error ? error.name : "unknown" });
      await deps.due.release(runner.id, claimId);
      return "failed";
    }
    await input.hooks?.afterSend?.(runner.id);
    const advance: Advance =
      plan.kind === "recovery"
        ? { week: runner.week, completed: false, nextSendAt: nextSendAt(runner, input.now) }
        : planAdvance(runner, PROGRAMME_WEEKS, input.now);
    const advanced = await deps.due.advance(runner.id, {
      claimId,
      advance,
      sent: { week: plan.week, at: input.now.toISOString(), messageId: email.messageId, ...(plan.kind === "recovery" ? { kind: "recovery" } : {}) },
      now: input.now,
      recoveryWeek: plan.kind === "recovery",
    });
    if (!advanced) logger.warn("claim lost before advance", { runnerId: runner.id, week: plan.week });
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
