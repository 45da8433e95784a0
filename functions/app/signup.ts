import { randomId } from "../lib/random-id.js";
import type { Runner, Signup } from "../domain/profile.js";
import { nextSendAt } from "../domain/schedule.js";
import { LegworkError } from "../domain/errors.js";
import { verifyToken } from "../domain/tokens.js";
import { logger } from "../lib/logger.js";
import type { AppDeps } from "./deps.js";
import { confirmationEmail, welcomeEmail } from "./emails.js";
import { Links } from "./links.js";
import type { SignupJob } from "../ports/signup-queue.js";
import { RateLimitedError, enforceSignupLimits, mayConfirm } from "./signup-limits.js";

/**
 * At most one confirmation email per address per 10 minutes (a double tap sends one), and
 * CONFIRMATIONS_PER_MAILBOX_PER_DAY a day (signup-limits.ts), so "send it again" works but the form
 * cannot bomb an inbox.
 */
export const CONFIRMATION_INTERVAL_MS = 10 * 60_000;

export { RateLimitedError };

/** The email provider did not take the message; nothing about the runner changed. */
export class DeliveryUnavailableError extends LegworkError {}

/** 64 random bits, lower-case base32: token-safe and short enough for a reply address. */
export const newRunnerId = (): string => randomId(13);

/** What signup and confirmation need: the runners, the rate counters, the mailer and the signup queue. */
export type SignupDeps = Pick<AppDeps, "config" | "keys" | "now" | "runners" | "rateLimiter" | "mailer" | "signupQueue">;

const linksFor = (deps: Pick<AppDeps, "keys" | "config">, baseUrl: string): Links =>
  new Links(deps.keys, baseUrl, deps.config.LEGWORK_REPLY_DOMAIN);

/**
 * Takes a signup (double opt-in). What the caller waits for is the same for every address: the rate
 * limits, then the work is queued (ports/signup-queue.ts). So neither the answer nor its timing says
 * whether an address is known.
 */
export const subscribe = async (
  deps: SignupDeps,
  input: { signup: Signup; sourceIp: string; baseUrl: string; consentSource: string },
): Promise<void> => {
  const now = deps.now();
  await enforceSignupLimits(deps, input.signup.email, input.sourceIp, now);
  const job = { signup: input.signup, baseUrl: input.baseUrl, consentSource: input.consentSource, at: now.toISOString() };
  await deps.signupQueue.enqueue(job, (queued) => processSignup(deps, queued));
};

/**
 * The queued part of a signup: a new address becomes `pending` and gets a confirmation email; a
 * known pending one gets it again within the limits; the profile of a known runner is not changed by
 * an anonymous form (preferences change only through a signed link). A failed send clears the mark
 * and throws, so the queue retries it.
 */
export const processSignup = async (deps: Omit<SignupDeps, "signupQueue">, job: SignupJob): Promise<void> => {
  const now = deps.now();
  const { consent: _consent, ...profile } = job.signup;
  const candidate: Runner = {
    ...profile,
    id: newRunnerId(),
    status: "pending",
    week: 0,
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
    consentAt: job.at,
    consentSource: job.consentSource,
  };
  const { runner, created } = await deps.runners.create(candidate);
  if (!created && !["pending", "unsubscribed", "completed"].includes(runner.status)) {
    logger.info("signup for a known runner; nothing to send", { runnerId: runner.id, status: runner.status });
    return;
  }
  if (!(await deps.runners.markConfirmationSent(runner.id, now, new Date(now.getTime() - CONFIRMATION_INTERVAL_MS)))) {
    logger.info("confirmation sent a moment ago", { runnerId: runner.id });
    return;
  }
  const allowed = await mayConfirm(deps, runner.email, now);
  if (allowed !== "ok") {
    await deps.runners.clearConfirmationSent(runner.id, now);
    logger.warn("confirmation email not sent: over the limit", { runnerId: runner.id, limit: allowed });
    return;
  }
  try {
    await deps.mailer.send(confirmationEmail(deps.config, linksFor(deps, job.baseUrl), runner, now));
  } catch (error) {
    await deps.runners.clearConfirmationSent(runner.id, now);
    logger.error("confirmation email not accepted", { runnerId: runner.id, error: (error as Error).name });
    throw new DeliveryUnavailableError("We could not send the confirmation email just now.", { cause: error });
  }
  logger.info("confirmation email sent", { runnerId: runner.id, created });
};

/** Reads a confirm token without changing anything (what a GET may do). */
export const checkConfirmToken = (deps: Pick<AppDeps, "keys" | "now">, token: string): string =>
  verifyToken(deps.keys, token, "confirm", deps.now()).runnerId;

export type ConfirmOutcome = { kind: "confirmed"; runner: Runner } | { kind: "already"; runner: Runner | undefined };

/** Activates a runner from a confirm link, schedules week 1 and sends the welcome email. */
export const confirm = async (
  deps: Omit<SignupDeps, "signupQueue" | "rateLimiter">,
  input: { token: string; baseUrl: string },
): Promise<ConfirmOutcome> => {
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
