import { DynamoCheckinRepository } from "../adapters/dynamodb/checkins.js";
import type { Checkin } from "../adapters/dynamodb/checkins.js";
import type { Verdicts } from "../domain/inbound.js";
import { replyToken, screenVerdicts } from "../domain/inbound.js";
import type { Runner } from "../domain/profile.js";
import { CHECKIN_IGNORED_STATUSES, profileOf } from "../domain/profile.js";
import type { RenderedEmail } from "../domain/render/index.js";
import { renderAck, renderCommandReply } from "../domain/render/index.js";
import type { InboundMessage } from "../domain/reply/index.js";
import { ReplyError } from "../domain/reply/errors.js";
import type * as ReplyMessage from "../domain/reply/message.js";
import { TokenError, verifyToken } from "../domain/tokens.js";
import { logger } from "../lib/logger.js";
import { RawMailNotFoundError, replyKey } from "../ports/raw-mail.js";
import type { SESEvent } from "aws-lambda";
import type { Deps } from "../wiring.js";
import type { Links } from "./links.js";
import { linksOf } from "./links.js";
import { pauseRunner, resumeRunner } from "./preferences.js";
import { footerOf, send, triage } from "./triage.js";

/** What the receipt rule tells the handler about one message (the SES event, minus the envelope noise). */
export interface InboundInput {
  messageId: string;
  /** When SES received it: stable across redeliveries, so it keys the check-in. */
  receivedAt: string;
  recipients: string[];
  verdicts: Verdicts;
  raw: Buffer;
}

export type InboundOutcome =
  | { kind: "rejected"; reason: string }
  | { kind: "ignored"; reason: string }
  | { kind: "duplicate"; runnerId: string }
  | { kind: "checkin"; runnerId: string; soreness: number | null }
  /** A red flag: held for triage, triage reply sent, operator alerted; `unsubscribed` when the same reply said STOP. */
  | { kind: "triage"; runnerId: string; redFlags: string[]; unsubscribed: boolean }
  | { kind: "command"; runnerId: string; command: "stop" | "pause" | "resume" };

export type InboundDeps = Deps;

/** How long a reply PAUSE lasts when the runner gives no number of weeks. */
export const DEFAULT_PAUSE_WEEKS = 2;
/** The runner's own words are kept for coaching, up to this many characters. */
const MAX_NOTE_CHARS = 2_000;


/** Held after a red flag: paused with no end date (a PAUSE n reply always sets one). */
const heldForTriage = (runner: Runner): boolean => runner.status === "paused" && runner.pausedUntil === undefined;

const reply = (deps: Deps, runner: Runner, rendered: RenderedEmail, kind: string, input: InboundInput, links: Links, now: Date) =>
  send(deps, runner, rendered, `${kind}.${input.messageId}`, links, now);

let replyParser: Promise<typeof ReplyMessage> | undefined;
/** The MIME parser and its charset tables load with the first message that passes the screens. */
const loadReplyParser = (): Promise<typeof ReplyMessage> => (replyParser ??= import("../domain/reply/message.js"));

/**
 * One inbound reply. It changes state only when SES's verdicts pass, the signed reply token in the
 * recipient is valid, and From is the runner's own address. Anything else is logged (no personal
 * text) and dropped. A reply from an unsubscribed, bounced, complained or pending runner is dropped
 * too (see IGNORED_STATUSES). A redelivered message (same SES message id) is recorded once.
 *
 * Red flags win over encouragement: the drip is held (paused, no end date), a careful triage reply
 * goes out and the operator is alerted. Commands in the same reply:
 * - STOP is always honoured: held, then unsubscribed, and the one reply is the triage email with its
 *   safety advice, saying they are unsubscribed (with an undo link) instead of "reply RESUME".
 * - PAUSE n is moot: the triage hold has no end date, so it already covers any pause.
 * - RESUME is overridden: the runner stays held until a later RESUME with no red flag in it.
 * While held for triage, a later PAUSE n reply does not turn the hold into a pause that ends by itself:
 * the runner stays held and the reply says the emails are paused until RESUME.
 */
export const handleInbound = async (deps: InboundDeps, input: InboundInput): Promise<InboundOutcome> => {
  const now = deps.now();
  const screen = screenVerdicts(input.verdicts);
  if (!screen.ok) return drop("rejected", screen.reason, input);
  if (input.raw.length > deps.config.LEGWORK_INBOUND_MAX_BYTES) return drop("rejected", "too_large", input);
  const token = replyToken(input.recipients, deps.config.LEGWORK_REPLY_DOMAIN);
  if (!token) return drop("rejected", "no_reply_token", input);
  let runnerId: string;
  try {
    runnerId = verifyToken(deps.keys, token, "checkin", now).runnerId;
  } catch (error) {
    if (error instanceof TokenError) return drop("rejected", `token_${error.name}`, input);
    throw error;
  }
  let message: InboundMessage;
  try {
    const { parseMessage } = await loadReplyParser();
    message = await parseMessage(input.raw, { maxBytes: deps.config.LEGWORK_INBOUND_MAX_BYTES });
  } catch (error) {
    if (error instanceof ReplyError) return drop("rejected", error.name, input, runnerId);
    throw error;
  }
  if (message.attachments > deps.config.LEGWORK_INBOUND_MAX_ATTACHMENTS) return drop("rejected", "too_many_attachments", input, runnerId);
  if (message.autoReply) return drop("ignored", "auto_reply", input, runnerId);
  const runner = await deps.runners.getById(runnerId);
  if (!runner) return drop("rejected", "unknown_runner", input, runnerId);
  if (message.from !== runner.email) return drop("rejected", "from_mismatch", input, runnerId);
  if (CHECKIN_IGNORED_STATUSES.has(runner.status)) return drop("ignored", `status_${runner.status}`, input, runnerId);

  const parsed = message.reply;
  const checkins = new DynamoCheckinRepository(deps.doc, deps.config.LEGWORK_TABLE, deps.config.LEGWORK_CHECKIN_RETENTION_DAYS, deps.now);
  const checkin: Checkin = {
    at: input.receivedAt,
    week: runner.week,
    soreness: parsed.soreness,
    areas: parsed.areas,
    redFlags: parsed.redFlags,
    note: parsed.text.slice(0, MAX_NOTE_CHARS),
    source: "email",
    sourceId: input.messageId,
  };
  // Every accepted message is recorded once, keyed by SES's message id: a redelivery changes nothing.
  if (!(await checkins.record(runner.id, checkin))) {
    logger.info("inbound duplicate", { runnerId: runner.id });
    return { kind: "duplicate", runnerId: runner.id };
  }
  await deps.rawMail.put(replyKey(runner.id, input.messageId), input.raw);

  const links = linksOf(deps);
  const footer = footerOf(deps, links, runner, now);
  const profile = profileOf(runner);

  // Red flags always win: hold first, then the careful reply, then tell the operator. A STOP in the
  // same reply still unsubscribes (before the reply goes, so the reply can say so).
  if (parsed.redFlags.length > 0) {
    const unsubscribe = parsed.command === "stop";
    await triage(deps, runner, {
      redFlags: parsed.redFlags,
      areas: parsed.areas,
      messageKey: `triage.${input.messageId}`,
      now,
      ...(unsubscribe ? { unsubscribe: { undoUrl: footer.unsubscribeUrl } } : {}),
    });
    if (parsed.command) logger.info("command with a red flag", { runnerId: runner.id, command: parsed.command, honoured: unsubscribe });
    return { kind: "triage", runnerId: runner.id, redFlags: parsed.redFlags, unsubscribed: unsubscribe };
  }

  if (parsed.command === "stop") {
    await deps.runners.unsubscribe(runner.id, now);
    await reply(deps, runner, renderCommandReply({ profile, command: "stop", undoUrl: footer.unsubscribeUrl, footer }), "stop", input, links, now);
    return { kind: "command", runnerId: runner.id, command: "stop" };
  }
  if (parsed.command === "pause" && heldForTriage(runner)) {
    // Already paused until RESUME: a pause that ends by itself would undo the triage hold.
    await reply(deps, runner, renderCommandReply({ profile, command: "pause", footer }), "pause", input, links, now);
    return { kind: "command", runnerId: runner.id, command: "pause" };
  }
  if (parsed.command === "pause" && (runner.status === "active" || runner.status === "paused")) {
    const paused = await pauseRunner(deps, runner.id, parsed.pauseWeeks ?? DEFAULT_PAUSE_WEEKS);
    await reply(deps, runner, renderCommandReply({ profile, command: "pause", pausedUntil: paused.pausedUntil, footer }), "pause", input, links, now);
    return { kind: "command", runnerId: runner.id, command: "pause" };
  }
  if (parsed.command === "resume" && runner.status === "paused") {
    const resumed = await resumeRunner(deps, runner.id);
    await reply(deps, runner, renderCommandReply({ profile, command: "resume", nextSendAt: resumed.nextSendAt, footer }), "resume", input, links, now);
    return { kind: "command", runnerId: runner.id, command: "resume" };
  }

  await reply(deps, runner, renderAck({ profile, soreness: parsed.soreness, areas: parsed.areas, note: parsed.text, footer }), "ack", input, links, now);
  logger.info("check-in recorded", { runnerId: runner.id, soreness: parsed.soreness, areas: parsed.areas.length });
  return { kind: "checkin", runnerId: runner.id, soreness: parsed.soreness };
};

const drop = (kind: "rejected" | "ignored", reason: string, input: Pick<InboundInput, "messageId">, runnerId?: string): InboundOutcome => {
  logger.info(`inbound ${kind}`, { reason, messageId: input.messageId, ...(runnerId ? { runnerId } : {}) });
  return { kind, reason };
};

/** Where the receipt rule's S3 action puts each message (objectKeyPrefix "inbound/"). */
export const inboundKey = (messageId: string): string => `inbound/${messageId}`;

/**
 * An SES receipt event: read each stored message, handle it, and remove the inbound copy (an accepted
 * reply is kept under replies/<runner>/ for the runner's data rights). The stored size is checked
 * first (HeadObject), so a message over LEGWORK_INBOUND_MAX_BYTES is dropped without being read.
 */
export const processSesEvent = async (deps: Deps, event: SESEvent): Promise<InboundOutcome[]> => {
  const outcomes: InboundOutcome[] = [];
  for (const record of event.Records ?? []) {
    const { mail, receipt } = record.ses;
    const key = inboundKey(mail.messageId);
    let raw: Buffer;
    try {
      if ((await deps.rawMail.size(key)) > deps.config.LEGWORK_INBOUND_MAX_BYTES) {
        outcomes.push(drop("rejected", "too_large", { messageId: mail.messageId }));
        await deps.rawMail.delete(key);
        continue;
      }
      raw = await deps.rawMail.get(key);
    } catch (error) {
      // A redelivery after the first run finished: the inbound copy is already gone.
      if (!(error instanceof RawMailNotFoundError)) throw error;
      logger.info("inbound message already processed", { messageId: mail.messageId });
      outcomes.push({ kind: "ignored", reason: "already_processed" });
      continue;
    }
    outcomes.push(
      await handleInbound(deps, {
        messageId: mail.messageId,
        receivedAt: receipt.timestamp ?? mail.timestamp,
        recipients: receipt.recipients ?? mail.destination ?? [],
        verdicts: {
          spam: receipt.spamVerdict?.status ?? "GRAY",
          virus: receipt.virusVerdict?.status ?? "GRAY",
          spf: receipt.spfVerdict?.status ?? "GRAY",
          dkim: receipt.dkimVerdict?.status ?? "GRAY",
          dmarc: receipt.dmarcVerdict?.status ?? "GRAY",
        },
        raw,
      }),
    );
    await deps.rawMail.delete(key);
  }
  return outcomes;
};
