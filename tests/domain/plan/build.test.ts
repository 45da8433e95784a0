import { describe, expect, it } from "vitest";
import type { PlanProfile } from "../../../functions/domain/plan/index.js";
import {
  DEFAULT_RUN_MINUTES,
  planProgramme,
  planWeek,
  runCount,
  runDaysFor,
  runsOf,
  runTime,
} from "../../../functions/domain/plan/index.js";
import { hardCount } from "../../../functions/domain/plan/hard.js";
import { strengthDoses } from "../../../functions/domain/plan/strength.js";
import { GOALS, LEVELS, SORE_AREAS } from "../../../functions/domain/profile.js";

const runner = (o: Partial<PlanProfile> = {}): PlanProfile => ({ level: "regular", goal: "general", runsPerWeek: 3, soreAreas: [], ...o });
const hardMinutes = (w: ReturnType<typeof planWeek>): number =>
  w.sessions.filter((s) => s.kind === "hard").reduce((n, s) => n + s.runMinutes, 0);
const runMinutes = (w: ReturnType<typeof planWeek>): number => runsOf(w).reduce((n, s) => n + s.runMinutes, 0);

/** Every level × goal × runs a week × with and without a usual run: the whole rule space the profile allows. */
const everyRunner = (): PlanProfile[] =>
  LEVELS.flatMap((level) =>
    GOALS.flatMap((goal) =>
      [0, 1, 2, 3, 4, 5, 6, 7, 10, 14].flatMap((runsPerWeek) =>
        [undefined, 10, 30, 90, 240].map((usualRunMinutes) =>
          runner({ level, goal, runsPerWeek, ...(usualRunMinutes ? { usualRunMinutes } : {}) }),
        ),
      ),
    ),
  );

describe("where the plan starts", () => {
  it("new runners start with run/walk intervals whatever their usual run (couch-to-5k)", () => {
    // Act
    const week1 = planWeek(runner({ level: "new", usualRunMinutes: 60 }), 1);
    // Assess
    expect(runsOf(week1).map((s) => s.kind)).toEqual(["run-walk", "run-walk", "run-walk"]);
    expect(runsOf(week1)[0]).toMatchObject({ minutes: 25, runMinutes: 8, intervals: { runSeconds: 60, walkSeconds: 90, repeats: 8 } });
  });

  it("new runners reach continuous running: week 10 is 30 minutes without a walk break", () => {
    const week10 = planWeek(runner({ level: "new" }), 10);
    expect(runsOf(week10).every((s) => s.kind === "easy" && s.runMinutes === 30 && s.intervals === undefined)).toBe(true);
  });

  it.each([
    ["returning", undefined, DEFAULT_RUN_MINUTES.returning],
    ["regular", undefined, DEFAULT_RUN_MINUTES.regular],
    ["experienced", 50, 50],
    ["regular", 70, 70],
  ] as const)("%s with usual run %s: week-1 easy runs take %i minutes", (level, usualRunMinutes, expected) => {
    const week1 = planWeek(runner({ level, runsPerWeek: 4, ...(usualRunMinutes ? { usualRunMinutes } : {}) }), 1);
    const easy = week1.sessions.filter((s) => s.kind === "easy").map((s) => s.minutes);
    expect(easy.length).toBeGreaterThan(0);
    for (const m of easy) expect(Math.abs(m - expected)).toBeLessThanOrEqual(expected * 0.2);
  });

  it("puts runs on the runner's own days, spread out, and fills the rest of the week with rest or strength", () => {
    const week = planWeek(runner({ runsPerWeek: 3, runDays: ["mon", "tue", "wed", "thu", "fri", "sat"] }), 1);
    expect(runsOf(week).map((s) => s.day)).toEqual(["tue", "thu", "sat"]);
    expect(new Set(week.sessions.map((s) => s.day)).size).toBe(7);
  });

  it("spreads runs with rest days between when no days are given", () => {
    expect(runDaysFor(3)).toEqual(["tue", "thu", "sat"]);
    expect(runDaysFor(9)).toHaveLength(9);
  });
});

describe("runs a week: sanity limits by level, with the reason", () => {
  it.each([
    ["new", 14, 4],
    ["returning", 9, 5],
    ["regular", 10, 7],
    ["experienced", 14, 14],
    ["new", 3, 3],
  ] as const)("%s asking for %i runs gets %i", (level, asked, runs) => {
    const count = runCount(level, asked);
    expect(count.runs).toBe(runs);
    expect(count.why === undefined).toBe(runs === asked);
  });

  it("caps to the days the runner can run, and the plan week says why", () => {
    const week = planWeek(runner({ runsPerWeek: 5, runDays: ["sat", "sun"] }), 1);
    expect(runsOf(week)).toHaveLength(2);
    expect(week.capped).toMatch(/5 runs a week on 2 days/);
  });
});

describe("how it grows", () => {
  it("no week's running time is more than 30 % above the biggest of the three before it (nielsen-2014), for every runner", () => {
    const problems: string[] = [];
    for (const p of everyRunner()) {
      const weeks = planProgramme(p, 10);
      weeks.forEach((w, i) => {
        if (i < 1) return;
        const before = Math.max(...weeks.slice(Math.max(0, i - 3), i).map(runTime));
        if (runTime(w) > 1.3 * before) problems.push(`${JSON.stringify(p)} week ${w.week}: ${runTime(w)} vs ${before}`);
      });
    }
    expect(problems).toEqual([]);
  });

  it("steps back every 3-4 weeks for runners who already run: weeks 4 and 8 are 20-30 % lighter", () => {
    const weeks = planProgramme(runner({ level: "regular", runsPerWeek: 5, usualRunMinutes: 40 }), 10);
    const shares = [4, 8].map((n) => runTime(weeks[n - 1]!) / runTime(weeks[n - 2]!));
    for (const share of shares) {
      expect(share).toBeGreaterThanOrEqual(0.7);
      expect(share).toBeLessThanOrEqual(0.8);
    }
    expect(weeks.filter((w) => w.shape === "step-back").map((w) => w.week)).toEqual([4, 8]);
    expect(runTime(weeks[9]!)).toBeGreaterThan(runTime(weeks[0]!));
  });
});

describe("step-back weeks for everyone who already runs", () => {
  it("week 4 and week 8 are lighter than the week before, even when a hard run is dropped for being too short", () => {
    const problems: string[] = [];
    for (const p of everyRunner().filter(
      (r) => r.level !== "new" && r.runsPerWeek > 0 && (r.usualRunMinutes ?? 20) >= 20 && (r.usualRunMinutes ?? 0) < 240,
    )) {
      // (At a 240-minute usual run every run already sits at the plan's 240-minute ceiling.)
      const weeks = planProgramme(p, 10);
      for (const n of [4, 8]) if (runTime(weeks[n - 1]!) >= runTime(weeks[n - 2]!)) problems.push(`${JSON.stringify(p)} week ${n}`);
    }
    expect(problems).toEqual([]);
  });
});

describe("hard running", () => {
  it("takes at most 25 % of running time, at most 1 hard run up to 4 runs and 2 beyond, for every runner and week (seiler-2010)", () => {
    const problems: string[] = [];
    for (const p of everyRunner())
      for (const w of planProgramme(p, 10)) {
        const hard = w.sessions.filter((s) => s.kind === "hard").length;
        if (hardMinutes(w) > 0.25 * runMinutes(w))
          problems.push(`${JSON.stringify(p)} week ${w.week}: ${hardMinutes(w)} of ${runMinutes(w)}`);
        if (hard > (runsOf(w).length <= 4 ? 1 : 2)) problems.push(`${JSON.stringify(p)} week ${w.week}: ${hard} hard runs`);
      }
    expect(problems).toEqual([]);
  });

  it.each([
    ["new", 10],
    ["returning", 3],
  ] as const)("a %s runner has no hard run in weeks 1-%i", (level, weeks) => {
    for (const runsPerWeek of [3, 4, 5, 7])
      for (const w of planProgramme(runner({ level, runsPerWeek, usualRunMinutes: 60 }), weeks))
        expect(w.sessions.some((s) => s.kind === "hard")).toBe(false);
  });

  it("gives a regular runner on 3 runs one hard run every other week, never 1 in 3 every week", () => {
    expect([1, 2, 3, 4].map((w) => hardCount("regular", 3, w))).toEqual([0, 1, 0, 1]);
  });

  it("fits the goal and starts with strides: intervals for a 5k, tempo for a marathon", () => {
    const hard = (goal: PlanProfile["goal"]) =>
      planWeek(runner({ level: "experienced", goal, runsPerWeek: 6, usualRunMinutes: 50 }), 2).sessions.find((s) => s.kind === "hard")
        ?.note ?? "";
    expect(hard("5k")).toMatch(/strides.* × \d min hard/);
    expect(hard("marathon")).toMatch(/strides.*tempo/);
  });
});

describe("long runs", () => {
  it.each(GOALS.map((g) => [g, ["half", "marathon", "ultra"].includes(g)] as const))("goal %s has a long run: %s", (goal, long) => {
    const week = planWeek(runner({ goal, runsPerWeek: 5 }), 2);
    expect(week.sessions.filter((s) => s.kind === "long")).toHaveLength(long ? 1 : 0);
  });

  it("keeps the long run to about a third of the week on 4+ runs, and at the weekend", () => {
    const week = planWeek(runner({ level: "experienced", goal: "marathon", runsPerWeek: 6, usualRunMinutes: 50 }), 3);
    const long = week.sessions.find((s) => s.kind === "long")!;
    expect(long.day).toBe("sun");
    expect(long.minutes).toBeLessThanOrEqual(runTime(week) / 3 + 5);
  });
});

describe("strength", () => {
  it("starts in week 5, twice a week, never on a hard or long-run day", () => {
    const p = runner({ level: "experienced", goal: "marathon", runsPerWeek: 6, usualRunMinutes: 50 });
    expect(planWeek(p, 4).sessions.some((s) => s.kind === "strength")).toBe(false);
    const week = planWeek(p, 5);
    const strength = week.sessions.filter((s) => s.kind === "strength");
    expect(strength).toHaveLength(2);
    const busy = week.sessions.filter((s) => s.kind === "hard" || s.kind === "long").map((s) => s.day);
    for (const s of strength) expect(busy).not.toContain(s.day);
  });

  it("progresses: more sets and reps, then single-leg moves", () => {
    const dose = (week: number) => strengthDoses("new", week, [])[0]!;
    expect([dose(5), dose(6), dose(7)].map((d) => [d.sets, d.reps])).toEqual([
      [2, 8],
      [2, 10],
      [2, 12],
    ]);
    expect(dose(9)).toMatchObject({ name: "Single-leg calf raises", sets: 3, singleLeg: true });
  });

  it("gives holds in seconds and walks in steps, never a bare number", () => {
    const doses = strengthDoses("regular", 6, ["shins", "lower-back", "feet"]);
    expect(doses.find((d) => d.name === "Heel walks")).toMatchObject({ unit: "steps" });
    expect(doses.find((d) => d.name === "Single-leg balance")).toMatchObject({ unit: "s", holdSeconds: 35 });
  });

  it("never works a sore knee with squats: the hips that steady it get the work", () => {
    const names = strengthDoses("returning", 5, ["knees"]).map((d) => d.name);
    expect(names.slice(0, 2)).toEqual(["Clamshells", "Side-lying leg raises"]);
    expect(names).not.toContain("Squats");
  });

  it("names the sore-area codes each strength session works", () => {
    const s = planWeek(runner({ runsPerWeek: 3 }), 5).sessions.find((x) => x.kind === "strength")!;
    expect(s.loads!.every((a) => (SORE_AREAS as readonly string[]).includes(a))).toBe(true);
    expect(s.loads).toContain("quads");
  });
});

describe("not running", () => {
  it("at 0 runs a week gives three easy cross-training sessions and no runs", () => {
    const week = planWeek(runner({ runsPerWeek: 0 }), 1);
    expect(runsOf(week)).toEqual([]);
    expect(week.sessions.filter((s) => s.kind === "cross")).toHaveLength(3);
  });
});
