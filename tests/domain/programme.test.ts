import { describe, expect, it } from "vitest";
import type { Runner } from "../../functions/domain/profile.js";
import { planAdvance } from "../../functions/domain/programme.js";
import { nextSendAt } from "../../functions/domain/schedule.js";

type Scheduled = Pick<Runner, "week" | "timezone" | "sendDay" | "sendHour">;

const WEEKS = 12;
const LONDON_MON_7: Omit<Scheduled, "week"> = { timezone: "Europe/London", sendDay: "mon", sendHour: 7 };

describe("planAdvance", () => {
  it.each([
    {
      what: "week 0 → 1, right at this week's slot",
      runner: { ...LONDON_MON_7, week: 0 },
      now: "2026-01-19T07:00:00.000Z",
      expected: { week: 1, completed: false, nextSendAt: "2026-01-26T07:00:00.000Z" },
    },
    {
      what: "week 0 → 1, a few minutes late",
      runner: { ...LONDON_MON_7, week: 0 },
      now: "2026-01-19T07:04:00.000Z",
      expected: { week: 1, completed: false, nextSendAt: "2026-01-26T07:00:00.000Z" },
    },
    {
      what: "a middle week",
      runner: { ...LONDON_MON_7, week: 5 },
      now: "2026-02-23T07:00:00.000Z",
      expected: { week: 6, completed: false, nextSendAt: "2026-03-02T07:00:00.000Z" },
    },
    {
      what: "the week before the last",
      runner: { ...LONDON_MON_7, week: WEEKS - 2 },
      now: "2026-03-30T06:00:00.000Z",
      expected: { week: WEEKS - 1, completed: false, nextSendAt: "2026-04-06T06:00:00.000Z" },
    },
    {
      what: "into the spring-forward gap (Los Angeles, Sunday 02:00)",
      runner: { timezone: "America/Los_Angeles", sendDay: "sun", sendHour: 2, week: 3 },
      now: "2026-03-01T10:00:00.000Z",
      expected: { week: 4, completed: false, nextSendAt: "2026-03-08T10:00:00.000Z" },
    },
    {
      what: "late by three weeks (an outage): one next slot after now, no burst",
      runner: { ...LONDON_MON_7, week: 2 },
      now: "2026-02-18T12:00:00.000Z",
      expected: { week: 3, completed: false, nextSendAt: "2026-02-23T07:00:00.000Z" },
    },
  ])("$what", ({ runner, now, expected }) => {
    // Act
    const advance = planAdvance(runner as Scheduled, WEEKS, new Date(now));

    // Assess
    expect(advance.completed).toBe(false);
    expect({ ...advance, nextSendAt: advance.completed ? undefined : advance.nextSendAt.toISOString() }).toEqual(expected);
  });

  it("uses the runner's schedule for the next slot", () => {
    // Prepare
    const runner: Scheduled = { timezone: "Pacific/Auckland", sendDay: "sat", sendHour: 6, week: 0 };
    const now = new Date("2026-07-03T18:00:00.000Z");

    // Act
    const advance = planAdvance(runner, WEEKS, now);

    // Assess
    expect(advance).toEqual({ week: 1, completed: false, nextSendAt: nextSendAt(runner, now) });
    expect(advance.completed ? undefined : advance.nextSendAt.toISOString()).toBe("2026-07-10T18:00:00.000Z");
  });

  it.each([
    { what: "sending the last week", week: WEEKS - 1, programmeWeeks: WEEKS, expectedWeek: WEEKS },
    { what: "a one-week programme", week: 0, programmeWeeks: 1, expectedWeek: 1 },
  ])("completes when $what", ({ week, programmeWeeks, expectedWeek }) => {
    // Prepare
    const runner: Scheduled = { ...LONDON_MON_7, week };

    // Act
    const advance = planAdvance(runner, programmeWeeks, new Date("2026-05-04T06:00:00.000Z"));

    // Assess
    expect(advance).toEqual({ week: expectedWeek, completed: true });
    expect(advance).not.toHaveProperty("nextSendAt");
  });

  it("a runner already past the end is completed, with no next send", () => {
    // Prepare
    const runner: Scheduled = { ...LONDON_MON_7, week: WEEKS + 3 };

    // Act
    const advance = planAdvance(runner, WEEKS, new Date("2026-05-04T06:00:00.000Z"));

    // Assess
    expect(advance.completed).toBe(true);
    expect(advance).not.toHaveProperty("nextSendAt");
  });

  it("walks a whole programme: one week per slot, then completes", () => {
    // Prepare
    let runner: Scheduled = { timezone: "America/Los_Angeles", sendDay: "sun", sendHour: 1, week: 0 };
    let now = new Date("2026-10-04T08:00:00.000Z"); // Sunday 01:00 PDT, four weeks before fall back
    const sent: Array<{ week: number; at: string }> = [];

    // Act
    for (;;) {
      const advance = planAdvance(runner, WEEKS, now);
      sent.push({ week: advance.week, at: now.toISOString() });
      if (advance.completed) break;
      runner = { ...runner, week: advance.week };
      now = advance.nextSendAt;
    }

    // Assess
    expect(sent.map((s) => s.week)).toEqual(Array.from({ length: WEEKS }, (_, i) => i + 1));
    expect(sent.map((s) => s.at)).toEqual([
      "2026-10-04T08:00:00.000Z",
      "2026-10-11T08:00:00.000Z",
      "2026-10-18T08:00:00.000Z",
      "2026-10-25T08:00:00.000Z",
      "2026-11-01T08:00:00.000Z", // first 01:00 of the fall-back day, PDT
      "2026-11-08T09:00:00.000Z",
      "2026-11-15T09:00:00.000Z",
      "2026-11-22T09:00:00.000Z",
      "2026-11-29T09:00:00.000Z",
      "2026-12-06T09:00:00.000Z",
      "2026-12-13T09:00:00.000Z",
      "2026-12-20T09:00:00.000Z",
    ]);
  });
});
