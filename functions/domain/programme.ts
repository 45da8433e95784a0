import type { Runner } from "./profile.js";
import { nextSendAt } from "./schedule.js";

/** What happens to a runner once this week's email has gone. */
export type Advance = { week: number; completed: false; nextSendAt: Date } | { week: number; completed: true };

/**
 * The week to send now and what follows it. The next slot is the first one after `now`, not after the
 * missed slot: a runner whose emails were delayed (an outage, a pause) gets one email, never a burst.
 * @example planAdvance(runner, 10, now) // → { week: 4, completed: false, nextSendAt: … }
 */
export const planAdvance = (
  runner: Pick<Runner, "week" | "timezone" | "sendDay" | "sendHour">,
  programmeWeeks: number,
  now: Date,
): Advance => {
  const week = runner.week + 1;
  if (week >= programmeWeeks) return { week, completed: true };
  return { week, completed: false, nextSendAt: nextSendAt(runner, now) };
};
