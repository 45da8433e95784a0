import { describe, expect, it } from "vitest";
import { run } from "../../cli/commands/simulate.js";
import { tallyWeeks } from "../../cli/simulate/tally.js";

describe("simulate's per-week tally", () => {
  it("counts sends, extra copies and missing weeks per week, for each runner against what they were due", () => {
    // Arrange: a is due 3 weeks and got week 1 twice, week 3 never; b is due 2 and got both; c is due 1 and got nothing
    const expected = new Map([
      ["a", 3],
      ["b", 2],
      ["c", 1],
    ]);
    const got = new Map([
      ["a", [1, 1, 2]],
      ["b", [2, 1]],
    ]);

    // Act
    const rows = tallyWeeks(expected, got, 3);

    // Assess
    expect(rows).toEqual([
      { week: 1, sent: 3, duplicates: 1, missed: 1 },
      { week: 2, sent: 2, duplicates: 0, missed: 0 },
      { week: 3, sent: 0, duplicates: 0, missed: 1 },
    ]);
  });

  it("does not call a week missed for a runner who was not yet due it", () => {
    // Act
    const rows = tallyWeeks(new Map([["late", 1]]), new Map([["late", [1]]]), 2);

    // Assess
    expect(rows).toEqual([
      { week: 1, sent: 1, duplicates: 0, missed: 0 },
      { week: 2, sent: 0, duplicates: 0, missed: 0 },
    ]);
  });
});

describe("legwork simulate", () => {
  it("prints duplicates and missed in every perWeek row, and totals that are their sums", async () => {
    // Arrange
    const out: string[] = [];
    const io = { stdout: (text: string) => out.push(text), stderr: () => undefined };

    // Act: a throwaway stack of its own, 6 runners over 2 simulated weeks of hourly ticks
    const code = await run(["--runners", "6", "--weeks", "2", "--seed", "7"], io);

    // Assess
    expect(code).toBe(0);
    const summary = JSON.parse(out.join("")) as {
      stepMinutes: number;
      emails: number;
      expected: number;
      duplicates: number;
      missed: number;
      perWeek: { week: number; sent: number; duplicates: number; missed: number }[];
    };
    expect(summary.stepMinutes).toBe(60);
    expect(summary.perWeek.map((r) => r.week)).toEqual([1, 2]);
    for (const row of summary.perWeek) expect(Object.keys(row).sort()).toEqual(["duplicates", "missed", "sent", "week"]);
    expect(summary.perWeek[0]!.sent).toBe(6); // every runner has a slot in the first week
    expect(summary.perWeek.reduce((n, r) => n + r.sent, 0)).toBe(summary.emails);
    expect(summary.emails).toBe(summary.expected);
    expect(summary.duplicates).toBe(summary.perWeek.reduce((n, r) => n + r.duplicates, 0));
    expect(summary.missed).toBe(summary.perWeek.reduce((n, r) => n + r.missed, 0));
    expect([summary.duplicates, summary.missed]).toEqual([0, 0]);
  });
});
