/**
 * How the next email adapts to the runner's check-ins. Pure: check-ins in, a decision out; no
 * clock, no I/O. The copy that carries a decision lives in functions/domain/curriculum/adapt.ts.
 *
 * ## Reading the check-ins
 * Check-ins are read oldest first (re-sorted by `at`, so the caller's order does not matter).
 * - A check-in with no score and no red flag ("thanks!") carries nothing to act on and is skipped.
 * - A correction replaces the one before it: consecutive check-ins that answered the same `week`
 *   collapse into one, and the latest counts. Its score wins; the sore areas carry over when the
 *   correction names none ("sorry, I meant 7"); red flags heard that week are never dropped.
 * - A recovery-week email starts a new reading, even for the same `week` (the held lesson has not
 *   been sent, so a reply to the recovery email carries the same week as the one before it).
 *
 * ## The rule table (the latest reading decides)
 * | latest reading                                             | mode           | easy only | one run → cross-training | the email leads with                                  |
 * |------------------------------------------------------------|----------------|-----------|--------------------------|-------------------------------------------------------|
 * | any red flag, whatever the score (or none)                 | `recover`      | yes       | yes                      | "get it checked before you run on it", then recovery  |
 * | ≥ 7, the reading before it ≥ 7, no recovery week since then| `recoveryWeek` | yes       | yes                      | a recovery email instead of the next lesson           |
 * | 7-10                                                       | `recover`      | yes       | yes                      | recovery: easy week, cross-training, sleep, rolling   |
 * | 4-6                                                        | `care`         | no        | no                       | the plan as it is, plus care for the sore areas       |
 * | 0-3                                                        | `progress`     | no        | no                       | a short "on track" line                               |
 * | no reading, or the latest is older than the last email     | `undefined`    |           |                          | nothing: the email is the standard one                |
 *
 * Red flags always win: a reading with a red flag is never `progress`, `care` or `recoveryWeek`
 * (the dispatcher pauses the runner and the triage reply goes out instead).
 * In every mode the reading's sore areas (`focusAreas`) steer that week's strength, stretch and
 * foam-rolling picks.
 */
import type { SoreArea } from "./profile.js";
import { SORE_AREAS } from "./profile.js";
import { parseInstant } from "./wall-clock.js";

/** One check-in as the adaptation rules see it. */
export interface CheckinSummary {
  /** When it arrived, an ISO instant. */
  at: string;
  /** The programme week it answered (the last lesson sent when it arrived). */
  week: number;
  /** 0-10, or null when the reply held no score. */
  soreness: number | null;
  areas: SoreArea[];
  /** Red-flag codes (see functions/domain/reply: sharp_pain, swelling, …). */
  redFlags: string[];
}

export type AdaptMode = "recover" | "care" | "progress" | "recoveryWeek";

export interface Adaptation {
  mode: AdaptMode;
  /** What the runner told us, as the email repeats it: "calves 7/10", "calves and shins 5/10", "7/10"; "shins" or "" without a score. */
  heard: string;
  /** The sore areas of the latest reading, in contract order. */
  focusAreas: SoreArea[];
  /** No hard session this week. */
  easyOnly: boolean;
  /** One run becomes an easy cross-training session. */
  swapRunForCrossTraining: boolean;
  /** The latest reading's score (null only when a red flag came without one). */
  soreness: number | null;
  /** The latest reading's red flags; non-empty only in `recover` mode. */
  redFlags: string[];
}

/** A score at or above this is a high check-in: recovery leads, and two in a row earn a recovery week. */
export const RECOVERY_THRESHOLD = 7;
/** A score at or above this (and below {@link RECOVERY_THRESHOLD}) adds care for the sore areas. */
export const CARE_THRESHOLD = 4;

export interface AdaptOptions {
  /**
   * The programme week about to be sent. When given, a reading that answered an email before the
   * last one (week < nextWeek - 1) is stale: the runner did not answer the last email, so nothing
   * adapts.
   */
  nextWeek?: number;
  /** When the last recovery-week email went out (ISO): no second one for the same two check-ins. */
  lastRecoveryWeekAt?: string;
}

const instant = (iso: string, what: string): number => {
  const parsed = parseInstant(iso);
  if (Number.isNaN(parsed)) throw new RangeError(`${what} must be an ISO instant, got ${JSON.stringify(iso).slice(0, 40)}`);
  return parsed;
};

/** A score as the rules use it: a whole number 0-10, or null. */
const score = (value: number | null): number | null =>
  value === null || !Number.isFinite(value) ? null : Math.min(10, Math.max(0, Math.round(value)));

const areasOf = (areas: readonly SoreArea[]): SoreArea[] => SORE_AREAS.filter((a) => areas.includes(a));

const union = (a: readonly string[], b: readonly string[]): string[] => [...new Set([...a, ...b])];

/**
 * The check-ins as the rules read them (see "Reading the check-ins" above): oldest first, scores
 * clamped to whole numbers 0-10, corrections collapsed, empty replies skipped.
 * @example checkinHistory([{ at: "2025-03-04T08:00:00Z", week: 3, soreness: 6, areas: ["calves"], redFlags: [] },
 *   { at: "2025-03-04T09:00:00Z", week: 3, soreness: 7, areas: [], redFlags: [] }]) // one reading: calves 7
 * @throws RangeError when an `at` is not an ISO instant.
 */
export const checkinHistory = (checkins: readonly CheckinSummary[], lastRecoveryWeekAt?: string): CheckinSummary[] => {
  const boundary = lastRecoveryWeekAt === undefined ? undefined : instant(lastRecoveryWeekAt, "lastRecoveryWeekAt");
  const sorted = checkins.map((c, i) => ({ c, i, t: instant(c.at, "a check-in's at") })).sort((a, b) => a.t - b.t || a.i - b.i);
  const out: { reading: CheckinSummary; t: number }[] = [];
  for (const { c, t } of sorted) {
    const soreness = score(c.soreness);
    const redFlags = [...new Set(c.redFlags)];
    if (soreness === null && redFlags.length === 0) continue;
    const reading: CheckinSummary = { at: c.at, week: c.week, soreness, areas: areasOf(c.areas), redFlags };
    const prev = out[out.length - 1];
    const split = boundary !== undefined && prev !== undefined && prev.t < boundary && t >= boundary;
    if (prev && prev.reading.week === c.week && !split) {
      out[out.length - 1] = {
        t,
        reading: {
          ...reading,
          soreness: soreness ?? prev.reading.soreness,
          areas: reading.areas.length > 0 ? reading.areas : prev.reading.areas,
          redFlags: union(prev.reading.redFlags, redFlags),
        },
      };
    } else {
      out.push({ reading, t });
    }
  }
  return out.map((o) => o.reading);
};

const isHigh = (reading: CheckinSummary | undefined): boolean =>
  reading !== undefined && reading.soreness !== null && reading.soreness >= RECOVERY_THRESHOLD;

const twoHighs = (history: readonly CheckinSummary[], lastRecoveryWeekAt: string | undefined): boolean => {
  const latest = history[history.length - 1];
  const older = history[history.length - 2];
  if (!latest || !older || latest.redFlags.length > 0 || !isHigh(latest) || !isHigh(older)) return false;
  return lastRecoveryWeekAt === undefined || instant(lastRecoveryWeekAt, "lastRecoveryWeekAt") < instant(older.at, "a check-in's at");
};

/**
 * How a reading reads back in an email: "calves and shins 7/10", "7/10", or just the areas.
 * @example heardOf({ at: "2025-03-04T08:00:00Z", week: 3, soreness: 7, areas: ["calves"], redFlags: [] }) // "calves 7/10"
 */
export const heardOf = (reading: Pick<CheckinSummary, "soreness" | "areas">): string => {
  const names = areasOf(reading.areas).map((a) => (a === "lower-back" ? "lower back" : a));
  const areas = names.length <= 1 ? (names[0] ?? "") : `${names.slice(0, -1).join(", ")} and ${names[names.length - 1] ?? ""}`;
  const shown = score(reading.soreness);
  return [areas, shown === null ? "" : `${shown}/10`].filter((s) => s !== "").join(" ");
};

/**
 * True when the next email should be a recovery week: the two latest readings are both
 * {@link RECOVERY_THRESHOLD} or more, the latest has no red flag (that is triage, not a recovery
 * week), and no recovery-week email went out after the older of the two.
 * @example
 * const highs = [
 *   { at: "2025-03-03T08:00:00Z", week: 2, soreness: 7, areas: ["calves"], redFlags: [] },
 *   { at: "2025-03-10T08:00:00Z", week: 3, soreness: 8, areas: ["calves"], redFlags: [] },
 * ];
 * needsRecoveryWeek(highs) // true
 * needsRecoveryWeek(highs, "2025-03-17T07:00:00Z") // false: a recovery week already went out after them
 * @throws RangeError when an `at` or lastRecoveryWeekAt is not an ISO instant.
 */
export function needsRecoveryWeek(checkins: readonly CheckinSummary[], lastRecoveryWeekAt?: string): boolean {
  return twoHighs(checkinHistory(checkins, lastRecoveryWeekAt), lastRecoveryWeekAt);
}

/**
 * The adaptation for the next email, from the latest reading (see the rule table above);
 * undefined when there is nothing to adapt to.
 * @example adapt([{ at: "2025-03-04T08:00:00Z", week: 2, soreness: 7, areas: ["calves"], redFlags: [] }])
 *   // { mode: "recover", heard: "calves 7/10", focusAreas: ["calves"], easyOnly: true, swapRunForCrossTraining: true, … }
 * @throws RangeError when an `at` or lastRecoveryWeekAt is not an ISO instant.
 */
export function adapt(checkins: readonly CheckinSummary[], options: AdaptOptions = {}): Adaptation | undefined {
  const history = checkinHistory(checkins, options.lastRecoveryWeekAt);
  const latest = history[history.length - 1];
  if (!latest) return undefined;
  if (options.nextWeek !== undefined && latest.week < options.nextWeek - 1) return undefined;
  const base = { heard: heardOf(latest), focusAreas: latest.areas, soreness: latest.soreness, redFlags: latest.redFlags };
  const easy = { easyOnly: true, swapRunForCrossTraining: true };
  const asPlanned = { easyOnly: false, swapRunForCrossTraining: false };
  if (latest.redFlags.length > 0) return { ...base, mode: "recover", ...easy };
  if (twoHighs(history, options.lastRecoveryWeekAt)) return { ...base, mode: "recoveryWeek", ...easy };
  const soreness = latest.soreness ?? 0;
  if (soreness >= RECOVERY_THRESHOLD) return { ...base, mode: "recover", ...easy };
  if (soreness >= CARE_THRESHOLD) return { ...base, mode: "care", ...asPlanned };
  return { ...base, mode: "progress", ...asPlanned };
}
