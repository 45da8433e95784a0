/** The screens an inbound reply passes before it may change anything (handleInbound, inbound.ts). */
import { DynamoCheckinRepository } from "../adapters/dynamodb/checkins.js";
import { DynamoReplySeen } from "../adapters/dynamodb/reply-seen.js";
import { replyToken, screenVerdicts } from "../domain/inbound.js";
import type { Runner } from "../domain/profile.js";
import { CHECKIN_IGNORED_STATUSES } from "../domain/profile.js";
import type { InboundMessage } from "../domain/reply/index.js";
import { TokenError, verifyToken } from "../domain/tokens.js";
import { logger } from "../lib/logger.js";
import type { Deps } from "../wiring.js";
import type { InboundInput, InboundOutcome } from "./inbound.js";
import { readReply } from "./inbound-read.js";

/** The stores an inbound reply is recorded in: its check-in (with the delivery's claim) and the replay guard. */
export const inboundStores = (deps: Deps) => ({
  checkins: new DynamoCheckinRepository(deps.doc, deps.config.LEGWORK_TABLE, deps.config.LEGWORK_CHECKIN_RETENTION_DAYS, deps.now),
  seen: new DynamoReplySeen(deps.doc, deps.config.LEGWORK_TABLE, deps.config.LEGWORK_CHECKIN_RETENTION_DAYS),
});
export type InboundStores = ReturnType<typeof inboundStores>;

/** A dropped reply: logged by reason and runner id only (no personal text). */
export const drop = (
  kind: "rejected" | "ignored",
  reason: string,
  input: Pick<InboundInput, "messageId">,
  runnerId?: string,
): InboundOutcome => {
  logger.info(`inbound ${kind}`, { reason, messageId: input.messageId, ...(runnerId ? { runnerId } : {}) });
  return { kind, reason, ...(runnerId ? { runnerId } : {}) };
};

export type Screened = { kind: "dropped"; outcome: InboundOutcome } | { kind: "accepted"; runner: Runner; message: InboundMessage };

/** The runner a reply is for: SES's verdicts pass, its size is allowed, and its recipient carries a valid signed token. */
const screenEnvelope = async (
  deps: Deps,
  input: InboundInput,
  now: Date,
): Promise<{ dropped: InboundOutcome } | { runner: Runner; token: string }> => {
  const screen = screenVerdicts(input.verdicts);
  if (!screen.ok) return { dropped: drop("rejected", screen.reason, input) };
  if (input.raw.length > deps.config.LEGWORK_INBOUND_MAX_BYTES) return { dropped: drop("rejected", "too_large", input) };
  const token = replyToken(input.recipients, deps.config.LEGWORK_REPLY_DOMAIN);
  if (!token) return { dropped: drop("rejected", "no_reply_token", input) };
  let runnerId: string;
  try {
    runnerId = verifyToken(deps.keys, token, "checkin", now).runnerId;
  } catch (error) {
    if (error instanceof TokenError) return { dropped: drop("rejected", `token_${error.name}`, input) };
    throw error;
  }
  const runner = await deps.runners.getById(runnerId);
  if (!runner) return { dropped: drop("rejected", "unknown_runner", input, runnerId) };
  return { runner, token };
};

/**
 * Every screen, in order: the envelope (verdicts, size, token, runner), the message itself (parse, From is the
 * runner's own address, no auto-reply), the runner's status (CHECKIN_IGNORED_STATUSES), and replays of an
 * earlier message (same Message-ID or body) under a new SES id.
 */
export const screenInbound = async (deps: Deps, stores: InboundStores, input: InboundInput, now: Date): Promise<Screened> => {
  const envelope = await screenEnvelope(deps, input, now);
  if ("dropped" in envelope) return { kind: "dropped", outcome: envelope.dropped };
  const { runner, token } = envelope;
  const dropped = (kind: "rejected" | "ignored", reason: string): Screened => ({
    kind: "dropped",
    outcome: drop(kind, reason, input, runner.id),
  });
  const read = await readReply(deps, input, runner, stores.checkins, now);
  if (read.kind !== "message") return dropped(read.kind, read.reason);
  if (CHECKIN_IGNORED_STATUSES.has(runner.status)) return dropped("ignored", `status_${runner.status}`);
  const replayed = await stores.seen.claim(
    runner.id,
    { message_id: read.message.messageId ?? undefined, body: `${token}\n${read.message.bodyHash}` },
    input.messageId,
    input.receivedAt,
  );
  if (replayed) return dropped("ignored", `replay_${replayed}`);
  return { kind: "accepted", runner, message: read.message };
};
