import { randomUUID } from "node:crypto";
import type { Runner, SoreArea } from "../domain/profile.js";
import { CHECKIN_IGNORED_STATUSES, SORE_AREAS } from "../domain/profile.js";
// The note reader only: the MIME parser and the soreness and command readers stay out of the web bundle.
import { readNote } from "../domain/reply/note.js";
import { verifyToken } from "../domain/tokens.js";
import type { AppDeps } from "./deps.js";
import { RunnerNotFoundError, StateConflictError } from "./subscriber-errors.js";
import { triage } from "./triage.js";
import { logger } from "../lib/logger.js";

/** At most one score-link triage email and operator alert per runner in this long. */
export const TRIAGE_NOTICE_INTERVAL_MS = 3_600_000;

/** What the check-in page says to a runner whose check-ins are not taken (see CHECKIN_IGNORED_STATUSES). */
const NOT_TAKING_CHECKINS: Partial<Record<Runner["status"], string>> = {
  pending: "Please confirm your address first: the link is in the email we sent when you signed up.",
  unsubscribed: "You're unsubscribed, so we're not taking check-ins. Sign up again any time to start coaching again.",
};
const NO_LONGER_SENDING = "We no longer send email to this address, so we're not taking check-ins for it.";

/** What opening a check-in link needs. */
export type OpenCheckinDeps = Pick<AppDeps, "keys" | "now" | "runners">;
/** What recording one needs: the check-ins, the triage notice claim, and triage's mailer and alerts. */
export type LinkCheckinDeps = OpenCheckinDeps & Pick<AppDeps, "config" | "checkins" | "subscribers" | "mailer" | "alerts">;

/**
 * Reads a check-in link without acting (what a GET may do). A runner who is unsubscribed, bounced,
 * complained or pending gets a 409 page saying why, as their email replies are ignored.
 */
export const openCheckin = async (deps: OpenCheckinDeps, token: string): Promise<Runner> => {
  const runnerId = verifyToken(deps.keys, token, "checkin", deps.now()).runnerId;
  const runner = await deps.runners.getById(runnerId);
  if (!runner) throw new RunnerNotFoundError();
  if (CHECKIN_IGNORED_STATUSES.has(runner.status)) throw new StateConflictError(NOT_TAKING_CHECKINS[runner.status] ?? NO_LONGER_SENDING);
  return runner;
};

export interface LinkCheckin {
  token: string;
  soreness: number;
  areas: SoreArea[];
  note: string;
}

/**
 * Records a check-in from the score links' page. The note is read with the same reply parser, so
 * "sharp pain in my shin" there is a red flag just as it is in an email.
 */
export const recordLinkCheckin = async (
  deps: LinkCheckinDeps,
  input: LinkCheckin,
): Promise<{ runner: Runner; areas: SoreArea[]; redFlags: string[] }> => {
  const now = deps.now();
  const runner = await openCheckin(deps, input.token);
  const heard = readNote(input.note);
  const areas = SORE_AREAS.filter((a) => input.areas.includes(a) || heard.areas.includes(a));
  const sourceId = randomUUID();
  await deps.checkins.record(runner.id, {
    at: now.toISOString(),
    week: runner.week,
    soreness: input.soreness,
    areas,
    redFlags: heard.redFlags,
    note: input.note.slice(0, 2_000),
    source: "link",
    sourceId,
  });
  if (heard.redFlags.length > 0) {
    // One triage email and operator alert per runner an hour from score links: a page sent again and
    // again (or by a script) is recorded each time, but does not flood the runner or the operator.
    if (await deps.subscribers.claimTriageNotice(runner.id, now, new Date(now.getTime() - TRIAGE_NOTICE_INTERVAL_MS)))
      await triage(deps, runner, { redFlags: heard.redFlags, areas, messageKey: `triage.${sourceId}`, now });
    else {
      // Red flags always win: the programme is held even when the email is not sent again.
      await deps.runners.holdForTriage(runner.id, now);
      logger.info("score-link triage throttled; check-in recorded, programme held", { runnerId: runner.id });
    }
  }
  return { runner, areas, redFlags: heard.redFlags };
};
