/**
 * The plan as built, before any check-in: one week's sessions for one runner. Pure: the profile and
 * the week number in, the sessions out.
 */
import type { Goal, Level, Profile, SendDay } from "../profile.js";
import { SEND_DAYS } from "../profile.js";
import { hardSlots, longSlot, strengthDays } from "./days.js";
import { HARD_MAX_MINUTES, HARD_SHARE, hardCount, hardNote } from "./hard.js";
import { DEFAULT_RUN_MINUTES, runCount, runDaysFor } from "./limits.js";
import { STRENGTH_SESSIONS, strengthDoses, strengthMinutes } from "./strength.js";
import type { PlanWeek, Session } from "./types.js";
import { runTime } from "./types.js";
import { buildFactor, roundRun, runWalkMinutes, runWalkWeek, shapeOf } from "./volume.js";

/** What the plan reads from a profile. */
export type PlanProfile = Pick<Profile, "level" | "goal" | "runsPerWeek" | "soreAreas"> &
  Partial<Pick<Profile, "usualRunMinutes" | "runDays">>;

/** Goals with a weekly long run. */
export const LONG_RUN_GOALS: readonly Goal[] = ["half", "marathon", "ultra"];
/** The longest single session the plan prescribes, minutes. */
const MAX_SESSION = 240;
/** Cross-training when the runner is not running (practice: 20-45 minutes), by level. */
export const CROSS_MINUTES: Readonly<Record<Level, number>> = { new: 20, returning: 20, regular: 30, experienced: 45 };

/** The usual run the plan starts from: the runner's own, else the level's default. */
export const usualRun = (profile: PlanProfile): number => profile.usualRunMinutes ?? DEFAULT_RUN_MINUTES[profile.level];

const run = (day: SendDay, kind: Session["kind"], minutes: number, note: string): Session => {
  const m = Math.min(MAX_SESSION, minutes);
  return { day, kind, minutes: m, runMinutes: m, note };
};

/** New runners: every run is the week's run/walk session (couch-to-5k). */
const newRunnerRuns = (days: readonly SendDay[], week: number): Session[] => {
  const rw = runWalkWeek(week);
  const { minutes, runMinutes } = runWalkMinutes(rw);
  const { runSeconds, walkSeconds, repeats } = rw.intervals;
  const continuous = walkSeconds === 0;
  const time = (seconds: number): string => (seconds % 60 === 0 ? `${seconds / 60} min` : `${seconds} s`);
  const note = continuous
    ? `Brisk ${rw.warmUpWalk} min walk, then ${runMinutes} min of easy running without a walk break.`
    : `Brisk ${rw.warmUpWalk} min walk, then ${repeats} × (${time(runSeconds)} easy running, ${time(walkSeconds)} walking).`;
  return days.map((day) =>
    continuous
      ? { day, kind: "easy", minutes, runMinutes, note }
      : { day, kind: "run-walk", minutes, runMinutes, intervals: rw.intervals, note },
  );
};

const floor5 = (m: number): number => Math.floor(m / 5) * 5;

/** Runners who already run: week 1 is what they do now; long run, hard runs and easy runs share the week's time. */
const trainedRuns = (profile: PlanProfile, days: readonly SendDay[], week: number): Session[] => {
  const runs = days.length;
  const total = runs * usualRun(profile) * buildFactor(week);
  const long = LONG_RUN_GOALS.includes(profile.goal) && runs >= 3;
  const wanted = hardCount(profile.level, runs, week);
  const firstHard = wanted > 0 ? Math.min(HARD_MAX_MINUTES, floor5((HARD_SHARE * total) / wanted)) : 0;
  const longMin = long ? Math.min(MAX_SESSION, roundRun(total * (runs >= 4 ? 0.3 : 0.4))) : 0;
  // A step-back week rounds down, so it is really lighter.
  const round = shapeOf(week) === "step-back" ? (m: number) => Math.max(10, floor5(m)) : roundRun;
  const easyFor = (hardRuns: number, hardEach: number): number =>
    Math.min(MAX_SESSION, round((total - longMin - hardRuns * hardEach) / Math.max(1, runs - hardRuns - (long ? 1 : 0))));
  const nonHard =
    easyFor(wanted, firstHard) * (runs - wanted - (long ? 1 : 0)) + (long ? Math.max(longMin, easyFor(wanted, firstHard)) : 0);
  // Hard runs at most a quarter of the rest, so at most a fifth of the week; under 20 minutes is no session.
  const hardMin = wanted > 0 ? Math.min(firstHard, floor5((HARD_SHARE / (1 - HARD_SHARE)) * (nonHard / wanted))) : 0;
  const hard = hardMin >= 20 ? wanted : 0;
  // With the hard run dropped, its time goes back to the easy runs, no more.
  const easyMin = easyFor(hard, hard > 0 ? firstHard : 0);
  const longAt = long ? longSlot(days) : -1;
  const hardAt = hardSlots(days, hard, long ? [longAt] : []);
  return days.map((day, i) => {
    if (i === longAt) return run(day, "long", Math.max(longMin, easyMin), "Long run, all of it at an easy, talking pace.");
    if (hardAt.includes(i)) return run(day, "hard", hardMin, hardNote(profile.goal, hardMin, week));
    return run(day, "easy", easyMin, "Easy: you can talk in full sentences.");
  });
};

/**
 * The growth rule made literal (nielsen-2014): while the week runs more than 30 % above the biggest
 * of the three weeks before it, the longest easy or long run loses 5 minutes (never below 10).
 */
export const capGrowth = (runs: readonly Session[], limit: number): Session[] => {
  const out = [...runs];
  const total = (): number => out.reduce((n, s) => n + s.minutes, 0);
  while (total() > limit) {
    const i = out.reduce((best, s, j) => (s.kind !== "hard" && s.minutes > 10 && s.minutes > (out[best]?.minutes ?? -1) ? j : best), -1);
    if (i < 0) break;
    const s = out[i]!;
    out[i] = { ...s, minutes: s.minutes - 5, runMinutes: s.runMinutes - 5 };
  }
  return out;
};

/** With no runs: easy cross-training three times a week. */
const movingWeek = (level: Level): Session[] =>
  (["tue", "thu", "sat"] as const).map((day) => ({
    day,
    kind: "cross",
    minutes: CROSS_MINUTES[level],
    runMinutes: 0,
    note: "Walk, ride or swim at a pace where you can talk in full sentences.",
  }));

/** Strength sessions on their days (from week 5). */
const strengthSessions = (profile: PlanProfile, week: number, runs: readonly Session[]): Session[] => {
  const doses = strengthDoses(profile.level, week, profile.soreAreas);
  if (doses.length === 0) return [];
  const busy = runs.map((s) => s.day);
  const hardDays = runs.filter((s) => s.kind === "hard").map((s) => s.day);
  const longDay = runs.find((s) => s.kind === "long")?.day;
  const loads = [...new Set(doses.flatMap((d) => d.loads))];
  return strengthDays(busy, hardDays, longDay, STRENGTH_SESSIONS).map((day) => ({
    day,
    kind: "strength",
    minutes: strengthMinutes(doses),
    runMinutes: 0,
    moves: doses.map((d) => d.name),
    loads,
    doses,
  }));
};

/** Orders sessions by day (a run before strength on the same day) and fills empty days with rest. */
export const withRestDays = (sessions: readonly Session[]): Session[] => {
  const order = (s: Session): number => SEND_DAYS.indexOf(s.day) * 10 + (s.kind === "strength" ? 5 : s.kind === "cross" ? 3 : 0);
  const rest = SEND_DAYS.filter((d) => !sessions.some((s) => s.day === d)).map((day): Session => ({
    day,
    kind: "rest",
    minutes: 0,
    runMinutes: 0,
  }));
  return [...sessions, ...rest].sort((a, b) => order(a) - order(b));
};

/** A week's runs, within the growth rule of the weeks before it (`before`: their run times, oldest first). */
const weekRuns = (profile: PlanProfile, week: number, before: readonly number[]): Session[] => {
  const count = runCount(profile.level, profile.runsPerWeek, profile.runDays);
  const days = runDaysFor(count.runs, profile.runDays);
  const built = count.runs === 0 ? [] : profile.level === "new" ? newRunnerRuns(days, week) : trainedRuns(profile, days, week);
  const recent = before.slice(-3);
  return recent.length > 0 ? capGrowth(built, Math.floor(GROWTH_LIMIT * Math.max(...recent))) : built;
};

/** The whole week around its runs: cross-training when there are none, strength, rest days. */
const fullWeek = (profile: PlanProfile, week: number, runs: Session[]): PlanWeek => {
  const count = runCount(profile.level, profile.runsPerWeek, profile.runDays);
  const moving = count.runs === 0 ? movingWeek(profile.level) : [];
  const sessions = withRestDays([...runs, ...moving, ...strengthSessions(profile, week, runs)]);
  return { week, shape: profile.level === "new" ? "build" : shapeOf(week), sessions, ...(count.why ? { capped: count.why } : {}) };
};

/** No week runs more than this times the biggest of the three weeks before it (nielsen-2014). */
export const GROWTH_LIMIT = 1.3;

/**
 * Weeks 1..`weeks` of the plan as built for this runner (no check-ins), each within the growth rule.
 * @example planProgramme({ level: "new", goal: "5k", runsPerWeek: 3, soreAreas: [] }, 10)[0].sessions[1]
 *   // { day: "tue", kind: "run-walk", minutes: 25, runMinutes: 8, intervals: { runSeconds: 60, walkSeconds: 90, repeats: 8 }, … }
 */
export const planProgramme = (profile: PlanProfile, weeks: number): PlanWeek[] => {
  const out: PlanWeek[] = [];
  const before: number[] = [];
  for (let week = 1; week <= weeks; week += 1) {
    const runs = weekRuns(profile, week, before);
    before.push(runTime({ sessions: runs }));
    out.push(fullWeek(profile, week, runs));
  }
  return out;
};

/** Week `week` of the plan as built (no check-ins). */
export const planWeek = (profile: PlanProfile, week: number): PlanWeek => {
  // Only the growth rule reads the earlier weeks, and only their run times: the rest of them is never built.
  const before: number[] = [];
  for (let w = 1; w < week; w += 1) before.push(runTime({ sessions: weekRuns(profile, w, before) }));
  return fullWeek(profile, week, weekRuns(profile, week, before));
};
