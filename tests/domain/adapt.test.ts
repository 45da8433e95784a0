import { describe, expect, it } from "vitest";
import { adapt, checkinHistory, heardOf, needsRecoveryWeek, RECOVERY_THRESHOLD } from "../../functions/domain/adapt.js";
import { ck } from "../support/checkins.js";

describe("adapt: the rule table", () => {
  it.each([
    [0, "progress", false, false],
    [3, "progress", false, false],
    [4, "care", false, false],
    [6, "care", false, false],
    [7, "recover", true, true],
    [10, "recover", true, true],
  ] as const)("soreness %i → %s (easy only %s, one run swapped %s)", (soreness, mode, easyOnly, swap) => {
    // Act
    const result = adapt([ck(10, 2, soreness)]);
    // Assess
    expect(result).toEqual({
      mode,
      heard: `calves ${soreness}/10`,
      focusAreas: ["calves"],
      easyOnly,
      swapRunForCrossTraining: swap,
      soreness,
      redFlags: [],
    });
  });

  it("pins the threshold at 7", () => {
    expect(RECOVERY_THRESHOLD).toBe(7);
  });

  it("has nothing to adapt to without check-ins, or with only score-less replies", () => {
    expect(adapt([])).toBeUndefined();
    expect(adapt([ck(10, 2, null)])).toBeUndefined();
    expect(adapt([ck(10, 2, null, [])])).toBeUndefined();
  });

  it("skips a score-less reply after a scored one: the score still counts", () => {
    expect(adapt([ck(10, 2, 7), ck(11, 2, null, [])])?.mode).toBe("recover");
  });

  it.each([0, 3, 5, 6, 7, 10, null])("red flags always lead to recovery, never to progress or care (score %s)", (soreness) => {
    // Act
    const result = adapt([ck(10, 2, soreness, ["shins"], ["sharp_pain"])]);
    // Assess
    expect(result?.mode).toBe("recover");
    expect(result?.easyOnly).toBe(true);
    expect(result?.swapRunForCrossTraining).toBe(true);
    expect(result?.redFlags).toEqual(["sharp_pain"]);
  });

  it("says what it heard: areas in contract order, then the score", () => {
    expect(adapt([ck(10, 2, 5, ["shins", "calves"])])?.heard).toBe("calves and shins 5/10");
    expect(adapt([ck(10, 2, 7, [])])?.heard).toBe("7/10");
    expect(adapt([ck(10, 2, null, ["shins"], ["swelling"])])?.heard).toBe("shins");
    expect(heardOf({ soreness: 4, areas: ["lower-back", "quads", "feet"] })).toBe("quads, feet and lower back 4/10");
  });

  it("reads the latest check-in whatever order they arrive in", () => {
    expect(adapt([ck(17, 3, 2), ck(10, 2, 8)])?.mode).toBe("progress");
  });

  it("clamps scores to whole numbers 0-10", () => {
    expect(adapt([ck(10, 2, 6.6)])?.mode).toBe("recover");
    expect(adapt([ck(10, 2, 12)])?.heard).toBe("calves 10/10");
    expect(adapt([ck(10, 2, -3)])?.heard).toBe("calves 0/10");
  });

  it("ignores a check-in older than the last email when told which week is next", () => {
    expect(adapt([ck(3, 2, 8)], { nextWeek: 5 })).toBeUndefined();
    expect(adapt([ck(3, 4, 8)], { nextWeek: 5 })?.mode).toBe("recover");
  });

  it("rejects a check-in time that is not an ISO instant", () => {
    expect(() => adapt([{ ...ck(10, 2, 5), at: "last Tuesday" }])).toThrow(RangeError);
  });

  it("does not change its input", () => {
    // Prepare
    const input = Object.freeze([Object.freeze(ck(17, 3, 8)), Object.freeze(ck(10, 2, 8))]);
    const copy = JSON.stringify(input);
    // Act
    adapt(input);
    needsRecoveryWeek(input);
    // Assess
    expect(JSON.stringify(input)).toBe(copy);
  });
});

describe("corrections: the latest check-in counts", () => {
  it("collapses a same-week correction into one reading", () => {
    // Act
    const history = checkinHistory([ck(10, 2, 8), ck(10, 2, 3)]);
    // Assess
    expect(history).toHaveLength(1);
    expect(history[0]?.soreness).toBe(3);
  });

  it("keeps the sore areas when the correction names none, and never drops a red flag", () => {
    const history = checkinHistory([ck(10, 2, 6, ["calves"], ["swelling"]), ck(11, 2, 7, [], [])]);
    expect(history).toEqual([{ at: "2025-03-11T08:00:00Z", week: 2, soreness: 7, areas: ["calves"], redFlags: ["swelling"] }]);
  });

  it("does not count a score sent twice in one week as two high check-ins", () => {
    expect(needsRecoveryWeek([ck(10, 2, 8), ck(11, 2, 8)])).toBe(false);
  });
});

describe("needsRecoveryWeek: two high check-ins in a row", () => {
  it("is true for two consecutive check-ins of 7 or more, and adapt says recoveryWeek", () => {
    // Prepare
    const checkins = [ck(3, 1, 2), ck(10, 2, 7), ck(17, 3, 8)];
    // Act / Assess
    expect(needsRecoveryWeek(checkins)).toBe(true);
    expect(adapt(checkins)?.mode).toBe("recoveryWeek");
    expect(adapt(checkins)?.easyOnly).toBe(true);
  });

  it.each([
    ["a low one last", [ck(10, 2, 8), ck(17, 3, 6)]],
    ["a low one before", [ck(10, 2, 6), ck(17, 3, 8)]],
    ["a low one between", [ck(3, 1, 9), ck(10, 2, 3), ck(17, 3, 9)]],
    ["only one check-in", [ck(17, 3, 10)]],
    ["no check-ins", []],
  ])("is false with %s", (_name, checkins) => {
    expect(needsRecoveryWeek(checkins)).toBe(false);
  });

  it("is false once a recovery week went out after the older of the two", () => {
    const checkins = [ck(10, 2, 8), ck(17, 3, 8)];
    expect(needsRecoveryWeek(checkins, "2025-03-24T07:00:00Z")).toBe(false);
    expect(needsRecoveryWeek(checkins, "2025-03-12T07:00:00Z")).toBe(false);
    expect(adapt(checkins, { lastRecoveryWeekAt: "2025-03-24T07:00:00Z" })?.mode).toBe("recover");
  });

  it("is true when the recovery week went out before both", () => {
    expect(needsRecoveryWeek([ck(10, 2, 8), ck(17, 3, 8)], "2025-03-09T07:00:00Z")).toBe(true);
  });

  it("counts a reply to the recovery email separately from the check-in before it, even for the same week", () => {
    // Prepare: week 3 answered at 8, recovery email on the 24th, the runner answers it (still week 3), then week 4.
    const before = [ck(17, 3, 8), ck(25, 3, 8)];
    // Act / Assess
    expect(checkinHistory(before, "2025-03-24T07:00:00Z")).toHaveLength(2);
    expect(needsRecoveryWeek(before, "2025-03-24T07:00:00Z")).toBe(false);
    expect(needsRecoveryWeek([...before, ck(31, 4, 9)], "2025-03-24T07:00:00Z")).toBe(true);
  });

  it("leaves red flags to triage: never a recovery week when the latest has one", () => {
    const checkins = [ck(10, 2, 8), ck(17, 3, 9, ["shins"], ["bone_pain"])];
    expect(needsRecoveryWeek(checkins)).toBe(false);
    expect(adapt(checkins)?.mode).toBe("recover");
  });

  it("rejects a lastRecoveryWeekAt that is not an ISO instant", () => {
    expect(() => needsRecoveryWeek([ck(10, 2, 8), ck(17, 3, 8)], "yesterday")).toThrow(RangeError);
  });
});
