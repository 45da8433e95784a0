import type { Runner } from "../domain/profile.js";
import { profileOf } from "../domain/profile.js";
import { nextSendAt } from "../domain/schedule.js";
import { verifyToken } from "../domain/tokens.js";
import { renderUnsubscribed } from "../domain/render/index.js";
import { logger } from "../lib/logger.js";
import type { Deps } from "../wiring.js";
import { senderDomain } from "./emails.js";
import { Links } from "./links.js";

/** Reads an unsubscribe token without acting (what a GET may do). */
export const checkUnsubscribeToken = (deps: Deps, token: string): string =>
  verifyToken(deps.keys, token, "unsubscribe", deps.now()).runnerId;

/**
 * Unsubscribes at once (RFC 8058 one-click included): the very next tick sends nothing. Sends one short
 * transactional note with an undo link, the first time only.
 */
export const unsubscribe = async (deps: Deps, input: { token: string; baseUrl: string }): Promise<Runner | undefined> => {
  const now = deps.now();
  const runnerId = checkUnsubscribeToken(deps, input.token);
  const before = await deps.runners.getById(runnerId);
  if (!before) return undefined;
  const runner = await deps.runners.unsubscribe(runnerId, now);
  if (!runner || before.status === "unsubscribed" || before.status === "bounced" || before.status === "complained") return runner;
  logger.info("runner unsubscribed", { runnerId });
  const links = new Links(deps.keys, input.baseUrl, deps.config.LEGWORK_REPLY_DOMAIN);
  const rendered = renderUnsubscribed({
    profile: profileOf(runner),
    resubscribeUrl: links.unsubscribe(runner.id, now),
    preferencesUrl: links.preferences(runner.id, now),
    postalAddress: deps.config.LEGWORK_POSTAL_ADDRESS,
  });
  await deps.mailer
    .send({
      from: deps.config.LEGWORK_FROM,
      to: runner.email,
      ...rendered,
      messageId: `<unsubscribed.${runner.id}.${now.getTime()}@${senderDomain(deps.config.LEGWORK_FROM)}>`,
      date: now,
    })
    .catch((error: unknown) => logger.warn("unsubscribe note not sent", { runnerId, error: error instanceof Error ? error.name : "unknown" }));
  return runner;
};

/** Undo: back to active from the next slot, keeping the runner's place in the programme. */
export const resubscribe = async (deps: Deps, token: string): Promise<Runner | undefined> => {
  const now = deps.now();
  const runnerId = checkUnsubscribeToken(deps, token);
  const runner = await deps.runners.getById(runnerId);
  if (!runner || runner.status !== "unsubscribed") return runner;
  return deps.runners.activate(runnerId, { now, nextSendAt: nextSendAt(runner, now) });
};
