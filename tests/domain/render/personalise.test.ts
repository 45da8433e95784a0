import { describe, expect, it } from "vitest";
import type { Level, SoreArea } from "../../../functions/domain/profile.js";
import { PROGRAMME_WEEKS, renderWeek } from "../../../functions/domain/render/index.js";
import {
  DOSES,
  distance,
  fluidPerHour,
  listOf,
  orderStretches,
  pickMoves,
  raceFor,
  rollPlan,
  runSplit,
} from "../../../functions/domain/personalise/index.js";
import { EXPERIENCED_METRIC_MARATHON, FOOTER, NEW_IMPERIAL_5K, profile, profileMatrix } from "./fixtures.js";

/** The text part with its line wrapping undone, so phrases can be found whole. */
const flat = (text: string): string => text.replace(/\s+/g, " ");
const weekText = (...args: Parameters<typeof renderWeek>): string => flat(renderWeek(...args).text);

describe("80/20: runs per week to easy and hard runs", () => {
  // level, runs/week -> easy, hard
  const table: [Level, number, number, number][] = [
    ["new", 0, 0, 0],
    ["experienced", 0, 0, 0],
    ["new", 1, 1, 0],
    ["experienced", 2, 2, 0],
    ["new", 3, 3, 0],
    ["returning", 3, 3, 0],
    ["regular", 3, 2, 1],
    ["experienced", 3, 2, 1],
    ["new", 4, 3, 1],
    ["returning", 5, 4, 1],
    ["new", 10, 9, 1],
    ["regular", 5, 4, 1],
    ["regular", 7, 6, 1],
    ["regular", 8, 6, 2],
    ["regular", 14, 12, 2],
    ["experienced", 6, 5, 1],
    ["experienced", 8, 6, 2],
    ["experienced", 12, 10, 2],
    ["experienced", 13, 10, 3],
    ["experienced", 14, 11, 3],
  ];
  it.each(table)("%s runner, %i runs: %i easy, %i hard", (level, runs, easy, hard) => {
    expect(runSplit(level, runs)).toEqual({ runs, easy, hard });
  });

  it("keeps hard runs near a fifth (at most a quarter from 4 runs up) and within the level's cap", () => {
    for (const level of ["new", "returning", "regular", "experienced"] as const)
      for (let runs = 4; runs <= 14; runs += 1) {
        const { hard, easy } = runSplit(level, runs);
        expect(hard / runs).toBeLessThanOrEqual(0.25);
        expect(hard).toBeLessThanOrEqual(DOSES[level].hardCap);
        expect(easy + hard).toBe(runs);
      }
  });

  it("writes the split into the plan", () => {
    const text = weekText({ profile: profile({ level: "regular", runsPerWeek: 8 }), week: 2, footer: FOOTER });
    // Regular runners get at most 7 runs a week (the plan says why), one of them hard.
    expect(text).toContain("You asked for 8 runs a week; regular runners get at most 7");
    expect(text).toContain("With 7 runs a week, that's 6 easy and 1 hard.");
    expect(text.match(/Hard session · \d+ min/g)).toHaveLength(1);
    expect(text).not.toContain("(new this week): 6 easy"); // week 2 badges no running row: the table shows the runs
  });

  it("gives a walking and cross-training plan at 0 runs a week", () => {
    const text = weekText({ profile: profile({ runsPerWeek: 0 }), week: 2, footer: FOOTER });
    expect(text).toContain("No runs this week");
    expect(text).toContain("Cross-training · 20 min");
    expect(text).toContain("Walk, ride or swim at a pace where you can talk in full sentences");
    expect(text).not.toMatch(/\d+ or \d+ days/); // the exercise library gives no number of days
    expect(text).not.toMatch(/\d+ hard/);
  });
});

describe("units", () => {
  it("computes the imperial fluid range from 0.4-0.8 L/h: 14–27 US fl oz", () => {
    expect(fluidPerHour("metric")).toBe("0.4–0.8 litres");
    expect(fluidPerHour("imperial")).toBe("14–27 US fl oz");
  });

  it("never prints the article's wrong 8-16 oz, in any week", () => {
    for (let week = 1; week <= PROGRAMME_WEEKS; week += 1) {
      const { html, text } = renderWeek({ profile: NEW_IMPERIAL_5K, week, footer: FOOTER });
      for (const part of [html, text]) expect(/8\s*[-–]\s*16/.test(part)).toBe(false);
    }
  });

  it("week 9 keeps drinking during a run apart from rehydrating after it, and fuels long runs (acsm-2007-fluids, acsm-2016-nutrition)", () => {
    const text = flat(renderWeek({ profile: profile({ units: "imperial" }), week: 9, footer: FOOTER }).text);
    expect(text).toMatch(/During runs over about an hour, take small drinks when you're thirsty[^.]*\. Never drink more than you sweat\./);
    expect(text).toMatch(/After the run, rehydrate\. A common guide is about 14–27 US fl oz for each hour you ran/);
    expect(text).not.toMatch(/plus whenever you're thirsty|So drink after the run\. Aim for/);
    expect(text).toContain("30–60 g of carbohydrate an hour");
    expect(text).toContain("about 20–25 g of protein");
  });

  it("puts the right fluid figures into week 9 for each unit system", () => {
    const imperial = renderWeek({ profile: profile({ units: "imperial" }), week: 9, footer: FOOTER });
    const metric = renderWeek({ profile: profile({ units: "metric" }), week: 9, footer: FOOTER });
    expect(flat(imperial.text)).toMatch(/14[–-]27 US fl oz per hour/);
    expect(imperial.html.includes("14–27 US fl oz per hour")).toBe(true);
    expect(imperial.text).not.toContain("litre");
    expect(flat(metric.text)).toContain("0.4–0.8 litres per hour");
    expect(metric.text).not.toContain("fl oz");
  });

  it.each([
    ["5k", "metric", null],
    ["5k", "imperial", "3.1 miles"],
    ["10k", "imperial", "6.2 miles"],
    ["half", "metric", "21.1 km"],
    ["half", "imperial", "13.1 miles"],
    ["marathon", "metric", "42.2 km"],
    ["marathon", "imperial", "26.2 miles"],
    ["ultra", "metric", "beyond 42.2 km"],
  ] as const)("frames a %s goal in %s units (%s)", (goal, units, shown) => {
    const text = weekText({ profile: profile({ goal, units, runsPerWeek: 4 }), week: 2, footer: FOOTER });
    if (shown) expect(text).toContain(`(${shown})`);
    expect(text).toContain(`You're training for ${goal === "ultra" ? "an" : "a"} ${raceFor(goal, units)?.name}`);
    expect(text).not.toContain(units === "metric" ? "miles" : " km");
  });

  it("converts distances", () => {
    expect(distance(42.195, "imperial")).toBe("26.2 miles");
    expect(distance(10, "metric")).toBe("10 km");
  });

  it("frames the long run for long races and not for the general goal", () => {
    expect(weekText({ profile: EXPERIENCED_METRIC_MARATHON, week: 3, footer: FOOTER })).toMatch(
      /Your\s+long\s+run\s+is\s+the\s+key\s+run[\s\S]*Sun\s+Long run · \d+ min/,
    );
    const general = weekText({ profile: profile({ goal: "general", runsPerWeek: 5 }), week: 3, footer: FOOTER });
    expect(general).toContain("No race on the calendar");
    expect(general).not.toContain("long run.");
  });
});

describe("levels", () => {
  it.each([
    ["new", 2, 8, 8, 5, 20],
    ["returning", 2, 8, 8, 5, 20],
    ["regular", 3, 12, 10, 10, 30],
    ["experienced", 3, 15, 12, 10, 45],
  ] as const)(
    "%s: %i sets of %i (week 5 of the plan: %i reps), %i-minute warm-up, %i-minute active recovery",
    (level, sets, reps, reps5, warm, cross) => {
      expect(DOSES[level]).toMatchObject({ sets, reps, warmUpMin: warm, crossMin: cross });
      const week5 = weekText({ profile: profile({ level }), week: 5, footer: FOOTER });
      expect(week5).toContain(`${sets} sets of each`);
      expect(week5).toContain(`Glute bridges: lying on your back, lift your hips, ${sets} × ${reps5}.`);
      const week3 = weekText({ profile: profile({ level }), week: 3, footer: FOOTER });
      expect(week3).toContain(`about ${warm} minutes of these`);
    },
  );

  it("reassures new and returning runners about DOMS in week 1, and not experienced ones", () => {
    const text = (level: Level): string => weekText({ profile: profile({ level }), week: 1, footer: FOOTER });
    expect(text("new")).toContain("New to running? Expect some DOMS");
    expect(text("returning")).toContain("Coming back? DOMS is normal");
    for (const level of ["experienced", "regular"] as const) {
      expect(text(level)).not.toContain("Expect some DOMS");
      expect(text(level)).not.toContain("DOMS is normal");
    }
  });

  it("gives regular and experienced runners a 'Why it works' section every week, and new runners none", () => {
    for (let week = 1; week <= PROGRAMME_WEEKS; week += 1) {
      expect(renderWeek({ profile: EXPERIENCED_METRIC_MARATHON, week, footer: FOOTER }).text).toContain("Why it works");
      expect(renderWeek({ profile: profile({ level: "regular" }), week, footer: FOOTER }).text).toContain("Why it works");
      expect(renderWeek({ profile: NEW_IMPERIAL_5K, week, footer: FOOTER }).text).not.toContain("Why it works");
    }
  });

  it("gives new runners fewer moves than experienced ones", () => {
    expect(pickMoves([], DOSES.new.moveCount)).toHaveLength(4);
    expect(pickMoves([], DOSES.experienced.moveCount)).toHaveLength(6);
  });
});

describe("sore areas steer the moves, stretches and roller", () => {
  it.each([
    [["shins"], ["Tibialis raises", "Heel walks"]],
    [["calves"], ["Straight-knee calf raises", "Bent-knee calf raises"]],
    // A sore knee is a joint: the hips that steady it get the work, not squats on the knee (issue 14).
    [["knees"], ["Clamshells", "Side-lying leg raises"]],
    [["quads"], ["Squats", "Step-ups"]],
    [["hamstrings"], ["Glute bridges", "Single-leg bridges"]],
    [["hips"], ["Clamshells", "Side-lying leg raises"]],
    [["ankles"], ["Single-leg balance", "Towel scrunches"]],
    [["lower-back"], ["Bird-dogs", "Dead bugs"]],
    [
      ["shins", "hamstrings"],
      ["Tibialis raises", "Glute bridges", "Heel walks", "Single-leg bridges"],
    ],
  ] as [SoreArea[], string[]][])("%j starts with %j", (areas, first) => {
    expect(
      pickMoves(areas, 4)
        .slice(0, first.length)
        .map((m) => m.name),
    ).toEqual(first);
  });

  it("uses a balanced default set when nothing is sore", () => {
    expect(pickMoves([], 4).map((m) => m.name)).toEqual(["Straight-knee calf raises", "Squats", "Glute bridges", "Clamshells"]);
  });

  it("names sore shins' moves in the week 5 email", () => {
    const text = weekText({ profile: NEW_IMPERIAL_5K, week: 5, footer: FOOTER });
    expect(text).toContain("Tibialis raises: back against a wall");
    expect(text).toContain("Heel walks");
    // Shins are bone: the moves support them, they don't claim to treat them.
    expect(text).toContain("(to support your shins)");
    expect(text).toContain("your moves start with the muscles that support your shins");
    expect(text).toContain("Heel walks: walk on your heels with your toes lifted, 2 × 16 steps");
  });

  it("puts sore muscles' stretches first", () => {
    expect(orderStretches(["hips", "hamstrings"]).map((s) => s.name)).toEqual(["hamstrings", "hip flexors", "calves", "quads"]);
    expect(orderStretches([]).map((s) => s.name)).toEqual(["calves", "hamstrings", "quads", "hip flexors"]);
  });

  it("keeps the foam roller off bones and joints", () => {
    expect(rollPlan(["shins", "calves", "knees"])).toEqual({ roll: ["calves"], fromSore: true, avoid: ["shins", "knees"] });
    expect(rollPlan([]).roll).toEqual(["calves", "quads", "hamstrings", "glutes"]);
    const text = weekText({ profile: NEW_IMPERIAL_5K, week: 8, footer: FOOTER });
    expect(text).toContain("keep the roller off your shins");
  });

  it('joins a choice with "or" and a set with "and"', () => {
    // Act / Assess
    expect(listOf(["calves", "quads", "glutes"], "or")).toBe("calves, quads or glutes");
    expect(listOf(["calves", "quads", "glutes"])).toBe("calves, quads and glutes");
    expect(listOf(["calves"], "or")).toBe("calves");
  });

  it.each([8, 9])("week %i's roller row, with no sore muscle, offers any sore spot in the four big muscles, joined with or", (week) => {
    // Arrange: shins are sore but may not be rolled, so the row falls back to the four muscles
    const runner = profile({ soreAreas: ["shins"] });

    // Act
    const text = weekText({ profile: runner, week, footer: FOOTER });

    // Assess
    expect(text).toContain("About 30 seconds, slowly, over any sore spot in your calves, quads, hamstrings or glutes, the evening after");
    expect(text).not.toContain("that feel sore, the evening");
  });

  it("week 8's roller row names the runner's own sore muscles with and", () => {
    // Act
    const text = weekText({ profile: profile({ soreAreas: ["calves", "quads"] }), week: 8, footer: FOOTER });

    // Assess
    expect(text).toContain("over your calves and quads, the evening after");
  });
});

describe("sleep", () => {
  it.each(["new", "returning", "regular", "experienced"] as const)(
    "the %s runner's sleep row gives only the sourced 7 to 9 hours, no invented numbers",
    (level) => {
      // Act
      const text = weekText({ profile: profile({ level }), week: 7, footer: FOOTER });
      const row = /Sleep \(new this week\): ([^*]*?)(?= \* | When it's not just DOMS)/.exec(text)?.[1] ?? "";

      // Assess
      expect(row).toBe("Aim for 7 to 9 hours a night. Most of your adaptation happens while you sleep.");
    },
  );
});

describe("determinism", () => {
  it("renders the same bytes for the same input, every time", () => {
    for (const p of profileMatrix().slice(0, 20))
      for (let week = 1; week <= PROGRAMME_WEEKS; week += 1) {
        const a = renderWeek({ profile: p, week, footer: FOOTER });
        const b = renderWeek({ profile: structuredClone(p), week, footer: { ...FOOTER } });
        expect(b).toEqual(a);
      }
  });

  it("does not depend on the order sore areas were given in", () => {
    const a = renderWeek({ profile: profile({ soreAreas: ["shins", "calves"] }), week: 5, footer: FOOTER });
    const b = renderWeek({ profile: profile({ soreAreas: ["calves", "shins"] }), week: 5, footer: FOOTER });
    expect(b).toEqual(a);
  });
});
