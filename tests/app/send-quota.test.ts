import { describe, expect, it } from "vitest";
import { dispatch } from "../../functions/app/dispatch.js";
import { dispatchDeps } from "../../functions/app/dispatch-deps.js";
import { QUOTA_RESERVE, quotaAllowance } from "../../functions/app/send-quota.js";
import { activeRunner } from "../support/runners.js";
import { testDeps } from "../support/stack.js";

const START = new Date("2027-03-01T00:00:00Z");

describe("quotaAllowance", () => {
  it("leaves the reserve of the 24-hour quota for one-off emails", () => {
    // Act + Assess
    expect(quotaAllowance({ max24HourSend: 200, sentLast24Hours: 0 })).toBe(200 - 200 * QUOTA_RESERVE);
    expect(quotaAllowance({ max24HourSend: 200, sentLast24Hours: 185 })).toBe(5);
    expect(quotaAllowance({ max24HourSend: 200, sentLast24Hours: 199 })).toBe(0);
  });

  it("does not limit an unknown or unlimited quota", () => {
    // Act + Assess
    expect(quotaAllowance(undefined)).toBe(Number.POSITIVE_INFINITY);
    expect(quotaAllowance({ max24HourSend: -1, sentLast24Hours: 5 })).toBe(Number.POSITIVE_INFINITY);
  });
});

describe("the dispatcher at the 24-hour quota", () => {
  it("sends only what the quota allows, reports it, and the next tick (quota free again) sends the rest", async () => {
    // Prepare: four runners due; room for two (200 a day, 188 sent, 10 kept in reserve).
    const deps = await testDeps({ role: "dispatcher" });
    const runners = await Promise.all(Array.from({ length: 4 }, () => activeRunner(deps, START)));
    const due = new Date(Math.max(...runners.map((r) => Date.parse(r.nextSendAt!))));
    let sentLast24Hours = 188;
    const withQuota = { ...dispatchDeps(deps), quota: async () => ({ max24HourSend: 200, sentLast24Hours }) };

    // Act
    const first = await dispatch(withQuota, { now: due, remainingMs: () => 300_000 });
    sentLast24Hours = 0;
    const next = await dispatch(withQuota, { now: new Date(due.getTime() + 15 * 60_000), remainingMs: () => 300_000 });

    // Assess
    expect(first).toMatchObject({ sent: 2, failed: 0, quotaStopped: true });
    expect(next).toMatchObject({ due: 2, sent: 2 });
    expect(next).not.toHaveProperty("quotaStopped");
  });

  it("sends nothing when the quota is already used up, and says so", async () => {
    // Prepare
    const deps = await testDeps({ role: "dispatcher" });
    const runner = await activeRunner(deps, START);
    const exhausted = { ...dispatchDeps(deps), quota: async () => ({ max24HourSend: 200, sentLast24Hours: 195 }) };

    // Act
    const result = await dispatch(exhausted, { now: new Date(runner.nextSendAt!), remainingMs: () => 300_000 });

    // Assess
    expect(result).toMatchObject({ sent: 0, quotaStopped: true });
  });
});
