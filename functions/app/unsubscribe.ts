import { DynamoSubscriberAdmin } from "../adapters/dynamodb/subscribers.js";
import type { RestoredState } from "../adapters/dynamodb/subscribers.js";
import type { Runner } from "../domain/profile.js";
import { profileOf } from "../domain/profile.js";
import { nextSendAt } from "../domain/schedule.js";
import { verifyToken } from "../domain/tokens.js";
import { renderUnsubscribed } from "../domain/render/index.js";
import { logger } from "../lib/logger.js";
import type { Deps } from "../wiring.js";
import { envelope } from "./envelope.js";
import { Links } from "./links.js";

/** Reasons a runner may give for leaving (optional); only the code is kept. */
export const UNSUBSCRIBE_REASONS = {
  "too-many": "The emails come too often",
  "not-running": "I'm not running at the moment",
  "not-useful": "The coaching isn't useful to me",
  injured: "I'm injured",
  other: "Something else",
} as const;
export type UnsubscribeReason = keyof typeof UNSUBSCRIBE_REASONS;

/** Reads an unsubscribe token without acting (what a GET may do). */
export const checkUnsubscribeToken = (deps: Deps, token: string): string =>
  verifyToken(deps.keys, token, "unsubscribe", deps.now()).runnerId;

const sendUnsubscribedNote = async (deps: Deps, runner: Runner, baseUrl: string, now: Date): Promise<void> => {
  const links = new Links(deps.keys, baseUrl, deps.config.LEGWORK_REPLY_DOMAIN);
  const rendered = renderUnsubscribed({
    profile: profileOf(runner),
    resubscribeUrl: links.unsubscribe(runner.id, now),
    preferencesUrl: links.preferences(runner.id, now),
    postalAddress: deps.config.LEGWORK_POSTAL_ADDRESS,
  });
  await deps.mailer
    .send(
      envelope(deps.config, { kind: "unsubscribed", to: runner, rendered, messageKey: `unsubscribed.${runner.id}.${now.getTime()}`, now }),
    )
    .catch((error: unknown) =>
      logger.warn("unsubscribe note not sent", { runnerId: runner.id, error: error instanceof Error ? error.name : "unknown" }),
    );
};

/**
 * Unsubscribes at once: the very next tick sends nothing. The conditional write decides who sends the
 * short note with an undo link: only the call that made the change, so ten concurrent POSTs or a
 * second unsubscribe after an undo-less repeat send at most one. An RFC 8058 one-click POST
 * (`oneClick`) sends none: the runner asked their mail app to stop our mail, and the next thing
 * from us should not be another email (README, "Subscriber control").
 */
export const unsubscribe = async (
  deps: Deps,
  input: { token: string; baseUrl: string; oneClick?: boolean; reason?: UnsubscribeReason | undefined },
): Promise<Runner | undefined> => {
  const now = deps.now();
  const runnerId = checkUnsubscribeToken(deps, input.token);
  const outcome = await deps.runners.unsubscribe(runnerId, now);
  if (!outcome?.changed) return outcome?.runner;
  logger.info("runner unsubscribed", {
    runnerId,
    from: outcome.runner.unsubscribedFrom,
    oneClick: input.oneClick === true,
    reason: input.reason,
  });
  if (!input.oneClick) await sendUnsubscribedNote(deps, outcome.runner, input.baseUrl, now);
  return outcome.runner;
};

/**
 * Where undo goes: the state before unsubscribing. A pause still running comes back as that pause
 * (a triage hold as a hold), an ended one as active; a pending runner stays unconfirmed; a runner
 * unsubscribed before this was recorded comes back active.
 */
export const stateBefore = (runner: Runner, now: Date): RestoredState => {
  const from = runner.unsubscribedFrom;
  if (from === "paused" && !runner.pausedUntil) return { status: "paused" };
  if (from === "paused" && runner.pausedUntil && Date.parse(runner.pausedUntil) > now.getTime())
    return { status: "paused", pausedUntil: runner.pausedUntil };
  if (from === "pending" || from === "completed") return { status: from };
  return { status: "active", nextSendAt: nextSendAt(runner, now) };
};

/** Undo: back to the state before, keeping the runner's place in the programme. */
export const resubscribe = async (deps: Deps, token: string): Promise<Runner | undefined> => {
  const now = deps.now();
  const runnerId = checkUnsubscribeToken(deps, token);
  const runner = await deps.runners.getById(runnerId);
  if (!runner || runner.status !== "unsubscribed") return runner;
  const to = stateBefore(runner, now);
  const admin = new DynamoSubscriberAdmin(deps.doc, deps.config.LEGWORK_TABLE);
  const restored = await admin.restore(runnerId, { unsubscribedAt: runner.unsubscribedAt ?? "", to, now });
  if (restored) logger.info("runner resubscribed", { runnerId, status: restored.status });
  return restored ?? (await deps.runners.getById(runnerId));
};
