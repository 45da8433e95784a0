/**
 * How much running each week holds. Pure tables:
 * - runners who already run: week 1 is what they do now (runs × usual run); the weeks grow
 *   gradually, never more than 30 % above the biggest of the three weeks before (nielsen-2014;
 *   buist-2008: a strict 10 % rule is not needed), with a step-back week, 20-30 % lighter, every
 *   3-4 weeks (practice);
 * - new runners: run/walk intervals building to 30 minutes of continuous running (couch-to-5k).
 */
import type { Intervals, WeekShape } from "./types.js";

/** How many weeks the programme (and its plan) runs. */
export const PROGRAMME_WEEKS = 10;

/** Week N's running time as a share of week 1 (index 0 = week 1). Weeks 4 and 8 step back. */
export const BUILD_FACTORS: readonly number[] = [1, 1.1, 1.2, 0.9, 1.25, 1.35, 1.45, 1.1, 1.5, 1.55];

/** Weeks that step back: each one lighter than the week before it. */
export const shapeOf = (week: number): WeekShape => {
  const i = week - 1;
  return i > 0 && (BUILD_FACTORS[i] ?? 1) < (BUILD_FACTORS[i - 1] ?? 1) ? "step-back" : "build";
};

/** The share of week 1 that week N runs (weeks past the table hold the last figure). */
export const buildFactor = (week: number): number => BUILD_FACTORS[Math.min(BUILD_FACTORS.length, Math.max(1, week)) - 1] ?? 1;

/** A run/walk week for new runners: the intervals, and how long the brisk walk before them is. */
export interface RunWalkWeek {
  readonly intervals: Intervals;
  readonly warmUpWalk: number;
}

/**
 * New runners' sessions, week by week (couch-to-5k): a brisk 5-minute walk, then run/walk
 * intervals whose running blocks lengthen until the run is continuous (walkSeconds 0).
 */
export const RUN_WALK: readonly RunWalkWeek[] = [
  { intervals: { runSeconds: 60, walkSeconds: 90, repeats: 8 }, warmUpWalk: 5 },
  { intervals: { runSeconds: 90, walkSeconds: 120, repeats: 6 }, warmUpWalk: 5 },
  { intervals: { runSeconds: 120, walkSeconds: 90, repeats: 6 }, warmUpWalk: 5 },
  { intervals: { runSeconds: 180, walkSeconds: 120, repeats: 5 }, warmUpWalk: 5 },
  { intervals: { runSeconds: 300, walkSeconds: 120, repeats: 4 }, warmUpWalk: 5 },
  { intervals: { runSeconds: 480, walkSeconds: 120, repeats: 3 }, warmUpWalk: 5 },
  { intervals: { runSeconds: 600, walkSeconds: 120, repeats: 3 }, warmUpWalk: 5 },
  { intervals: { runSeconds: 900, walkSeconds: 120, repeats: 2 }, warmUpWalk: 5 },
  { intervals: { runSeconds: 1500, walkSeconds: 0, repeats: 1 }, warmUpWalk: 5 },
  { intervals: { runSeconds: 1800, walkSeconds: 0, repeats: 1 }, warmUpWalk: 5 },
];

/** The run/walk week for week N (past the table: the last, 30 minutes continuous). */
export const runWalkWeek = (week: number): RunWalkWeek => RUN_WALK[Math.min(RUN_WALK.length, Math.max(1, week)) - 1]!;

/** Minutes running and on feet of one run/walk session. */
export const runWalkMinutes = ({ intervals, warmUpWalk }: RunWalkWeek): { minutes: number; runMinutes: number } => {
  const run = (intervals.runSeconds * intervals.repeats) / 60;
  const walk = (intervals.walkSeconds * intervals.repeats) / 60;
  return { minutes: Math.round(warmUpWalk + run + walk), runMinutes: Math.round(run) };
};

/** Rounds a run to 5 minutes (at least 10): plans read better in round numbers. */
export const roundRun = (minutes: number): number => Math.max(10, Math.round(minutes / 5) * 5);
