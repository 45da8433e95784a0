import { describe, expect, it } from "vitest";
import type { Runner } from "../../functions/domain/profile.js";
import { SES_THRESHOLDS, computeStats, weekStartOf } from "../../functions/domain/stats.js";
import { pendingRunner } from "../support/runners.js";

const NOW = new Date("2026-12-03T12:00:00Z"); // a Thursday: the week starts Monday 30 November
const at = (iso: string) => new Date(iso);
const runner = (overrides: Partial<Runner> & { sends?: { at: string }[]; unsubscribedAt?: string }) => ({
  ...pendingRunner(at("2026-11-01T00:00:00Z")),
  ...overrides,
});

describe("computeStats", () => {
  it("weeks start on Monday (UTC)", () => {
    expect(weekStartOf("2026-12-03T12:00:00Z")).toBe("2026-11-30");
    expect(weekStartOf("2026-11-30T00:00:00Z")).toBe("2026-11-30");
    expect(weekStartOf("2026-11-29T23:59:59Z")).toBe("2026-11-23");
  });

  it("counts subscribers by status and week, sends, failures, check-in rate, soreness, red flags and unsubscribes per week", () => {
    const runners = [
      runner({
        status: "active",
        week: 2,
        confirmedAt: "2026-11-24T08:00:00Z",
        sends: [{ at: "2026-11-24T07:00:00Z" }, { at: "2026-12-01T07:00:00Z" }],
      }),
      runner({ status: "paused", week: 1, confirmedAt: "2026-11-25T08:00:00Z", sends: [{ at: "2026-12-01T07:00:00Z" }] }),
      runner({ status: "paused", week: 1, pausedUntil: "2027-01-01T00:00:00Z", sends: [{ at: "2026-12-02T07:00:00Z" }] }),
      runner({ status: "unsubscribed", week: 1, unsubscribedAt: "2026-12-02T10:00:00Z", sends: [{ at: "2026-11-24T07:00:00Z" }] }),
      runner({ status: "bounced", week: 0 }),
    ];
    const checkins = [
      { runnerId: "a", at: "2026-11-25T09:00:00Z", soreness: 4, redFlags: [] },
      { runnerId: "a", at: "2026-12-01T09:00:00Z", soreness: 6, redFlags: [] },
      { runnerId: "b", at: "2026-12-01T10:00:00Z", soreness: 9, redFlags: ["sharp_pain", "swelling"] },
      { runnerId: "c", at: "2026-12-02T10:00:00Z", soreness: null, redFlags: [] },
    ];
    const s = computeStats({ runners, checkins, failures: { "2026-11-30": 2 }, now: NOW, weeks: 2 });
    expect(s.subscribers).toMatchObject({ total: 5, heldForTriage: 1, byWeek: { "2": 1, "1": 2 } });
    expect(s.subscribers.byStatus).toMatchObject({ active: 1, paused: 2, unsubscribed: 1, bounced: 1, pending: 0 });
    expect(s.weekly).toEqual([
      {
        weekStart: "2026-11-23",
        sent: 2,
        failed: 0,
        confirmations: 2,
        checkins: 1,
        checkinRate: 0.5,
        soreness: 4,
        redFlags: 0,
        unsubscribes: 0,
      },
      {
        weekStart: "2026-11-30",
        sent: 3,
        failed: 2,
        confirmations: 0,
        checkins: 3,
        checkinRate: 1,
        soreness: 7.5,
        redFlags: 1,
        unsubscribes: 1,
      },
    ]);
    expect(s.soreness.distribution[4]).toBe(1);
    expect(s.soreness.distribution[9]).toBe(1);
    expect(s.soreness.trend).toEqual([4, 7.5]);
    expect(s.redFlags).toEqual({ total: 1, byFlag: { sharp_pain: 1, swelling: 1 }, heldNow: 1 });
    expect(s.deliverability).toMatchObject({ sent: 5, bounced: 1, bounceRate: 0.2, bounceStatus: "pause", complaintStatus: "ok" });
    expect(s.unsubscribes).toBe(1);
  });

  it("rates against the SES thresholds: ok below review, review from it, pause from the pause rate", () => {
    const sends = Array.from({ length: 1000 }, () => ({ at: "2026-12-01T07:00:00Z" }));
    const base = runner({ status: "active", sends });
    const complained = (n: number) => Array.from({ length: n }, () => runner({ status: "complained" }));
    const status = (n: number) =>
      computeStats({ runners: [base, ...complained(n)], checkins: [], failures: {}, now: NOW, weeks: 1 }).deliverability.complaintStatus;
    expect(SES_THRESHOLDS.complaint).toEqual({ review: 0.001, pause: 0.005 });
    expect([status(0), status(1), status(5)]).toEqual(["ok", "review", "pause"]);
  });

  it("no data: zeros and nulls, never NaN", () => {
    const s = computeStats({ runners: [], checkins: [], failures: {}, now: NOW, weeks: 3 });
    expect(s.weekly.map((w) => [w.checkinRate, w.soreness])).toEqual([
      [null, null],
      [null, null],
      [null, null],
    ]);
    expect(s.deliverability.bounceRate).toBe(0);
    expect(JSON.stringify(s)).not.toContain("NaN");
  });
});
