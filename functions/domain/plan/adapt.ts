/**
 * Adaptation on the plan (article, practice): after a check-in of 7 or more the week is cut to at
 * most 85 % of its planned running time (70 % after two in a row, or a red flag), the hard run goes,
 * one run becomes cross-training, and no strength move loads an area rated 7+. A 4-6 check-in keeps
 * the plan, but a joint or bone area (knees, shins, …) rated 5+ keeps hard runs out. 0-3: as planned.
 */
import type { Adaptation } from "../adapt.js";
import type { Level, SoreArea } from "../profile.js";
import { CROSS_MINUTES, withRestDays } from "./build.js";
import { isJointArea } from "./moves.js";
import { strengthDoses, strengthMinutes } from "./strength.js";
import type { MoveDose, PlanWeek, Session } from "./types.js";
import { RUN_KINDS, runTime } from "./types.js";

/** The most of the planned running time a cut week keeps. */
export const CUT_SHARE = { high: 0.85, twoHighs: 0.7 } as const;
/** A joint or bone area rated this or more keeps hard runs out, even in a 4-6 week. */
export const JOINT_HARD_LIMIT = 5;

/**
 * Cross-training that spares the sore areas: no cycling on sore quads, knees or hips; no walking on
 * sore shins, feet or ankles.
 * @example crossOptions(["quads"]) // "swimming, pool running or the elliptical"
 */
export const crossOptions = (areas: readonly SoreArea[]): string => {
  const thighs = areas.some((a) => a === "quads" || a === "knees" || a === "hips");
  const lower = areas.some((a) => a === "shins" || a === "feet" || a === "ankles");
  if (thighs) return "swimming or pool running";
  if (lower) return "easy cycling, swimming or pool running";
  return "easy cycling, swimming, pool running, walking or the elliptical";
};

const easyNote = "Easy: you can talk in full sentences.";

/** The run that becomes cross-training: the hard one, else an easy one, else the long run. */
const swapIndex = (sessions: readonly Session[]): number => {
  const order = ["hard", "easy", "run-walk", "long"];
  for (const kind of order) {
    const i = sessions.findIndex((s) => s.kind === kind);
    if (i >= 0) return i;
  }
  return -1;
};

/** A run shortened by `factor`: continuous runs to whole 5 minutes (at least 10), run/walk by repeats. */
const shorten = (s: Session, factor: number): Session => {
  if (factor >= 1) return s;
  if (s.intervals) {
    const repeats = Math.max(1, Math.floor(s.intervals.repeats * factor));
    const run = (s.intervals.runSeconds * repeats) / 60;
    const walk = (s.intervals.walkSeconds * repeats) / 60;
    const warm = s.minutes - ((s.intervals.runSeconds + s.intervals.walkSeconds) * s.intervals.repeats) / 60;
    const note = s.note?.replace(/\d+ × \(/, `${repeats} × (`);
    const minutes = Math.round(warm + run + walk);
    return { ...s, intervals: { ...s.intervals, repeats }, minutes, runMinutes: Math.round(run), ...(note ? { note } : {}) };
  }
  const minutes = Math.max(10, Math.floor((s.minutes * factor) / 5) * 5);
  const ratio = s.minutes > 0 ? s.runMinutes / s.minutes : 1;
  const note = s.note?.replace(/\d+ min of easy running/, `${Math.round(minutes * ratio)} min of easy running`);
  return { ...s, minutes, runMinutes: Math.round(minutes * ratio), ...(note ? { note } : {}) };
};

/** A strength session with these doses: its moves, the areas they load and its minutes follow from them. */
const withDoses = (s: Session, doses: MoveDose[]): Session => ({
  ...s,
  doses,
  moves: doses.map((d) => d.name),
  loads: [...new Set(doses.flatMap((d) => d.loads))],
  minutes: strengthMinutes(doses),
});

/** Strength without the moves that load the very sore areas (all but core when no area was named); null when nothing is left. */
const spare = (s: Session, sore: readonly SoreArea[]): Session | null => {
  const keep = (d: MoveDose): boolean =>
    sore.length === 0 ? d.loads.every((a) => a === "lower-back") : !d.loads.some((a) => sore.includes(a));
  const doses = (s.doses ?? []).filter(keep);
  if (doses.length === 0) return null;
  return withDoses(s, doses);
};

/** Strength steered to a check-in's sore areas (care and progress weeks): their moves come first. */
const refocus = (s: Session, focus: readonly SoreArea[], level: Level, weekNo: number): Session => {
  if (s.kind !== "strength" || focus.length === 0) return s;
  const doses = strengthDoses(level, weekNo, [...new Set((s.doses ?? []).flatMap((d) => d.forAreas))], focus);
  if (doses.length === 0) return s;
  return withDoses(s, doses);
};

const easyInstead = (s: Session): Session => (s.kind === "hard" ? { ...s, kind: "easy", note: easyNote } : s);

/** A high week: hard runs out, one run swapped for cross-training, the rest cut to `share`, strength spares the sore areas. */
const cutWeek = (week: PlanWeek, a: Adaptation, share: number, level: Level): Session[] => {
  const planned = runTime(week);
  const swap = swapIndex(week.sessions);
  const swapped = week.sessions.map((s, i): Session | null => {
    if (i === swap) {
      const note = `In place of a run: ${crossOptions(a.focusAreas)}, at a conversational effort.`;
      return { day: s.day, kind: "cross", minutes: CROSS_MINUTES[level], runMinutes: 0, note };
    }
    if (s.kind === "strength") return spare(s, a.focusAreas);
    return easyInstead(s);
  });
  const kept = swapped.filter((s): s is Session => s !== null);
  const left = runTime({ sessions: kept });
  const factor = left > 0 ? Math.min(1, (share * planned) / left) : 1;
  return kept.map((s) => (RUN_KINDS.has(s.kind) ? shorten(s, factor) : s));
};

/**
 * The plan week after the runner's check-ins (see the rules above); the same week when there is
 * nothing to adapt to.
 * @example adaptPlanWeek(planWeek(profile, 6), adapt(checkins)!, "experienced").adapted // "recover" after "quads 8/10"
 */
export const adaptPlanWeek = (week: PlanWeek, a: Adaptation | undefined, level: Level): PlanWeek => {
  if (!a) return week;
  const plannedMinutes = runTime(week);
  if (a.mode === "recover" || a.mode === "recoveryWeek") {
    const share = a.mode === "recoveryWeek" || a.redFlags.length > 0 ? CUT_SHARE.twoHighs : CUT_SHARE.high;
    return {
      ...week,
      sessions: withRestDays(cutWeek(week, a, share, level).filter((s) => s.kind !== "rest")),
      adapted: a.mode,
      plannedMinutes,
    };
  }
  const jointSore = (a.soreness ?? 0) >= JOINT_HARD_LIMIT && a.focusAreas.some(isJointArea);
  const sessions = week.sessions.map((s) => refocus(jointSore ? easyInstead(s) : s, a.focusAreas, level, week.week));
  return { ...week, sessions, adapted: a.mode, plannedMinutes };
};
