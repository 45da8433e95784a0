/** Reading one inbound reply for handleInbound (inbound.ts): parse with Legwork's own email fingerprinted, then screen. */
import { RECENT_CHECKINS } from "../domain/checkin.js";
import type { Runner } from "../domain/profile.js";
import type { InboundMessage } from "../domain/reply/index.js";
import { ReplyError } from "../domain/reply/errors.js";
import type * as ReplyMessage from "../domain/reply/message.js";
import type { CheckinRepository } from "../ports/checkins.js";
import type { AppDeps as Deps } from "./deps.js";
import type { InboundInput } from "./inbound.js";
import type { Links } from "./links.js";
import { ownMailFor } from "./own-mail.js";

let replyParser: Promise<typeof ReplyMessage> | undefined;
/** The MIME parser and its charset tables load with the first message that passes the screens. */
const loadReplyParser = (): Promise<typeof ReplyMessage> => (replyParser ??= import("../domain/reply/message.js"));

/** The weekly email's four score links, for an acknowledgement that found no score. */
export const scoreLinksOf = (links: Links, runnerId: string, now: Date) => [
  { label: "0–2", url: links.checkin(runnerId, now, 1) },
  { label: "3–5", url: links.checkin(runnerId, now, 4) },
  { label: "6–8", url: links.checkin(runnerId, now, 7) },
  { label: "9–10", url: links.checkin(runnerId, now, 9) },
];

export type Read = { kind: "message"; message: InboundMessage } | { kind: "rejected" | "ignored"; reason: string };

/**
 * Parses the reply with what Legwork sent this runner fingerprinted (so a quote of it is never read as
 * the runner's words), then screens it: attachments, auto-replies, exactly one sender, the runner's address.
 */
export const readReply = async (deps: Deps, input: InboundInput, runner: Runner, checkins: CheckinRepository, now: Date): Promise<Read> => {
  let message: InboundMessage;
  try {
    // Earlier replies only: the acknowledgements quoted them back (a redelivery finds its own check-in stored).
    const earlier = (await checkins.list(runner.id)).filter((c) => c.sourceId !== input.messageId && c.source === "email");
    const notes = earlier.slice(-RECENT_CHECKINS).map((c) => c.note);
    const { parseMessage } = await loadReplyParser();
    message = await parseMessage(input.raw, { maxBytes: deps.config.LEGWORK_INBOUND_MAX_BYTES }, ownMailFor(deps, runner, now, notes));
  } catch (error) {
    if (error instanceof ReplyError) return { kind: "rejected", reason: error.name };
    throw error;
  }
  if (message.attachments > deps.config.LEGWORK_INBOUND_MAX_ATTACHMENTS) return { kind: "rejected", reason: "too_many_attachments" };
  if (message.autoReply) return { kind: "ignored", reason: "auto_reply" };
  if (message.senders > 1) return { kind: "rejected", reason: "multiple_senders" };
  if (message.from !== runner.email) return { kind: "rejected", reason: "from_mismatch" };
  return { kind: "message", message };
};
