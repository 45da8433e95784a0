import { describe, expect, it } from "vitest";
import type { CheckinSummary } from "../../../functions/domain/adapt.js";
import type { PlanProfile } from "../../../functions/domain/plan/index.js";
import { CUT_SHARE, crossOptions, planFor, planWeek, runsOf, runTime } from "../../../functions/domain/plan/index.js";
import type { SoreArea } from "../../../functions/domain/profile.js";

const eli: PlanProfile = { level: "experienced", goal: "marathon", runsPerWeek: 6, soreAreas: [], usualRunMinutes: 50 };
const rea: PlanProfile = { level: "regular", goal: "half", runsPerWeek: 3, soreAreas: ["calves"] };
const nia: PlanProfile = { level: "new", goal: "5k", runsPerWeek: 3, soreAreas: ["shins"] };
const checkin = (week: number, soreness: number | null, areas: SoreArea[] = [], redFlags: string[] = []): CheckinSummary => ({
  at: `2026-11-${String(2 + week * 3).padStart(2, "0")}T08:00:00Z`,
  week,
  soreness,
  areas,
  redFlags,
});
const loadsOf = (w: ReturnType<typeof planWeek>): string[] => w.sessions.flatMap((s) => [...(s.loads ?? [])]);

describe("a check-in of 7 or more", () => {
  it.each([
    ["experienced marathoner", eli],
    ["regular half-marathoner", rea],
    ["new runner", nia],
  ] as const)(
    "cuts the %s's next week to at most 85 %, with no hard run, a run swapped for cross-training, and no quad moves after quads 8",
    (_, p) => {
      // Act
      const planned = planWeek(p, 6);
      const adapted = planFor(p, 6, [checkin(5, 8, ["quads"])]);
      // Assess
      expect(adapted.adapted).toBe("recover");
      expect(runTime(adapted)).toBeLessThanOrEqual(CUT_SHARE.high * runTime(planned));
      expect(adapted.sessions.some((s) => s.kind === "hard")).toBe(false);
      expect(adapted.sessions.filter((s) => s.kind === "cross")).toHaveLength(1);
      expect(runsOf(adapted)).toHaveLength(runsOf(planned).length - 1);
      expect(loadsOf(adapted)).not.toContain("quads");
    },
  );

  it("with no area named, keeps only the core moves", () => {
    const adapted = planFor(eli, 6, [checkin(5, 9)]);
    expect(loadsOf(adapted).every((a) => a === "lower-back")).toBe(true);
  });

  it("suggests cross-training that spares the sore area", () => {
    expect(crossOptions(["quads"])).not.toMatch(/cycling/);
    expect(crossOptions(["shins"])).not.toMatch(/walking/);
    const cross = planFor(eli, 6, [checkin(5, 8, ["knees"])]).sessions.find((s) => s.kind === "cross");
    expect(cross?.note).toMatch(/swimming or pool running/);
  });
});

describe("two check-ins of 7 or more in a row", () => {
  it("cut the week to at most 70 %, long run included", () => {
    const planned = planWeek(eli, 6);
    const adapted = planFor(eli, 6, [checkin(4, 7, ["quads"]), checkin(5, 8, ["quads"])]);
    expect(adapted.adapted).toBe("recoveryWeek");
    expect(runTime(adapted)).toBeLessThanOrEqual(CUT_SHARE.twoHighs * runTime(planned));
    const long = (w: typeof planned) => w.sessions.find((s) => s.kind === "long")?.minutes ?? 0;
    expect(long(adapted)).toBeLessThan(long(planned));
  });

  it("a red flag cuts as deep as two highs", () => {
    const adapted = planFor(eli, 6, [checkin(5, null, ["shins"], ["bone_pain"])]);
    expect(runTime(adapted)).toBeLessThanOrEqual(CUT_SHARE.twoHighs * runTime(planWeek(eli, 6)));
  });
});

describe("4-6 and 0-3", () => {
  it("4-6 on a muscle keeps the runs, hard runs included, and puts that area's strength moves first", () => {
    const adapted = planFor(eli, 6, [checkin(5, 6, ["hamstrings"])]);
    expect(adapted.adapted).toBe("care");
    expect(runsOf(adapted)).toEqual(runsOf(planWeek(eli, 6)));
    const strength = adapted.sessions.find((s) => s.kind === "strength")!;
    expect(strength.doses!.slice(0, 2).map((d) => d.forAreas)).toEqual([["hamstrings"], ["hamstrings"]]);
  });

  it.each([
    ["knees", 5, false],
    ["shins", 6, false],
    ["knees", 4, true],
    ["hamstrings", 6, true],
  ] as const)("%s %i: hard runs stay %s (a joint or bone area at 5+ keeps them out)", (area, score, kept) => {
    const adapted = planFor(eli, 6, [checkin(5, score, [area])]);
    expect(adapted.sessions.some((s) => s.kind === "hard")).toBe(kept);
    expect(runTime(adapted)).toBe(runTime(planWeek(eli, 6)));
  });

  it("0-3 progresses: the week as planned", () => {
    const adapted = planFor(eli, 6, [checkin(5, 2)]);
    expect(adapted.adapted).toBe("progress");
    expect(adapted.sessions).toEqual(planWeek(eli, 6).sessions);
  });

  it("a check-in older than the last email changes nothing", () => {
    expect(planFor(eli, 6, [checkin(3, 9, ["quads"])])).toEqual(planWeek(eli, 6));
  });
});
