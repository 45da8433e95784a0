import type { Checkin } from "../domain/checkin.js";
import type { Verdicts } from "../domain/inbound.js";
import { replyToken, screenVerdicts } from "../domain/inbound.js";
import type { Runner } from "../domain/profile.js";
import { CHECKIN_IGNORED_STATUSES, isHeldForTriage, profileOf } from "../domain/profile.js";
import type { RenderedEmail } from "../domain/render/index.js";
import { renderAck, renderCommandReply } from "../domain/render/index.js";
import type { Command as ReplyCommand } from "../domain/reply/index.js";
import { TokenError, verifyToken } from "../domain/tokens.js";
import { logger } from "../lib/logger.js";
import { RawMailNotFoundError, replyKey } from "../ports/raw-mail.js";
import type { SESEvent } from "aws-lambda";
import type { AppDeps as Deps } from "./deps.js";
import type { Links } from "./links.js";
import { linksOf } from "./links.js";
import { readReply, scoreLinksOf } from "./inbound-read.js";
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
  | { kind: "rejected"; reason: string; runnerId?: string }
  | { kind: "ignored"; reason: string; runnerId?: string }
  /** Handled before; `inFlight` when another delivery holds the claim and may still be acting on it. */
  | { kind: "duplicate"; runnerId: string; inFlight?: true }
  | { kind: "checkin"; runnerId: string; soreness: number | null }
  /** A red flag: held for triage, triage reply sent, operator alerted; `unsubscribed` when the same reply said STOP. */
  | { kind: "triage"; runnerId: string; redFlags: string[]; unsubscribed: boolean }
  | { kind: "command"; runnerId: string; command: "stop" | "pause" | "resume" };

export type InboundDeps = Deps;

/** How long a reply PAUSE lasts when the runner gives no number of weeks. */
export const DEFAULT_PAUSE_WEEKS = 2;
/** The runner's own words are kept for coaching, up to this many characters. */
const MAX_NOTE_CHARS = 2_000;
const WEEK_MS = 7 * 86_400_000;

/**
 * How long a delivery that recorded a reply has to act on it before another delivery of the same
 * message may take over and act again: longer than the inbound Lambda's timeout (30 s, in
 * infra/stacks/service-stack.ts), so a run that is still going is never doubled. A run that fails
 * with an error ends its claim at once, so Lambda's first retry (a minute later) finishes the job;
 * only a run that died outright (timeout, crash) leaves a claim to wait out, and its delivery is
 * retried until the claim has run out (processSesEvent throws InboundInFlightError meanwhile).
 */
export const INBOUND_CLAIM_MS = 2 * 60_000;

type Command = ReplyCommand | null;

/**
 * A delivery found its message claimed by another that has not finished: thrown by processSesEvent
 * after the rest of the event, with the inbound copy kept, so Lambda retries the delivery later.
 */
export class InboundInFlightError extends Error {
  override readonly name = "InboundInFlightError";
  constructor(readonly messageIds: string[]) {
    super(`inbound message still in flight in another delivery: ${messageIds.length}`);
  }
}

const reply = (deps: Deps, runner: Runner, rendered: RenderedEmail, kind: string, input: InboundInput, links: Links, now: Date) =>
  send(deps, runner, rendered, `${kind}.${input.messageId}`, links, now);

/**
 * One inbound reply. It changes state only when SES's verdicts pass, the signed reply token in the
 * recipient is valid, and From is the runner's own address. Anything else is logged (no personal
 * text) and dropped. A reply from an unsubscribed, bounced, complained or pending runner is dropped
 * too (see IGNORED_STATUSES).
 *
 * Replies are acted on at least once: a failure partway does not lose one. Each accepted message is
 * recorded once, keyed by SES's message id and claimed for INBOUND_CLAIM_MS; its actions run, then it
 * is marked handled. A redelivery of a handled message changes nothing (`duplicate`), nor does one
 * while another delivery holds the claim (`duplicate`, `inFlight`). A redelivery of one whose first
 * run failed or died partway takes the claim over once it has run out and runs every action again, on
 * the stored check-in: each is safe to repeat, and a resent email keeps its Message-ID
 * (`<kind.messageId@domain>`), so the worst case is a repeat of an email the first run had sent just
 * before it died.
 * The status screen still comes first on a redo: a STOP whose first run unsubscribed the runner and
 * then died is dropped as `status_unsubscribed` (the unsubscribe, the part that matters, happened; the
 * confirmation email may be lost). A red flag's hold leaves the runner "paused", which is not
 * ignored, so its redo sends the triage email and alert; with STOP the unsubscribe comes last for
 * that reason.
 *
 * Red flags win over encouragement: the drip is held (paused, no end date), the operator is alerted
 * and a careful triage reply goes out. Commands in the same reply:
 * - STOP is always honoured: held, then unsubscribed once the reply has gone, and the one reply is
 *   the triage email with its safety advice, saying they are unsubscribed (with an undo link) instead
 *   of "reply RESUME".
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
  const runner = await deps.runners.getById(runnerId);
  if (!runner) return drop("rejected", "unknown_runner", input, runnerId);
  const checkins = deps.checkins;
  const read = await readReply(deps, input, runner, checkins, now);
  if (read.kind !== "message") return drop(read.kind, read.reason, input, runnerId);
  const message = read.message;
  if (CHECKIN_IGNORED_STATUSES.has(runner.status)) return drop("ignored", `status_${runner.status}`, input, runnerId);
  const seen = deps.replySeen;
  const replayed = await seen.claim(
    runner.id,
    { message_id: message.messageId ?? undefined, body: `${token}\n${message.bodyHash}` },
    input.messageId,
    input.receivedAt,
  );
  if (replayed) return drop("ignored", `replay_${replayed}`, input, runnerId);

  const parsed = message.reply;
  const recorded = await checkins.record(
    runner.id,
    {
      at: input.receivedAt,
      week: runner.week,
      soreness: parsed.soreness,
      areas: parsed.areas,
      redFlags: parsed.redFlags,
      note: parsed.text.slice(0, MAX_NOTE_CHARS),
      source: "email",
      sourceId: input.messageId,
    },
    { claimMs: INBOUND_CLAIM_MS },
  );
  if (recorded.kind === "handled" || recorded.kind === "in_flight") {
    const inFlight = recorded.kind === "in_flight";
    logger.info("inbound duplicate", { runnerId: runner.id, inFlight });
    return inFlight ? { kind: "duplicate", runnerId: runner.id, inFlight } : { kind: "duplicate", runnerId: runner.id };
  }
  const redo = recorded.kind === "unfinished";
  if (redo) logger.info("inbound redo of an unfinished delivery", { runnerId: runner.id, messageId: input.messageId });
  let outcome: InboundOutcome;
  try {
    outcome = await act(deps, {
      input,
      runner,
      command: parsed.command,
      pauseWeeks: parsed.pauseWeeks,
      unclear: message.unclear,
      checkin: recorded.checkin,
      redo,
      now,
    });
  } catch (error) {
    // Let the next delivery (Lambda's retry) finish the job rather than wait out the claim.
    if (recorded.claimUntil) {
      await checkins.release(runner.id, recorded.checkin, recorded.claimUntil).catch((releaseError: unknown) => {
        logger.warn("could not release an inbound claim", { runnerId: runner.id, error: String(releaseError) });
      });
    }
    throw error;
  }
  await checkins.markHandled(runner.id, recorded.checkin);
  return outcome;
};

/**
 * What one accepted reply calls for, from its stored check-in (`checkin`: the first delivery's parse)
 * and its command. Run again by a redelivery whose first run died, so every step is safe to repeat:
 * the raw copy is overwritten, the triage hold is re-applied, a redo finds the PAUSE or RESUME its
 * first run made and keeps it, and each email keeps its Message-ID (see INBOUND_CLAIM_MS).
 */
const act = async (
  deps: Deps,
  input: {
    input: InboundInput;
    runner: Runner;
    command: Command;
    pauseWeeks: number | null;
    unclear: string[];
    checkin: Checkin;
    redo: boolean;
    now: Date;
  },
): Promise<InboundOutcome> => {
  const { runner, command, checkin, redo, now } = input;
  await deps.rawMail.put(replyKey(runner.id, input.input.messageId), input.input.raw);

  const links = linksOf(deps);
  const footer = footerOf(deps, links, runner, now);
  const profile = profileOf(runner);
  const answer = (rendered: RenderedEmail, kind: string) => reply(deps, runner, rendered, kind, input.input, links, now);

  // Red flags always win: hold first, tell the operator, then the careful reply. A STOP in the same
  // reply still unsubscribes, after the reply (which already says so: the hold stops every email
  // meanwhile), so a redelivery after a failed send is not dropped as unsubscribed.
  if (checkin.redFlags.length > 0) {
    const unsubscribe = command === "stop";
    await triage(deps, runner, {
      redFlags: checkin.redFlags,
      areas: checkin.areas,
      messageKey: `triage.${input.input.messageId}`,
      now,
      ...(unsubscribe ? { unsubscribe: { undoUrl: footer.unsubscribeUrl } } : {}),
    });
    if (command) logger.info("command with a red flag", { runnerId: runner.id, command, honoured: unsubscribe });
    return { kind: "triage", runnerId: runner.id, redFlags: checkin.redFlags, unsubscribed: unsubscribe };
  }

  if (command === "stop") {
    await deps.runners.unsubscribe(runner.id, now);
    await answer(renderCommandReply({ profile, command: "stop", undoUrl: footer.unsubscribeUrl, footer }), "stop");
    return { kind: "command", runnerId: runner.id, command: "stop" };
  }
  if (command === "pause" && isHeldForTriage(runner)) {
    // Already paused until RESUME: a pause that ends by itself would undo the triage hold.
    await answer(renderCommandReply({ profile, command: "pause", footer }), "pause");
    return { kind: "command", runnerId: runner.id, command: "pause" };
  }
  if (command === "pause" && (runner.status === "active" || runner.status === "paused")) {
    const weeks = input.pauseWeeks ?? DEFAULT_PAUSE_WEEKS;
    // A redo finds the pause its first run made (ending at least `weeks` after the reply arrived): kept, not pushed later.
    const done =
      redo &&
      runner.status === "paused" &&
      runner.pausedUntil !== undefined &&
      Date.parse(runner.pausedUntil) >= Date.parse(checkin.at) + weeks * WEEK_MS;
    const paused = done ? runner : await pauseRunner(deps, runner.id, weeks);
    await answer(renderCommandReply({ profile, command: "pause", pausedUntil: paused.pausedUntil, footer }), "pause");
    return { kind: "command", runnerId: runner.id, command: "pause" };
  }
  // A redo finds the runner its first run resumed already active: the reply still goes, nothing changes.
  if (command === "resume" && (runner.status === "paused" || (redo && runner.status === "active"))) {
    const resumed = runner.status === "paused" ? await resumeRunner(deps, runner.id) : runner;
    await answer(renderCommandReply({ profile, command: "resume", nextSendAt: resumed.nextSendAt, footer }), "resume");
    return { kind: "command", runnerId: runner.id, command: "resume" };
  }

  const scoreLinks = checkin.soreness === null ? { checkinLinks: scoreLinksOf(links, runner.id, now) } : {};
  await answer(
    renderAck({
      profile,
      soreness: checkin.soreness,
      areas: checkin.areas,
      note: checkin.note,
      unclear: input.unclear,
      ...scoreLinks,
      footer,
    }),
    "ack",
  );
  logger.info("check-in recorded", { runnerId: runner.id, soreness: checkin.soreness, areas: checkin.areas.length });
  return { kind: "checkin", runnerId: runner.id, soreness: checkin.soreness };
};

const drop = (kind: "rejected" | "ignored", reason: string, input: Pick<InboundInput, "messageId">, runnerId?: string): InboundOutcome => {
  logger.info(`inbound ${kind}`, { reason, messageId: input.messageId, ...(runnerId ? { runnerId } : {}) });
  return { kind, reason, ...(runnerId ? { runnerId } : {}) };
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
  const inFlight: string[] = [];
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
    const outcome = await handleInbound(deps, {
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
    });
    outcomes.push(outcome);
    // Claimed by a delivery that has not finished (or died): keep the copy for Lambda's retry.
    if (outcome.kind === "duplicate" && outcome.inFlight) inFlight.push(mail.messageId);
    else await deps.rawMail.delete(key);
  }
  if (inFlight.length > 0) throw new InboundInFlightError(inFlight);
  return outcomes;
};
