import { createHash } from "node:crypto";
import { rateLimitKey } from "../domain/client-address.js";
import { randomId } from "../lib/random-id.js";
import type { Runner, Signup } from "../domain/profile.js";
import { nextSendAt } from "../domain/schedule.js";
import { LegworkError } from "../domain/errors.js";
import { verifyToken } from "../domain/tokens.js";
import { logger } from "../lib/logger.js";
import type { Deps } from "../wiring.js";
import { confirmationEmail, welcomeEmail } from "./emails.js";
import { Links } from "./links.js";

const HOUR_MS = 3_600_000;
/** At most one confirmation email per address per day, so the form cannot bomb an inbox. */
export const CONFIRMATION_INTERVAL_MS = 24 * HOUR_MS;

export class RateLimitedError extends LegworkError {
  constructor(readonly retryAfterSeconds: number) {
    super("Too many signups from here; please try again later.");
  }
}

/** The email provider did not take the message; nothing about the runner changed. */
export class DeliveryUnavailableError extends LegworkError {}

/** 64 random bits, lower-case base32: token-safe and short enough for a reply address. */
export const newRunnerId = (): string => randomId(13);

const linksFor = (deps: Deps, baseUrl: string): Links =>
  new Links(deps.keys, baseUrl, deps.config.LEGWORK_REPLY_DOMAIN);

const hashKey = (value: string): string => createHash("sha256").update(value).digest("hex").slice(0, 32);

const enforceLimits = async (deps: Deps, signup: Signup, sourceIp: string, now: Date): Promise<void> => {
  const windowStart = new Date(Math.floor(now.getTime() / HOUR_MS) * HOUR_MS);
  const retryAfter = Math.ceil((windowStart.getTime() + HOUR_MS - now.getTime()) / 1000);
  // Keyed on the /32 of IPv4 and the /64 of IPv6 (one line's allocation), so rotating addresses gains nothing.
  const ipHits = await deps.rateLimiter.hit(`ip#${hashKey(rateLimitKey(sourceIp))}`, windowStart, 3600);
  if (ipHits > deps.config.LEGWORK_SUBSCRIBE_PER_IP_PER_HOUR) throw new RateLimitedError(retryAfter);
  const addressHits = await deps.rateLimiter.hit(`addr#${hashKey(signup.email)}`, windowStart, 3600);
  if (addressHits > deps.config.LEGWORK_SUBSCRIBE_PER_ADDRESS_PER_HOUR) throw new RateLimitedError(retryAfter);
};

/**
 * Signs a runner up (double opt-in). The outcome is deliberately invisible to the caller, so the
 * form cannot tell whether an address is known: a new address becomes `pending` and gets a
 * confirmation email; a known one gets at most one confirmation email a day, and its profile is not
 * changed by an anonymous form (preferences change only through a signed link).
 */
export const subscribe = async (
  deps: Deps,
  input: { signup: Signup; sourceIp: string; baseUrl: string; consentSource: string },
): Promise<void> => {
  const now = deps.now();
  await enforceLimits(deps, input.signup, input.sourceIp, now);
  const { consent: _consent, ...profile } = input.signup;
  const candidate: Runner = {
    ...profile,
    id: newRunnerId(),
    status: "pending",
    week: 0,
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
    consentAt: now.toISOString(),
    consentSource: input.consentSource,
  };
  const { runner, created } = await deps.runners.create(candidate);
  if (!created && !["pending", "unsubscribed", "completed"].includes(runner.status)) {
    logger.info("signup for a known runner; nothing to send", { runnerId: runner.id, status: runner.status });
    return;
  }
  const notBefore = new Date(now.getTime() - CONFIRMATION_INTERVAL_MS);
  if (!(await deps.runners.markConfirmationSent(runner.id, now, notBefore))) {
    logger.info("confirmation already sent in the last 24 h", { runnerId: runner.id });
    return;
  }
  try {
    await deps.mailer.send(confirmationEmail(deps.config, linksFor(deps, input.baseUrl), runner, now));
  } catch (error) {
    await deps.runners.clearConfirmationSent(runner.id, now);
    logger.error("confirmation email not accepted", { runnerId: runner.id, error: (error as Error).name });
    throw new DeliveryUnavailableError("We could not send the confirmation email just now.", { cause: error });
  }
  logger.info("confirmation email sent", { runnerId: runner.id, created });
};

/** Reads a confirm token without changing anything (what a GET may do). */
export const checkConfirmToken = (deps: Deps, token: string): string =>
  verifyToken(deps.keys, token, "confirm", deps.now()).runnerId;

export type ConfirmOutcome = { kind: "confirmed"; runner: Runner } | { kind: "already"; runner: Runner | undefined };

/** Activates a runner from a confirm link, schedules week 1 and sends the welcome email. */
export const confirm = async (deps: Deps, input: { token: string; baseUrl: string }): Promise<ConfirmOutcome> => {
  const now = deps.now();
  const runnerId = verifyToken(deps.keys, input.token, "confirm", now).runnerId;
  const existing = await deps.runners.getById(runnerId);
  if (!existing) return { kind: "already", runner: undefined };
  const runner = await deps.runners.activate(runnerId, { now, nextSendAt: nextSendAt(existing, now) });
  if (!runner) return { kind: "already", runner: existing };
  logger.info("runner confirmed", { runnerId, nextSendAt: runner.nextSendAt });
  try {
    await deps.mailer.send(welcomeEmail(deps.config, linksFor(deps, input.baseUrl), runner, now));
  } catch (error) {
    // The runner is active either way; the first weekly email carries everything the welcome does.
    logger.warn("welcome email not accepted", { runnerId, error: (error as Error).name });
  }
  return { kind: "confirmed", runner };
};
