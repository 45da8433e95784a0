/**
 * The training plan behind the weekly emails: pure domain data (no clock, no I/O). `planWeek` builds
 * a week from the profile; `adaptPlanWeek` applies a check-in; `planFor` does both.
 */
import type { Adaptation, CheckinSummary } from "../adapt.js";
import { adapt } from "../adapt.js";
import { adaptPlanWeek } from "./adapt.js";
import type { PlanProfile } from "./build.js";
import { planWeek } from "./build.js";
import type { PlanWeek } from "./types.js";

export type { PlanProfile } from "./build.js";
export { CROSS_MINUTES, GROWTH_LIMIT, LONG_RUN_GOALS, planProgramme, planWeek, usualRun } from "./build.js";
export { adaptPlanWeek, crossOptions, CUT_SHARE, JOINT_HARD_LIMIT } from "./adapt.js";
export { DEFAULT_RUN_MINUTES, MAX_RUNS, runCount, runDaysFor } from "./limits.js";
export { isJointArea, JOINT_AREAS } from "./moves.js";
export type { Intervals, MoveDose, PlanWeek, Session, SessionKind } from "./types.js";
export { PROGRAMME_WEEKS } from "./volume.js";
export { RUN_KINDS, runTime, runsOf, SESSION_KINDS } from "./types.js";

/**
 * Week `week` as the runner will get it: built from the profile, then adapted to the check-ins
 * (oldest first) or to an adaptation already worked out.
 * @example planFor(profile, 6, checkins).adapted // "recover" after a "quads 8" check-in on week 5
 */
export const planFor = (profile: PlanProfile, week: number, from?: readonly CheckinSummary[] | Adaptation): PlanWeek => {
  const adaptation = from === undefined ? undefined : Array.isArray(from) ? adapt(from, { nextWeek: week }) : (from as Adaptation);
  return adaptPlanWeek(planWeek(profile, week), adaptation, profile.level);
};
