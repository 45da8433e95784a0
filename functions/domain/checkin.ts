import type { SoreArea } from "./profile.js";

/**
 * One check-in: a runner's reply or score-link click, as the coaching reads it and as the runner's
 * data export shows it. Health data: kept for the retention period, then gone.
 */
export interface Checkin {
  /** When the reply or click arrived (ISO); with the source id it names the check-in. */
  at: string;
  /** The programme week it answers (the last week sent). */
  week: number;
  /** 0-10, or null when the reply held no score. */
  soreness: number | null;
  areas: SoreArea[];
  /** Red-flag codes (see functions/domain/reply: sharp_pain, swelling, …). */
  redFlags: string[];
  /** The runner's own words, quotes and signature removed. */
  note: string;
  source: "email" | "link";
  /** The inbound message id or a click id: the same message twice is one check-in. */
  sourceId: string;
}

/** What the adaptation rules and the profile's copy of recent check-ins keep of one (no note, no source). */
export type CheckinSummary = Pick<Checkin, "at" | "week" | "soreness" | "areas" | "redFlags">;

/** How many recent check-ins ride on the profile, so the weekly email adapts without another read. */
export const RECENT_CHECKINS = 6;

const DAY_MS = 86_400_000;

/** The instant after which a check-in arriving at `at` is past retention: `at` plus the retention period. */
export const checkinExpiry = (at: string, retentionDays: number): Date => new Date(Date.parse(at) + retentionDays * DAY_MS);

/**
 * The retention rule for what the profile may carry: the check-ins still within the retention period
 * at `now`, the newest RECENT_CHECKINS of them, oldest first. Health data past its period never rides along.
 */
export const recentWithin = <T extends { at: string }>(checkins: readonly T[], retentionDays: number, now: Date): T[] => {
  const oldest = now.getTime() - retentionDays * DAY_MS;
  return checkins
    .filter((c) => Date.parse(c.at) >= oldest)
    .sort((a, b) => a.at.localeCompare(b.at))
    .slice(-RECENT_CHECKINS);
};

/** The summary of a check-in the profile keeps. */
export const summaryOf = ({ at, week, soreness, areas, redFlags }: CheckinSummary): CheckinSummary => ({
  at,
  week,
  soreness,
  areas,
  redFlags,
});
