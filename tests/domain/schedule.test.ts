import { TZDate } from "@date-fns/tz";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { SendDay } from "../../functions/domain/profile.js";
import { SEND_DAYS } from "../../functions/domain/profile.js";
import { localSlot, nextSendAt } from "../../functions/domain/schedule.js";
import { longDate, parseInstant, shortDate, time12, time24, wallClockAt, weekdayName } from "../../functions/domain/wall-clock.js";

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const WEEK_MS = 7 * DAY_MS;
const ZONES = ["Europe/London", "America/Los_Angeles", "Pacific/Auckland", "Asia/Kolkata"] as const;
const WEEKDAY: Record<SendDay, number> = { mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6, sun: 7 };

interface Case {
  what: string;
  timezone: string;
  sendDay: SendDay;
  sendHour: number;
  after: string;
  expected: string;
}

const run = ({ timezone, sendDay, sendHour, after }: Case): string =>
  nextSendAt({ timezone, sendDay, sendHour }, new Date(after)).toISOString();

describe("nextSendAt in Europe/London", () => {
  const tz = "Europe/London";
  it.each<Case>([
    {
      what: "ordinary winter week",
      timezone: tz,
      sendDay: "mon",
      sendHour: 7,
      after: "2026-01-14T12:00:00.000Z",
      expected: "2026-01-19T07:00:00.000Z",
    },
    {
      what: "ordinary summer week (BST)",
      timezone: tz,
      sendDay: "fri",
      sendHour: 18,
      after: "2026-07-01T00:00:00.000Z",
      expected: "2026-07-03T17:00:00.000Z",
    },
    {
      what: "same day, one second before the slot",
      timezone: tz,
      sendDay: "mon",
      sendHour: 7,
      after: "2026-01-19T06:59:59.000Z",
      expected: "2026-01-19T07:00:00.000Z",
    },
    {
      what: "same day, one millisecond before the slot",
      timezone: tz,
      sendDay: "mon",
      sendHour: 7,
      after: "2026-01-19T06:59:59.999Z",
      expected: "2026-01-19T07:00:00.000Z",
    },
    {
      what: "exactly at the slot → the following week",
      timezone: tz,
      sendDay: "mon",
      sendHour: 7,
      after: "2026-01-19T07:00:00.000Z",
      expected: "2026-01-26T07:00:00.000Z",
    },
    {
      what: "same day, one second after the slot",
      timezone: tz,
      sendDay: "mon",
      sendHour: 7,
      after: "2026-01-19T07:00:01.000Z",
      expected: "2026-01-26T07:00:00.000Z",
    },
    {
      what: "the day before",
      timezone: tz,
      sendDay: "mon",
      sendHour: 7,
      after: "2026-01-18T23:59:59.000Z",
      expected: "2026-01-19T07:00:00.000Z",
    },
    {
      what: "midnight slot in summer falls on the previous UTC day",
      timezone: tz,
      sendDay: "mon",
      sendHour: 0,
      after: "2026-06-14T12:00:00.000Z",
      expected: "2026-06-14T23:00:00.000Z",
    },
    {
      what: "last hour of the day",
      timezone: tz,
      sendDay: "sat",
      sendHour: 23,
      after: "2026-01-01T00:00:00.000Z",
      expected: "2026-01-03T23:00:00.000Z",
    },
    {
      what: "across the new year",
      timezone: tz,
      sendDay: "thu",
      sendHour: 7,
      after: "2026-12-31T12:00:00.000Z",
      expected: "2027-01-07T07:00:00.000Z",
    },
    {
      what: "spring forward, sendHour in the gap (01:00 → 02:00 BST)",
      timezone: tz,
      sendDay: "sun",
      sendHour: 1,
      after: "2026-03-28T12:00:00.000Z",
      expected: "2026-03-29T01:00:00.000Z",
    },
    {
      what: "spring forward, after is just before the gap",
      timezone: tz,
      sendDay: "sun",
      sendHour: 1,
      after: "2026-03-29T00:59:59.000Z",
      expected: "2026-03-29T01:00:00.000Z",
    },
    {
      what: "spring forward, exactly at the shifted slot → the following week",
      timezone: tz,
      sendDay: "sun",
      sendHour: 1,
      after: "2026-03-29T01:00:00.000Z",
      expected: "2026-04-05T00:00:00.000Z",
    },
    {
      what: "spring forward week, sendHour outside the gap",
      timezone: tz,
      sendDay: "sun",
      sendHour: 7,
      after: "2026-03-28T12:00:00.000Z",
      expected: "2026-03-29T06:00:00.000Z",
    },
    {
      what: "week before spring forward",
      timezone: tz,
      sendDay: "sun",
      sendHour: 1,
      after: "2026-03-21T12:00:00.000Z",
      expected: "2026-03-22T01:00:00.000Z",
    },
    {
      what: "fall back, sendHour repeats → first occurrence (BST)",
      timezone: tz,
      sendDay: "sun",
      sendHour: 1,
      after: "2026-10-24T12:00:00.000Z",
      expected: "2026-10-25T00:00:00.000Z",
    },
    {
      what: "fall back, exactly at the first occurrence → next week, not the repeat",
      timezone: tz,
      sendDay: "sun",
      sendHour: 1,
      after: "2026-10-25T00:00:00.000Z",
      expected: "2026-11-01T01:00:00.000Z",
    },
    {
      what: "fall back, between the two occurrences → next week, not the repeat",
      timezone: tz,
      sendDay: "sun",
      sendHour: 1,
      after: "2026-10-25T00:30:00.000Z",
      expected: "2026-11-01T01:00:00.000Z",
    },
    {
      what: "fall back week, sendHour outside the repeat",
      timezone: tz,
      sendDay: "sun",
      sendHour: 7,
      after: "2026-10-24T12:00:00.000Z",
      expected: "2026-10-25T07:00:00.000Z",
    },
    {
      what: "fall back day, 02:00 happens once (GMT)",
      timezone: tz,
      sendDay: "sun",
      sendHour: 2,
      after: "2026-10-24T12:00:00.000Z",
      expected: "2026-10-25T02:00:00.000Z",
    },
  ])("$what", (c) => {
    // Act
    const actual = run(c);

    // Assess
    expect(actual).toBe(c.expected);
  });
});

describe("nextSendAt in America/Los_Angeles", () => {
  const tz = "America/Los_Angeles";
  it.each<Case>([
    {
      what: "ordinary winter week (PST)",
      timezone: tz,
      sendDay: "mon",
      sendHour: 7,
      after: "2026-01-14T12:00:00.000Z",
      expected: "2026-01-19T15:00:00.000Z",
    },
    {
      what: "ordinary summer week (PDT)",
      timezone: tz,
      sendDay: "wed",
      sendHour: 6,
      after: "2026-07-01T00:00:00.000Z",
      expected: "2026-07-01T13:00:00.000Z",
    },
    {
      what: "evening slot falls on the next UTC day",
      timezone: tz,
      sendDay: "sun",
      sendHour: 20,
      after: "2026-01-18T12:00:00.000Z",
      expected: "2026-01-19T04:00:00.000Z",
    },
    {
      what: "local Monday evening while UTC is already Tuesday, Tuesday slot",
      timezone: tz,
      sendDay: "tue",
      sendHour: 7,
      after: "2026-01-20T05:00:00.000Z",
      expected: "2026-01-20T15:00:00.000Z",
    },
    {
      what: "local Monday evening while UTC is already Tuesday, Monday slot still ahead",
      timezone: tz,
      sendDay: "mon",
      sendHour: 22,
      after: "2026-01-20T05:00:00.000Z",
      expected: "2026-01-20T06:00:00.000Z",
    },
    {
      what: "same day, before the slot",
      timezone: tz,
      sendDay: "mon",
      sendHour: 7,
      after: "2026-01-19T14:59:59.000Z",
      expected: "2026-01-19T15:00:00.000Z",
    },
    {
      what: "exactly at the slot → the following week",
      timezone: tz,
      sendDay: "mon",
      sendHour: 7,
      after: "2026-01-19T15:00:00.000Z",
      expected: "2026-01-26T15:00:00.000Z",
    },
    {
      what: "same day, after the slot",
      timezone: tz,
      sendDay: "mon",
      sendHour: 7,
      after: "2026-01-19T15:00:01.000Z",
      expected: "2026-01-26T15:00:00.000Z",
    },
    {
      what: "spring forward, sendHour in the gap (02:00 → 03:00 PDT)",
      timezone: tz,
      sendDay: "sun",
      sendHour: 2,
      after: "2026-03-07T12:00:00.000Z",
      expected: "2026-03-08T10:00:00.000Z",
    },
    {
      what: "spring forward, exactly at the shifted slot → the following week",
      timezone: tz,
      sendDay: "sun",
      sendHour: 2,
      after: "2026-03-08T10:00:00.000Z",
      expected: "2026-03-15T09:00:00.000Z",
    },
    {
      what: "spring forward week, sendHour outside the gap",
      timezone: tz,
      sendDay: "sun",
      sendHour: 7,
      after: "2026-03-07T12:00:00.000Z",
      expected: "2026-03-08T14:00:00.000Z",
    },
    {
      what: "fall back, sendHour repeats → first occurrence (PDT)",
      timezone: tz,
      sendDay: "sun",
      sendHour: 1,
      after: "2026-10-31T12:00:00.000Z",
      expected: "2026-11-01T08:00:00.000Z",
    },
    {
      what: "fall back, exactly at the first occurrence → next week, not the repeat",
      timezone: tz,
      sendDay: "sun",
      sendHour: 1,
      after: "2026-11-01T08:00:00.000Z",
      expected: "2026-11-08T09:00:00.000Z",
    },
    {
      what: "fall back, between the two occurrences → next week, not the repeat",
      timezone: tz,
      sendDay: "sun",
      sendHour: 1,
      after: "2026-11-01T08:30:00.000Z",
      expected: "2026-11-08T09:00:00.000Z",
    },
    {
      what: "fall back week, sendHour outside the repeat",
      timezone: tz,
      sendDay: "sun",
      sendHour: 7,
      after: "2026-10-31T12:00:00.000Z",
      expected: "2026-11-01T15:00:00.000Z",
    },
  ])("$what", (c) => {
    // Act
    const actual = run(c);

    // Assess
    expect(actual).toBe(c.expected);
  });
});

describe("nextSendAt in Pacific/Auckland", () => {
  const tz = "Pacific/Auckland";
  it.each<Case>([
    {
      what: "ordinary winter week (NZST) falls on the previous UTC day",
      timezone: tz,
      sendDay: "mon",
      sendHour: 7,
      after: "2026-07-01T00:00:00.000Z",
      expected: "2026-07-05T19:00:00.000Z",
    },
    {
      what: "ordinary summer week (NZDT)",
      timezone: tz,
      sendDay: "mon",
      sendHour: 7,
      after: "2026-01-14T00:00:00.000Z",
      expected: "2026-01-18T18:00:00.000Z",
    },
    {
      what: "same day, before the slot",
      timezone: tz,
      sendDay: "mon",
      sendHour: 7,
      after: "2026-07-05T18:59:59.000Z",
      expected: "2026-07-05T19:00:00.000Z",
    },
    {
      what: "exactly at the slot → the following week",
      timezone: tz,
      sendDay: "mon",
      sendHour: 7,
      after: "2026-07-05T19:00:00.000Z",
      expected: "2026-07-12T19:00:00.000Z",
    },
    {
      what: "same day, after the slot",
      timezone: tz,
      sendDay: "mon",
      sendHour: 7,
      after: "2026-07-05T19:00:01.000Z",
      expected: "2026-07-12T19:00:00.000Z",
    },
    {
      what: "spring forward, sendHour in the gap (02:00 → 03:00 NZDT)",
      timezone: tz,
      sendDay: "sun",
      sendHour: 2,
      after: "2026-09-25T00:00:00.000Z",
      expected: "2026-09-26T14:00:00.000Z",
    },
    {
      what: "spring forward, exactly at the shifted slot → the following week",
      timezone: tz,
      sendDay: "sun",
      sendHour: 2,
      after: "2026-09-26T14:00:00.000Z",
      expected: "2026-10-03T13:00:00.000Z",
    },
    {
      what: "spring forward week, sendHour outside the gap",
      timezone: tz,
      sendDay: "sun",
      sendHour: 7,
      after: "2026-09-25T00:00:00.000Z",
      expected: "2026-09-26T18:00:00.000Z",
    },
    {
      what: "fall back, sendHour repeats → first occurrence (NZDT)",
      timezone: tz,
      sendDay: "sun",
      sendHour: 2,
      after: "2026-04-03T00:00:00.000Z",
      expected: "2026-04-04T13:00:00.000Z",
    },
    {
      what: "fall back, exactly at the first occurrence → next week, not the repeat",
      timezone: tz,
      sendDay: "sun",
      sendHour: 2,
      after: "2026-04-04T13:00:00.000Z",
      expected: "2026-04-11T14:00:00.000Z",
    },
    {
      what: "fall back, between the two occurrences → next week, not the repeat",
      timezone: tz,
      sendDay: "sun",
      sendHour: 2,
      after: "2026-04-04T13:30:00.000Z",
      expected: "2026-04-11T14:00:00.000Z",
    },
    {
      what: "fall back day, 03:00 happens once (NZST)",
      timezone: tz,
      sendDay: "sun",
      sendHour: 3,
      after: "2026-04-03T00:00:00.000Z",
      expected: "2026-04-04T15:00:00.000Z",
    },
  ])("$what", (c) => {
    // Act
    const actual = run(c);

    // Assess
    expect(actual).toBe(c.expected);
  });
});

describe("nextSendAt in Asia/Kolkata (no DST, +05:30)", () => {
  const tz = "Asia/Kolkata";
  it.each<Case>([
    {
      what: "ordinary week",
      timezone: tz,
      sendDay: "mon",
      sendHour: 7,
      after: "2026-01-14T00:00:00.000Z",
      expected: "2026-01-19T01:30:00.000Z",
    },
    {
      what: "early slot falls on the previous UTC day",
      timezone: tz,
      sendDay: "mon",
      sendHour: 3,
      after: "2026-01-14T00:00:00.000Z",
      expected: "2026-01-18T21:30:00.000Z",
    },
    {
      what: "same day, before the slot",
      timezone: tz,
      sendDay: "mon",
      sendHour: 7,
      after: "2026-01-19T01:29:59.000Z",
      expected: "2026-01-19T01:30:00.000Z",
    },
    {
      what: "exactly at the slot → the following week",
      timezone: tz,
      sendDay: "mon",
      sendHour: 7,
      after: "2026-01-19T01:30:00.000Z",
      expected: "2026-01-26T01:30:00.000Z",
    },
    {
      what: "same day, after the slot",
      timezone: tz,
      sendDay: "mon",
      sendHour: 7,
      after: "2026-01-19T01:30:01.000Z",
      expected: "2026-01-26T01:30:00.000Z",
    },
    {
      what: "unchanged on London's spring-forward Sunday",
      timezone: tz,
      sendDay: "sun",
      sendHour: 1,
      after: "2026-03-28T12:00:00.000Z",
      expected: "2026-03-28T19:30:00.000Z",
    },
    {
      what: "unchanged on Los Angeles' fall-back Sunday",
      timezone: tz,
      sendDay: "sun",
      sendHour: 1,
      after: "2026-10-31T12:00:00.000Z",
      expected: "2026-10-31T19:30:00.000Z",
    },
    {
      what: "last hour of the day",
      timezone: tz,
      sendDay: "sat",
      sendHour: 23,
      after: "2026-01-01T00:00:00.000Z",
      expected: "2026-01-03T17:30:00.000Z",
    },
    {
      what: "new year's day midnight is the previous UTC year",
      timezone: tz,
      sendDay: "fri",
      sendHour: 0,
      after: "2026-12-31T12:00:00.000Z",
      expected: "2026-12-31T18:30:00.000Z",
    },
  ])("$what", (c) => {
    // Act
    const actual = run(c);

    // Assess
    expect(actual).toBe(c.expected);
  });
});

describe("nextSendAt with a zone that does not exist", () => {
  it("throws instead of returning an invalid date", () => {
    // Act
    const act = () => nextSendAt({ timezone: "Mars/Olympus", sendDay: "mon", sendHour: 7 }, new Date("2026-01-14T00:00:00.000Z"));

    // Assess
    expect(act).toThrow(RangeError);
  });
});

describe("localSlot", () => {
  it.each([
    { zone: "Europe/London", date: [2026, 1, 19, 7], expected: "2026-01-19T07:00:00.000Z", what: "GMT" },
    { zone: "Europe/London", date: [2026, 7, 3, 18], expected: "2026-07-03T17:00:00.000Z", what: "BST" },
    { zone: "Europe/London", date: [2026, 3, 29, 0], expected: "2026-03-29T00:00:00.000Z", what: "hour before the gap" },
    { zone: "Europe/London", date: [2026, 3, 29, 1], expected: "2026-03-29T01:00:00.000Z", what: "in the gap → shifted forward" },
    { zone: "Europe/London", date: [2026, 3, 29, 2], expected: "2026-03-29T01:00:00.000Z", what: "first hour after the gap" },
    { zone: "Europe/London", date: [2026, 10, 25, 1], expected: "2026-10-25T00:00:00.000Z", what: "repeated hour → first occurrence" },
    { zone: "America/Los_Angeles", date: [2026, 3, 8, 2], expected: "2026-03-08T10:00:00.000Z", what: "in the gap → shifted forward" },
    { zone: "America/Los_Angeles", date: [2026, 3, 8, 1], expected: "2026-03-08T09:00:00.000Z", what: "hour before the gap" },
    { zone: "America/Los_Angeles", date: [2026, 11, 1, 1], expected: "2026-11-01T08:00:00.000Z", what: "repeated hour → first occurrence" },
    { zone: "America/Los_Angeles", date: [2026, 11, 1, 2], expected: "2026-11-01T10:00:00.000Z", what: "hour after the repeat" },
    { zone: "Pacific/Auckland", date: [2026, 9, 27, 2], expected: "2026-09-26T14:00:00.000Z", what: "in the gap → shifted forward" },
    { zone: "Pacific/Auckland", date: [2026, 4, 5, 2], expected: "2026-04-04T13:00:00.000Z", what: "repeated hour → first occurrence" },
    { zone: "Asia/Kolkata", date: [2026, 3, 29, 1], expected: "2026-03-28T19:30:00.000Z", what: "half-hour offset" },
    { zone: "UTC", date: [2026, 2, 28, 23], expected: "2026-02-28T23:00:00.000Z", what: "UTC" },
  ] as const)("$zone $date: $what", ({ zone, date, expected }) => {
    // Prepare
    const [year, month, day, hour] = date;

    // Act
    const slot = localSlot(zone, year, month, day, hour);

    // Assess
    expect(slot.toISOString()).toBe(expected);
  });
});

describe("nextSendAt properties over 2026-2027", () => {
  const START = Date.parse("2026-01-01T00:00:00.000Z");
  const END = Date.parse("2028-01-01T00:00:00.000Z");
  // The DST transitions of the zones under test, to bias instants towards the awkward weeks.
  const TRANSITIONS = [
    "2026-03-29T01:00:00Z",
    "2026-10-25T01:00:00Z",
    "2027-03-28T01:00:00Z",
    "2027-10-31T01:00:00Z",
    "2026-03-08T10:00:00Z",
    "2026-11-01T09:00:00Z",
    "2027-03-14T10:00:00Z",
    "2027-11-07T09:00:00Z",
    "2026-04-04T14:00:00Z",
    "2026-09-26T14:00:00Z",
    "2027-04-03T14:00:00Z",
    "2027-09-25T14:00:00Z",
  ].map(Date.parse);

  const anyInstant = fc.integer({ min: START, max: END - 1 });
  const wholeHour = fc.integer({ min: START / HOUR_MS, max: END / HOUR_MS - 1 }).map((h) => h * HOUR_MS);
  const halfHour = wholeHour.map((t) => t + HOUR_MS / 2);
  const nearTransition = fc
    .tuple(fc.constantFrom(...TRANSITIONS), fc.integer({ min: -8 * 24 * 2, max: 8 * 24 * 2 }), fc.constantFrom(0, -1, 1))
    .map(([t, halfHours, ms]) => t + halfHours * (HOUR_MS / 2) + ms);
  const after = fc.oneof(anyInstant, wholeHour, halfHour, nearTransition).map((t) => new Date(t));
  const prefs = fc.record({
    timezone: fc.constantFrom(...ZONES),
    sendDay: fc.constantFrom(...SEND_DAYS),
    sendHour: fc.integer({ min: 0, max: 23 }),
  });

  /** The instant on a wall clock in `zone`, read through TZDate rather than the code under test. */
  const local = (t: Date, zone: string): TZDate => new TZDate(t.getTime(), zone);
  /** The local calendar day as a UTC midnight, for day arithmetic. */
  const dayOf = (d: TZDate): Date => new Date(Date.UTC(d.getFullYear(), d.getMonth(), d.getDate()));
  /** True when `hour:00` does not exist on that local day (a spring-forward gap). */
  const inGap = (zone: string, day: TZDate, hour: number): boolean =>
    new TZDate(day.getFullYear(), day.getMonth(), day.getDate(), hour, zone).getHours() !== hour;

  it("returns the earliest slot strictly after `after`, on the right local weekday and hour", () => {
    fc.assert(
      fc.property(prefs, after, (p, a) => {
        // Act
        const result = nextSendAt(p, a);

        // Assess
        const shown = local(result, p.timezone);
        expect(result.getTime()).toBeGreaterThan(a.getTime());
        expect(result.getTime()).toBeLessThanOrEqual(a.getTime() + 8 * DAY_MS);
        expect(result.getTime()).toBeLessThanOrEqual(a.getTime() + WEEK_MS + HOUR_MS);
        expect(shown.getDay() || 7).toBe(WEEKDAY[p.sendDay]);
        expect([shown.getMinutes(), shown.getSeconds(), shown.getMilliseconds()]).toEqual([0, 0, 0]);
        if (inGap(p.timezone, shown, p.sendHour)) expect(shown.getHours()).toBe(p.sendHour + 1);
        else expect(shown.getHours()).toBe(p.sendHour);
        // Earliest: the same slot one local week earlier is not after `after`.
        const weekBefore = new Date(dayOf(shown).getTime() - WEEK_MS);
        const previous = localSlot(
          p.timezone,
          weekBefore.getUTCFullYear(),
          weekBefore.getUTCMonth() + 1,
          weekBefore.getUTCDate(),
          p.sendHour,
        );
        expect(previous.getTime()).toBeLessThanOrEqual(a.getTime());
      }),
      { seed: 20260329, numRuns: 3000 },
    );
  });

  it("walks weekly when applied repeatedly: no week skipped, none repeated", () => {
    fc.assert(
      fc.property(prefs, after, (p, a) => {
        // Act
        const results = [nextSendAt(p, a)];
        for (let i = 0; i < 10; i++) results.push(nextSendAt(p, results[results.length - 1] as Date));

        // Assess
        for (let i = 1; i < results.length; i++) {
          const prev = results[i - 1] as Date;
          const curr = results[i] as Date;
          const gap = curr.getTime() - prev.getTime();
          const prevLocal = local(prev, p.timezone);
          const currLocal = local(curr, p.timezone);
          expect(gap).toBeGreaterThanOrEqual(6 * DAY_MS);
          expect(gap).toBeLessThanOrEqual(8 * DAY_MS);
          expect(Math.abs(gap - WEEK_MS)).toBeLessThanOrEqual(HOUR_MS);
          expect(dayOf(currLocal).getTime() - dayOf(prevLocal).getTime()).toBe(WEEK_MS);
          const steady =
            prevLocal.getTimezoneOffset() === currLocal.getTimezoneOffset() &&
            !inGap(p.timezone, prevLocal, p.sendHour) &&
            !inGap(p.timezone, currLocal, p.sendHour);
          if (steady) expect(gap).toBe(WEEK_MS);
        }
      }),
      { seed: 20261025, numRuns: 500 },
    );
  });
});

describe("wallClockAt and the date wording", () => {
  it.each([
    { iso: "2026-03-02T07:00:00.000Z", zone: "Europe/London", long: "Monday 2 March", short: "2 Mar", t12: "7 am", t24: "07:00" },
    { iso: "2026-09-14T06:30:00.000Z", zone: "Europe/London", long: "Monday 14 September", short: "14 Sept", t12: "7:30 am", t24: "07:30" },
    { iso: "2026-03-29T01:30:00Z", zone: "Europe/London", long: "Sunday 29 March", short: "29 Mar", t12: "2:30 am", t24: "02:30" },
    { iso: "2026-01-20T05:00:00Z", zone: "America/Los_Angeles", long: "Monday 19 January", short: "19 Jan", t12: "9 pm", t24: "21:00" },
    { iso: "2026-06-01T00:00:00+05:30", zone: "Asia/Kolkata", long: "Monday 1 June", short: "1 Jun", t12: "12 am", t24: "00:00" },
    { iso: "2026-12-31T23:00:00Z", zone: "Pacific/Auckland", long: "Friday 1 January", short: "1 Jan", t12: "12 pm", t24: "12:00" },
  ])("$iso in $zone reads $long, $t12", ({ iso, zone, long, short, t12, t24 }) => {
    // Act
    const local = wallClockAt(iso, zone);

    // Assess
    expect(local).toBeDefined();
    expect([longDate(local!), shortDate(local!), time12(local!), time24(local!)]).toEqual([long, short, t12, t24]);
    expect(weekdayName(local!)).toBe(long.split(" ")[0]);
  });

  it("is undefined for an unknown zone or a time that is not an ISO instant", () => {
    expect(wallClockAt("2026-03-02T07:00:00Z", "Mars/Olympus")).toBeUndefined();
    expect(wallClockAt("2026-03-02T07:00:00Z", "Mars+05")).toBeUndefined();
    expect(wallClockAt("next Monday", "Europe/London")).toBeUndefined();
  });
});

describe("parseInstant", () => {
  it.each([
    ["2026-03-02T07:00:00.000Z", "2026-03-02T07:00:00.000Z"],
    ["2026-03-02T07:00:00Z", "2026-03-02T07:00:00.000Z"],
    ["2026-03-02T08:00:00+01:00", "2026-03-02T07:00:00.000Z"],
    ["2026-03-02T01:30-0530", "2026-03-02T07:00:00.000Z"],
    ["2026-03-02T07:00:00.1239Z", "2026-03-02T07:00:00.123Z"],
    ["2026-03-02T07:00:00", "2026-03-02T07:00:00.000Z"],
    ["2026-03-02", "2026-03-02T00:00:00.000Z"],
    ["2024-02-29T00:00:00Z", "2024-02-29T00:00:00.000Z"],
  ])("%s is %s", (iso, expected) => {
    expect(new Date(parseInstant(iso)).toISOString()).toBe(expected);
  });

  it.each([
    "",
    "next Monday",
    "2026/03/02",
    "March 2, 2026",
    "2026-3-2T07:00:00Z",
    "2025-02-29T00:00:00Z",
    "2026-04-31T00:00:00Z",
    "2026-03-02T23:60:00Z",
    "2026-03-02 07:00:00Z",
    " 2026-03-02T07:00:00Z",
  ])("%j is not an ISO instant", (iso) => {
    expect(parseInstant(iso)).toBeNaN();
  });
});
