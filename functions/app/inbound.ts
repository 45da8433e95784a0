import type { Verdicts } from "../domain/inbound.js";
import { logger } from "../lib/logger.js";
import type { Deps } from "../wiring.js";
import { actOnReply } from "./inbound-actions.js";
import type { InboundStores } from "./inbound-screen.js";
import { inboundStores, screenInbound } from "./inbound-screen.js";

/** One received message, as handleInbound needs it: the receipt's facts and the raw bytes. */
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

/** The runner's own words are kept for coaching, up to this many characters. */
const MAX_NOTE_CHARS = 2_000;

/**
 * How long a delivery that recorded a reply has to act on it before another delivery of the same
 * message may take over and act again: longer than the inbound Lambda's timeout (30 s, in
 * infra/stacks/service-stack.ts), so a run that is still going is never doubled. A run that fails
 * with an error ends its claim at once, so Lambda's first retry (a minute later) finishes the job;
 * only a run that died outright (timeout, crash) leaves a claim to wait out, and its delivery is
 * retried until the claim has run out (processDeliveries throws InboundInFlightError meanwhile).
 */
export const INBOUND_CLAIM_MS = 2 * 60_000;

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
  const stores = inboundStores(deps);
  const screened = await screenInbound(deps, stores, input, now);
  if (screened.kind === "dropped") return screened.outcome;
  const { runner, message } = screened;
  const parsed = message.reply;
  const recorded = await stores.checkins.record(
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
  const { command, pauseWeeks } = parsed;
  const accepted = { input, runner, command, pauseWeeks, unclear: message.unclear, checkin: recorded.checkin, redo, now };
  const outcome = await actOnReply(deps, accepted).catch((error: unknown) => releaseAndThrow(stores, runner.id, recorded, error));
  await stores.checkins.markHandled(runner.id, recorded.checkin);
  return outcome;
};

/** After a failed run: end its claim at once, so the next delivery (Lambda's retry) finishes the job rather than wait it out. */
const releaseAndThrow = async (
  stores: InboundStores,
  runnerId: string,
  recorded: { checkin: Parameters<InboundStores["checkins"]["release"]>[1]; claimUntil?: string | undefined },
  error: unknown,
): Promise<never> => {
  if (recorded.claimUntil) {
    await stores.checkins.release(runnerId, recorded.checkin, recorded.claimUntil).catch((releaseError: unknown) => {
      logger.warn("could not release an inbound claim", { runnerId, error: String(releaseError) });
    });
  }
  throw error;
};
