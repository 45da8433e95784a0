import { randomUUID } from "node:crypto";
import type { Runner } from "../domain/profile.js";
import { profileOf } from "../domain/profile.js";
import { planAdvance } from "../domain/programme.js";
import { PROGRAMME_WEEKS, renderWeek } from "../domain/render/index.js";
import type { DynamoDueRepository } from "../adapters/dynamodb/due.js";
import { logger } from "../lib/logger.js";
import { TokenBucket } from "../lib/token-bucket.js";
import type { OutgoingEmail } from "../mail/mime.js";
import type { Config } from "../config.js";
import type { Mailer } from "../ports/mailer.js";
import { senderDomain } from "./emails.js";
import { Links } from "./links.js";
import type { TokenKeys } from "../domain/tokens.js";

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
  /** Emails per second the provider allows (SES MaxSendRate). */
  sendRate: number;
  /** Sends in flight at once; defaults to the rate, capped at 16. */
  concurrency?: number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
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
const THROTTLE_NAMES = new Set(["TooManyRequestsException", "ThrottlingException", "Throttling"]);

const isThrottle = (error: unknown): boolean =>
  error instanceof Error &&
  (THROTTLE_NAMES.has(error.name) || (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 429);

const isTransient = (error: unknown): boolean =>
  isThrottle(error) || (error instanceof Error && ((error as { $fault?: string }).$fault === "server" || (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 503));

/** The weekly email for a runner, as it is sent. Message-ID derives from (runner, week). */
export const weeklyEmail = (config: Config, links: Links, runner: Runner, week: number, now: Date): OutgoingEmail => {
  const unsubscribeUrl = links.unsubscribe(runner.id, now);
  const rendered = renderWeek({
    profile: profileOf(runner),
    week,
    footer: { unsubscribeUrl, preferencesUrl: links.preferences(runner.id, now), postalAddress: config.LEGWORK_POSTAL_ADDRESS },
    checkinLinks: [
      { label: "0–2", url: links.checkin(runner.id, now, 1) },
      { label: "3–5", url: links.checkin(runner.id, now, 4) },
      { label: "6–8", url: links.checkin(runner.id, now, 7) },
      { label: "9–10", url: links.checkin(runner.id, now, 9) },
    ],
  });
  return {
    from: config.LEGWORK_FROM,
    to: runner.email,
    subject: rendered.subject,
    html: rendered.html,
    text: rendered.text,
    replyTo: links.replyTo(runner.id, now),
    unsubscribeUrl,
    messageId: `<week${week}.${runner.id}@${senderDomain(config.LEGWORK_FROM)}>`,
    date: now,
  };
};

/**
 * One dispatcher run: Query due runners, and for each claim the week, send, then advance.
 *
 * Exactly once per week: the claim is a conditional write on (status active, week = N-1, due, no live
 * claim), so duplicate invocations and racing dispatchers cannot both send week N. If the process dies
 * after SES accepted the email but before the advance write, the claim expires after CLAIM_MS and the
 * next run sends week N again (with the same Message-ID, which many clients fold into one). That window
 * is one UpdateItem long. A death before the send only delays the email by CLAIM_MS.
 */
export const dispatch = async (deps: DispatchDeps, input: DispatchInput): Promise<DispatchResult> => {
  const result: DispatchResult = { due: 0, sent: 0, skipped: 0, failed: 0 };
  const links = new Links(deps.keys, deps.config.LEGWORK_BASE_URL ?? "http://127.0.0.1:3000", deps.config.LEGWORK_REPLY_DOMAIN);
  const bucket = new TokenBucket(deps.sendRate, undefined, deps.sleep);
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const random = deps.random ?? Math.random;
  const margin = deps.config.LEGWORK_SAFETY_MARGIN_MS;
  const concurrency = deps.concurrency ?? Math.max(1, Math.min(16, Math.ceil(deps.sendRate)));
  const source = deps.due.due(input.now);
  let stopped = false;

  const next = async (): Promise<Runner | undefined> => {
    if (stopped || input.remainingMs() < margin) {
      stopped = true;
      return undefined;
    }
    const item = await source.next();
    if (item.done) return undefined;
    result.due++;
    return item.value;
  };

  const send = async (email: OutgoingEmail): Promise<string> => {
    for (let attempt = 1; ; attempt++) {
      await bucket.take();
      try {
        return (await deps.mailer.send(email)).providerMessageId;
      } catch (error) {
        const backoff = Math.min(20_000, 200 * 2 ** attempt) * random();
        if (!isTransient(error) || attempt >= MAX_SEND_ATTEMPTS || input.remainingMs() - backoff < margin) throw error;
        await sleep(backoff);
      }
    }
  };

  const handle = async (runner: Runner): Promise<void> => {
    const week = runner.week + 1;
    const claimId = randomUUID();
    const claimed = await deps.due.claim(runner, { week, claimId, now: input.now, until: new Date(input.now.getTime() + CLAIM_MS) });
    if (!claimed) {
      result.skipped++;
      return;
    }
    await input.hooks?.afterClaim?.(runner.id);
    const email = weeklyEmail(deps.config, links, runner, week, input.now);
    try {
      await send(email);
    } catch (error) {
      result.failed++;
      logger.error("weekly email not sent", { runnerId: runner.id, week, error: error instanceof Error ? error.name : "unknown" });
      await deps.due.release(runner.id, claimId);
      return;
    }
    await input.hooks?.afterSend?.(runner.id);
    const advanced = await deps.due.advance(runner.id, {
      claimId,
      advance: planAdvance(runner, PROGRAMME_WEEKS, input.now),
      sent: { week, at: input.now.toISOString(), messageId: email.messageId },
      now: input.now,
    });
    if (!advanced) logger.warn("claim lost before advance", { runnerId: runner.id, week });
    result.sent++;
  };

  const worker = async (): Promise<void> => {
    for (let runner = await next(); runner; runner = await next()) {
      try {
        await handle(runner);
      } catch (error) {
        if (error instanceof DispatchAbort) throw error;
        result.failed++;
        logger.error("runner failed", { runnerId: runner.id, error: error instanceof Error ? error.name : "unknown" });
      }
    }
  };

  await Promise.all(Array.from({ length: concurrency }, worker));
  logger.info("dispatch finished", { ...result, stoppedEarly: stopped });
  return result;
};

/** Thrown by test hooks to stand for the process dying: nothing after it runs, nothing is cleaned up. */
export class DispatchAbort extends Error {
  constructor(message = "dispatcher aborted") {
    super(message);
    this.name = "DispatchAbort";
  }
}
