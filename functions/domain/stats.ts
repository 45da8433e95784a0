import type { Runner, RunnerStatus } from "./profile.js";
import { RUNNER_STATUSES, isHeldForTriage } from "./profile.js";

/**
 * The operator's numbers, computed from what the table holds: runner profiles (status, week, send
 * history), check-ins and the dispatcher's failure counts. Pure: the caller reads, this counts.
 * Weeks are ISO weeks (Monday 00:00 UTC), the latest `weeks` of them, oldest first.
 */
export interface StatsCheckin {
  runnerId: string;
  at: string;
  soreness: number | null;
  redFlags: string[];
}

export interface StatsInput {
  runners: readonly (Runner & { sends?: { at: string }[]; unsubscribedAt?: string; suppressedAt?: string })[];
  checkins: readonly StatsCheckin[];
  /** Weekly emails SES refused, by week start (YYYY-MM-DD). */
  failures: Readonly<Record<string, number>>;
  now: Date;
  weeks: number;
}

/** SES's review thresholds (account under review) and the rates at which sending may be paused. */
export const SES_THRESHOLDS = {
  bounce: { review: 0.05, pause: 0.1 },
  complaint: { review: 0.001, pause: 0.005 },
} as const;

export interface WeekRow {
  weekStart: string;
  sent: number;
  failed: number;
  confirmations: number;
  checkins: number;
  /** Check-ins / emails sent that week; null with no sends. */
  checkinRate: number | null;
  /** Average soreness of that week's scored check-ins; null with none. */
  soreness: number | null;
  redFlags: number;
  unsubscribes: number;
}

export interface Stats {
  generatedAt: string;
  subscribers: { total: number; byStatus: Record<RunnerStatus, number>; heldForTriage: number; byWeek: Record<string, number> };
  confirmations: number;
  weekly: WeekRow[];
  soreness: { distribution: number[]; trend: (number | null)[] };
  redFlags: { total: number; byFlag: Record<string, number>; heldNow: number };
  deliverability: {
    sent: number;
    bounced: number;
    complained: number;
    bounceRate: number;
    complaintRate: number;
    thresholds: typeof SES_THRESHOLDS;
    bounceStatus: RateStatus;
    complaintStatus: RateStatus;
  };
  unsubscribes: number;
}

export type RateStatus = "ok" | "review" | "pause";

const WEEK_MS = 7 * 86_400_000;

/** Monday 00:00 UTC of the ISO week holding `t`, as YYYY-MM-DD. */
export const weekStartOf = (t: Date | string): string => {
  const d = new Date(typeof t === "string" ? Date.parse(t) : t.getTime());
  const day = (d.getUTCDay() + 6) % 7;
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - day)).toISOString().slice(0, 10);
};

const statusOf = (rate: number, t: { review: number; pause: number }): RateStatus =>
  rate >= t.pause ? "pause" : rate >= t.review ? "review" : "ok";
const ratio = (a: number, b: number): number => (b === 0 ? 0 : Math.round((a / b) * 10_000) / 10_000);
const round1 = (n: number): number => Math.round(n * 10) / 10;

const emptyWeeks = (now: Date, weeks: number): Map<string, WeekRow> => {
  const rows = new Map<string, WeekRow>();
  const current = Date.parse(weekStartOf(now));
  for (let i = weeks - 1; i >= 0; i--) {
    const weekStart = new Date(current - i * WEEK_MS).toISOString().slice(0, 10);
    rows.set(weekStart, {
      weekStart,
      sent: 0,
      failed: 0,
      confirmations: 0,
      checkins: 0,
      checkinRate: null,
      soreness: null,
      redFlags: 0,
      unsubscribes: 0,
    });
  }
  return rows;
};

const subscribersOf = (input: StatsInput): Stats["subscribers"] => {
  const byStatus = Object.fromEntries(RUNNER_STATUSES.map((s) => [s, 0])) as Record<RunnerStatus, number>;
  const byWeek: Record<string, number> = {};
  for (const r of input.runners) {
    byStatus[r.status] = (byStatus[r.status] ?? 0) + 1;
    if (r.status === "active" || r.status === "paused") byWeek[String(r.week)] = (byWeek[String(r.week)] ?? 0) + 1;
  }
  return { total: input.runners.length, byStatus, heldForTriage: input.runners.filter(isHeldForTriage).length, byWeek };
};

const weeklyOf = (input: StatsInput): WeekRow[] => {
  const rows = emptyWeeks(input.now, input.weeks);
  const at = (iso: string | undefined) => (iso ? rows.get(weekStartOf(iso)) : undefined);
  for (const r of input.runners) {
    for (const s of r.sends ?? []) {
      const row = at(s.at);
      if (row) row.sent++;
    }
    const confirmed = at(r.confirmedAt);
    if (confirmed) confirmed.confirmations++;
    const unsubscribed = r.status === "unsubscribed" ? at(r.unsubscribedAt) : undefined;
    if (unsubscribed) unsubscribed.unsubscribes++;
  }
  const scores = new Map<string, number[]>();
  for (const c of input.checkins) {
    const row = at(c.at);
    if (!row) continue;
    row.checkins++;
    if (c.redFlags.length > 0) row.redFlags++;
    if (c.soreness !== null) scores.set(row.weekStart, [...(scores.get(row.weekStart) ?? []), c.soreness]);
  }
  for (const row of rows.values()) {
    row.failed = input.failures[row.weekStart] ?? 0;
    row.checkinRate = row.sent === 0 ? null : ratio(row.checkins, row.sent);
    const s = scores.get(row.weekStart);
    row.soreness = s?.length ? round1(s.reduce((a, b) => a + b, 0) / s.length) : null;
  }
  return [...rows.values()];
};

/** Every number the operator sees on `stats` and the /admin overview. */
export const computeStats = (input: StatsInput): Stats => {
  const weekly = weeklyOf(input);
  const distribution = Array.from({ length: 11 }, () => 0);
  const byFlag: Record<string, number> = {};
  for (const c of input.checkins) {
    if (c.soreness !== null && c.soreness >= 0 && c.soreness <= 10) distribution[Math.round(c.soreness)]!++;
    for (const f of c.redFlags) byFlag[f] = (byFlag[f] ?? 0) + 1;
  }
  const subscribers = subscribersOf(input);
  const sent = input.runners.reduce((n, r) => n + (r.sends?.length ?? 0), 0);
  const bounceRate = ratio(subscribers.byStatus.bounced, sent);
  const complaintRate = ratio(subscribers.byStatus.complained, sent);
  return {
    generatedAt: input.now.toISOString(),
    subscribers,
    confirmations: input.runners.filter((r) => r.confirmedAt).length,
    weekly,
    soreness: { distribution, trend: weekly.map((w) => w.soreness) },
    redFlags: { total: input.checkins.filter((c) => c.redFlags.length > 0).length, byFlag, heldNow: subscribers.heldForTriage },
    deliverability: {
      sent,
      bounced: subscribers.byStatus.bounced,
      complained: subscribers.byStatus.complained,
      bounceRate,
      complaintRate,
      thresholds: SES_THRESHOLDS,
      bounceStatus: statusOf(bounceRate, SES_THRESHOLDS.bounce),
      complaintStatus: statusOf(complaintRate, SES_THRESHOLDS.complaint),
    },
    unsubscribes: subscribers.byStatus.unsubscribed,
  };
};
