/**
 * When the next weekly email goes out, in the runner's own zone, across daylight-saving changes.
 */
import type { Preferences, SendDay } from "./profile.js";
import { MINUTE_MS, offsetAt, wallClock } from "./wall-clock.js";

const WEEKDAY: Record<SendDay, number> = { mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6, sun: 7 };
const DAY_MS = 24 * 3_600_000;

/**
 * The instant that shows `hour:00` on the given local calendar day in `zone`.
 *
 * Daylight-saving rules:
 * - **Spring forward** (the hour does not exist, e.g. 01:30 in London on the last Sunday of March):
 *   send at the same wall time shifted forward by the gap (01:30 → 02:30 BST), i.e. the first moment
 *   after the gap. The runner still gets that day's email, an hour "late" by the clock.
 * - **Fall back** (the hour happens twice, e.g. 01:00 in Los Angeles on the first Sunday of November):
 *   send at the first occurrence (the daylight-time one). The second occurrence is never used, so a
 *   repeated hour cannot send twice.
 * @throws RangeError when the zone is unknown.
 */
export const localSlot = (zone: string, year: number, month: number, day: number, hour: number): Date => {
  const wall = Date.UTC(year, month - 1, day, hour);
  // A zone has at most two offsets around one day; try both and keep those that really show `hour:00`.
  const offsets = [...new Set([offsetAt(zone, wall - DAY_MS), offsetAt(zone, wall + DAY_MS)])];
  const valid = offsets
    .map((offsetMinutes) => wall - offsetMinutes * MINUTE_MS)
    .filter((t) => {
      const local = wallClock(t, zone);
      return local.year === year && local.month === month && local.day === day && local.hour === hour && local.minute === 0;
    })
    .sort((a, b) => a - b);
  if (valid[0] !== undefined) return new Date(valid[0]);
  // In a gap: read the wall time with the offset from before the transition, which lands after the gap.
  return new Date(wall - offsetAt(zone, wall - DAY_MS) * MINUTE_MS);
};

/**
 * The next instant strictly after `after` that falls on `sendDay` at `sendHour` in the runner's zone.
 * @example nextSendAt({ timezone: "Europe/London", sendDay: "mon", sendHour: 7 }, new Date("2026-03-25T12:00:00Z"))
 * @throws RangeError when `after` is invalid or the zone unknown.
 */
export const nextSendAt = (prefs: Pick<Preferences, "timezone" | "sendDay" | "sendHour">, after: Date): Date => {
  const today = wallClock(after, prefs.timezone);
  // Eight days always holds the next matching weekday after `after`, even when today's slot has passed.
  for (let d = 0; d <= 8; d++) {
    // Calendar arithmetic on the local date, done in UTC where every day has 24 hours.
    const date = new Date(Date.UTC(today.year, today.month - 1, today.day + d));
    if ((date.getUTCDay() || 7) !== WEEKDAY[prefs.sendDay]) continue;
    const slot = localSlot(prefs.timezone, date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate(), prefs.sendHour);
    if (slot.getTime() > after.getTime()) return slot;
  }
  throw new RangeError("no send slot found within eight days");
};
