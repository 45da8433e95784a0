/**
 * Replies to a runner's email: the check-in acknowledgement, the red-flag triage reply and the
 * command confirmations (STOP, PAUSE, RESUME). Notice layout; dates in the runner's own zone.
 */
import type { NoticeCopy } from "../curriculum/notices.js";
import { ackCopy, pauseCopy, resumeCopy, stopCopy, triageCopy } from "../curriculum/replies.js";
import { footerBlocks, noticeFooterBlocks, redFlagWords } from "../curriculum/shared.js";
import type { Profile, SoreArea } from "../profile.js";
import { normaliseName, SORE_AREAS } from "../profile.js";
import { longDate, time12, wallClockAt, weekdayName } from "../wall-clock.js";
import type { Composed, RenderedEmail } from "./compose.js";
import { renderComposed } from "./compose.js";
import { NOTICE } from "./layout.js";
import { areaName, listOf } from "../personalise/index.js";
import type { CheckinLink, Footer } from "./week.js";

/** The longest stretch of the runner's own words an acknowledgement quotes back. */
export const MAX_QUOTE_CHARS = 200;

const areaList = (areas: readonly SoreArea[]): string => listOf(SORE_AREAS.filter((a) => areas.includes(a)).map(areaName));

/** The runner's words on one line, control characters removed, cut at a word near MAX_QUOTE_CHARS. */
const quoteOf = (text: string | undefined): string => {
  const clean = normaliseName(text ?? "");
  if (clean.length <= MAX_QUOTE_CHARS) return clean;
  const cut = clean.lastIndexOf(" ", MAX_QUOTE_CHARS);
  return `${clean.slice(0, cut > MAX_QUOTE_CHARS / 2 ? cut : MAX_QUOTE_CHARS)}\u2026`;
};

const scoreOf = (value: number | null): number | null =>
  value === null || !Number.isFinite(value) ? null : Math.min(10, Math.max(0, Math.round(value)));

interface LocalWhen {
  /** "Monday 14 April" */
  readonly date: string;
  /** "7 am", "7:30 am" */
  readonly time: string;
  /** "Monday" */
  readonly weekday: string;
}

/** An instant as the runner reads it in their own zone. @throws RangeError for a bad instant or zone. */
const localWhen = (iso: string, timezone: string, what: string): LocalWhen => {
  const local = wallClockAt(iso, timezone);
  if (!local) throw new RangeError(`${what} must be an ISO instant and the time zone valid: ${iso.slice(0, 40)}, ${timezone}`);
  return { date: longDate(local), time: time12(local), weekday: weekdayName(local) };
};

const composed = (copy: NoticeCopy, footer: Composed["footer"]): Composed => ({ ...copy, footer });

export interface AckInput {
  profile: Profile;
  /** The score understood, 0-10, or null when the reply had none. */
  soreness: number | null;
  areas: SoreArea[];
  /** The runner's own words (the reply text); quoted back, shortened, always escaped. */
  note?: string;
  /** Score links offered when no score was found (as in the weekly email's check-in card). */
  checkinLinks?: CheckinLink[];
  /** Warning-sign codes the reply hinted at without saying enough: the ack asks about the first. */
  unclear?: string[];
  footer: Footer;
}

/** One yes/no question per warning sign a reply may only have hinted at. */
const QUESTIONS: Readonly<Record<string, string>> = {
  sharp_pain: "Is it sharp, or a dull ache?",
  swelling: "Is it swollen?",
  bruising: "Is it bruised, or warm to the touch?",
  rest_pain: "Does it hurt when you're resting, or wake you at night?",
  persistent: "Has it lasted more than about 3 days?",
  worsening: "Is it getting worse rather than easing?",
  cant_bear_weight: "Are you limping, or finding it hard to put weight on it?",
  numbness: "Is there any numbness or tingling?",
  bone_pain: "Does it hurt in one spot on the bone?",
  joint_pain: "Is the pain inside the joint?",
};

const questionOf = (codes: readonly string[] | undefined): string | undefined => {
  const code = (codes ?? []).find((c) => Object.hasOwn(QUESTIONS, c));
  return code === undefined ? undefined : QUESTIONS[code];
};

/**
 * The reply to an accepted check-in: what we understood ("Got it: 6/10, calves"), what the next
 * email does with it, how to correct it (reply again: the latest check-in counts) and the
 * preferences link. Without a score: a kind request for a number from 0 to 10 and where it hurts.
 * @example renderAck({ profile, soreness: 6, areas: ["calves"], footer }).subject // "Got it: 6/10, calves"
 */
export const renderAck = (input: AckInput): RenderedEmail =>
  renderComposed(
    NOTICE,
    composed(
      ackCopy({
        name: input.profile.name,
        soreness: scoreOf(input.soreness),
        areas: areaList(input.areas),
        quote: quoteOf(input.note),
        preferencesUrl: input.footer.preferencesUrl,
        ...(input.checkinLinks ? { scoreLinks: input.checkinLinks } : {}),
        ...(questionOf(input.unclear) ? { question: questionOf(input.unclear)! } : {}),
      }),
      footerBlocks(input.footer),
    ),
  );

export interface TriageInput {
  profile: Profile;
  /** Red-flag codes heard (functions/domain/reply); unknown codes are left out of the copy. */
  redFlags: string[];
  areas: SoreArea[];
  /** A sentence about resuming added after "reply RESUME …", e.g. "Your plan picks up at week 4."; "" adds nothing. */
  resumeHint: string;
  /** Set when the same reply said STOP: the email says they're unsubscribed, with this undo link, not "paused". */
  unsubscribedUndoUrl?: string;
  footer: Footer;
}

/**
 * The immediate reply to a check-in with red flags: stop running on it, see a physio or sports
 * doctor, what to tell them (the warning signs heard, in plain words), no diagnosis, emails
 * paused, and how to resume.
 * @example renderTriage({ profile, redFlags: ["sharp_pain"], areas: ["shins"], resumeHint: "", footer }).subject
 *   // "About the pain you described: please get it checked"
 */
export const renderTriage = (input: TriageInput): RenderedEmail =>
  renderComposed(
    NOTICE,
    composed(
      triageCopy({
        name: input.profile.name,
        signs: redFlagWords(input.redFlags),
        areas: areaList(input.areas),
        resumeHint: normaliseName(input.resumeHint),
        preferencesUrl: input.footer.preferencesUrl,
        ...(input.unsubscribedUndoUrl ? { unsubscribedUndoUrl: input.unsubscribedUndoUrl } : {}),
      }),
      input.unsubscribedUndoUrl
        ? noticeFooterBlocks(
            "You asked us to stop, so this is the last email you'll get from Legwork unless you undo it or sign up again.",
            input.footer.postalAddress,
            input.footer.preferencesUrl,
          )
        : footerBlocks(input.footer),
    ),
  );

export interface CommandReplyInput {
  profile: Profile;
  command: "stop" | "pause" | "resume";
  /** pause: when the pause ends (ISO instant); shown as a date in the runner's zone. */
  pausedUntil?: string;
  /** resume: when the next weekly email goes out (ISO instant). */
  nextSendAt?: string;
  /** stop: a link that undoes the unsubscribe. */
  undoUrl?: string;
  footer: Footer;
}

/**
 * Confirms a command sent by reply: STOP (unsubscribed, with an undo link), PAUSE (paused until a
 * local date), RESUME (back on, next email on a local day and time).
 * @example renderCommandReply({ profile, command: "pause", pausedUntil: "2025-04-14T06:00:00Z", footer }).subject
 *   // "Your Legwork emails are paused until Monday 14 April"
 * @throws RangeError when pausedUntil or nextSendAt is not an ISO instant, or the zone is unknown.
 */
export const renderCommandReply = (input: CommandReplyInput): RenderedEmail => {
  const { profile, footer } = input;
  switch (input.command) {
    case "stop":
      return renderComposed(
        NOTICE,
        composed(
          stopCopy({ name: profile.name, undoUrl: input.undoUrl }),
          noticeFooterBlocks(
            "This is the last email you'll get from Legwork unless you undo this or sign up again.",
            footer.postalAddress,
            footer.preferencesUrl,
          ),
        ),
      );
    case "pause": {
      const until = input.pausedUntil === undefined ? null : localWhen(input.pausedUntil, profile.timezone, "pausedUntil").date;
      return renderComposed(
        NOTICE,
        composed(
          pauseCopy({ name: profile.name, until, timezone: profile.timezone, preferencesUrl: footer.preferencesUrl }),
          footerBlocks(footer),
        ),
      );
    }
    case "resume": {
      const next = input.nextSendAt === undefined ? null : localWhen(input.nextSendAt, profile.timezone, "nextSendAt");
      return renderComposed(
        NOTICE,
        composed(
          resumeCopy({
            name: profile.name,
            next: next ? `${next.date} at ${next.time}` : null,
            weekday: next?.weekday ?? null,
            timezone: profile.timezone,
            preferencesUrl: footer.preferencesUrl,
          }),
          footerBlocks(footer),
        ),
      );
    }
  }
};
