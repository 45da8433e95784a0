import type { Preferences } from "../../functions/domain/profile.js";
import { GOALS, LEVELS, SEND_DAYS, SORE_AREAS } from "../../functions/domain/profile.js";

/** The zones sample runners live in: both hemispheres, half-hour offsets, and zones without DST. */
const ZONES = [
  "Europe/London",
  "America/Los_Angeles",
  "Pacific/Auckland",
  "Asia/Kolkata",
  "America/New_York",
  "Europe/Berlin",
  "Australia/Sydney",
  "UTC",
];

const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

/** Varied profile choices for sample runners (the simulation's signups, the bench's seeded table). */
export const randomPreferences = (
  random: () => number,
): Pick<Preferences, "level" | "goal" | "runsPerWeek" | "units" | "timezone" | "sendDay" | "sendHour" | "soreAreas"> => ({
  level: pick(random, LEVELS),
  goal: pick(random, GOALS),
  runsPerWeek: Math.floor(random() * 8),
  units: random() < 0.5 ? "metric" : "imperial",
  timezone: pick(random, ZONES),
  sendDay: pick(random, SEND_DAYS),
  sendHour: Math.floor(random() * 24),
  soreAreas: SORE_AREAS.filter(() => random() < 0.2),
});
