/**
 * Strength that progresses (practice: 2 sessions a week, 2-3 sets of 8-15 reps): from week 5, when
 * the curriculum teaches it, the sets, reps and holds grow week by week, ease off in the step-back
 * week, and then the two-leg moves give way to their single-leg versions.
 */
import type { Level, SoreArea } from "../profile.js";
import type { PickedMove } from "./moves.js";
import { GROUP_LOADS, pickMoves } from "./moves.js";
import type { MoveDose } from "./types.js";

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** The week strength sessions start (week 5 teaches them). */
export const STRENGTH_FROM_WEEK = 5;
/** Strength sessions a week. */
export const STRENGTH_SESSIONS = 2;

interface Step {
  readonly sets: number;
  readonly reps: number;
  readonly holdSeconds: number;
  readonly singleLeg: boolean;
}

const step = (sets: number, reps: number, holdSeconds: number, singleLeg = false): Step => ({ sets, reps, holdSeconds, singleLeg });

/** Weeks 5-10 by level: new and returning runners start at the low end and reach single-leg moves last. */
const STEPS: Readonly<Record<"gentle" | "regular" | "experienced", readonly Step[]>> = {
  gentle: [step(2, 8, 20), step(2, 10, 25), step(2, 12, 30), step(2, 10, 25), step(3, 10, 30, true), step(3, 12, 35, true)],
  regular: [step(3, 10, 30), step(3, 12, 35), step(3, 15, 40), step(3, 10, 30, true), step(3, 12, 40, true), step(3, 15, 45, true)],
  experienced: [
    step(3, 12, 30),
    step(3, 15, 40),
    step(3, 12, 40, true),
    step(3, 10, 30, true),
    step(3, 12, 45, true),
    step(3, 15, 45, true),
  ],
};

/** Strength moves per session, by level. */
export const MOVE_COUNT: Readonly<Record<Level, number>> = { new: 4, returning: 4, regular: 5, experienced: 6 };

const stepFor = (level: Level, week: number): Step | undefined => {
  const table = level === "new" || level === "returning" ? STEPS.gentle : STEPS[level];
  if (week < STRENGTH_FROM_WEEK) return undefined;
  return table[Math.min(table.length, week - STRENGTH_FROM_WEEK + 1) - 1];
};

/**
 * A move as dosed: its single-leg version once the step says so (unless that move is already in the
 * list). Built field by field: spreading moves of several shapes costs more than the rest of the plan.
 */
const dose = (move: PickedMove, s: Step, taken: ReadonlySet<string>): MoveDose => {
  const variant = s.singleLeg && move.singleLeg && !taken.has(move.singleLeg.name) ? move.singleLeg : undefined;
  const unit = move.hold ? "s" : move.steps ? "steps" : "reps";
  const out: Mutable<MoveDose> = {
    name: variant ? variant.name : move.name,
    how: variant ? variant.how : move.how,
    sets: s.sets,
    loads: GROUP_LOADS[move.group],
    forAreas: move.forAreas,
    unit,
    singleLeg: variant !== undefined || move.oneLeg === true,
  };
  if (unit === "s") out.holdSeconds = s.holdSeconds;
  else out.reps = unit === "steps" ? s.reps * 2 : s.reps;
  if (variant) out.progressed = true;
  return out;
};

/**
 * This week's strength moves for a runner, dosed; empty before week 5. `focus` (a check-in's sore
 * areas) picks first.
 * @example strengthDoses("new", 5, ["shins"])[0] // { name: "Tibialis raises", sets: 2, reps: 8, unit: "reps", loads: ["shins", "ankles"], … }
 */
export const strengthDoses = (level: Level, week: number, soreAreas: readonly SoreArea[], focus: readonly SoreArea[] = []): MoveDose[] => {
  const s = stepFor(level, week);
  if (!s) return [];
  const count = MOVE_COUNT[level];
  // A check-in's sore areas come first; the profile's and the balanced default fill the rest.
  const moves = pickMoves(focus, count).filter((m) => m.forAreas.length > 0);
  for (const m of pickMoves([...new Set([...focus, ...soreAreas])], count)) {
    if (moves.length < count && !moves.some((x) => x.name === m.name)) moves.push(m);
  }
  const taken = new Set(moves.map((m) => m.name));
  return moves.map((m) => dose(m, s, taken));
};

/** Minutes a strength session takes: about 2 minutes a set, warm-up included. */
export const strengthMinutes = (doses: readonly MoveDose[]): number =>
  Math.max(10, Math.round((doses.reduce((sum, d) => sum + d.sets, 0) * 1.5 + 5) / 5) * 5);
