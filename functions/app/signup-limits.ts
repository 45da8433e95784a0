import { createHash } from "node:crypto";
import { rateLimitKey } from "./rate-limit-key.js";
import { mailboxHash } from "../domain/mailbox.js";
import { LegworkError } from "../domain/errors.js";
import type { Deps } from "../wiring.js";

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** Confirmation emails one mailbox may get in a day (the first, and a couple of "send it again"). */
export const CONFIRMATIONS_PER_MAILBOX_PER_DAY = 3;

export class RateLimitedError extends LegworkError {
  constructor(readonly retryAfterSeconds: number) {
    super("Too many signups from here; please try again later.");
  }
}

const hashKey = (value: string): string => createHash("sha256").update(value).digest("hex").slice(0, 32);

const windowOf = (now: Date, length: number): { start: Date; retryAfter: number } => {
  const start = new Date(Math.floor(now.getTime() / length) * length);
  return { start, retryAfter: Math.ceil((start.getTime() + length - now.getTime()) / 1000) };
};

/**
 * The limits checked before answering, the same work for a known and a new address: signups an hour
 * from one IP, and for one mailbox, with plus-tags and (where the provider ignores them) dots folded,
 * so runner+1@, runner+2@… count as one.
 */
export const enforceSignupLimits = async (deps: Deps, email: string, sourceIp: string, now: Date): Promise<void> => {
  const { start, retryAfter } = windowOf(now, HOUR_MS);
  // Keyed on the /32 of IPv4 and the /64 of IPv6 (one line's allocation), so rotating addresses gains nothing.
  const ipHits = await deps.rateLimiter.hit(`ip#${hashKey(rateLimitKey(sourceIp))}`, start, 3600);
  if (ipHits > deps.config.LEGWORK_SUBSCRIBE_PER_IP_PER_HOUR) throw new RateLimitedError(retryAfter);
  const mailboxHits = await deps.rateLimiter.hit(`addr#${mailboxHash(email)}`, start, 3600);
  if (mailboxHits > deps.config.LEGWORK_SUBSCRIBE_PER_ADDRESS_PER_HOUR) throw new RateLimitedError(retryAfter);
};

/**
 * Whether one more confirmation email may go out now: at most CONFIRMATIONS_PER_MAILBOX_PER_DAY to one
 * mailbox, and LEGWORK_CONFIRMATIONS_PER_HOUR from the whole service, so a flood of signups through
 * many addresses or IPs sends a bounded amount of mail.
 */
export const mayConfirm = async (deps: Deps, email: string, now: Date): Promise<"ok" | "mailbox" | "global"> => {
  const day = windowOf(now, DAY_MS).start;
  if ((await deps.rateLimiter.hit(`confirm#${mailboxHash(email)}`, day, 86_400)) > CONFIRMATIONS_PER_MAILBOX_PER_DAY) return "mailbox";
  const hour = windowOf(now, HOUR_MS).start;
  if ((await deps.rateLimiter.hit("confirm#all", hour, 3600)) > deps.config.LEGWORK_CONFIRMATIONS_PER_HOUR) return "global";
  return "ok";
};
