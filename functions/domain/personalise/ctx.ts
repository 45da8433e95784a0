/**
 * The personalisation context: pure functions from a profile to the numbers and choices the copy
 * uses, computed once per email. Same profile and week, same context.
 */
import type { Adaptation } from "../adapt.js";
import type { PlanWeek } from "../plan/index.js";
import { planWeek, runsOf } from "../plan/index.js";
import type { PickedMove } from "../plan/moves.js";
import { pickMoves } from "../plan/moves.js";
import type { Level, Profile, SoreArea } from "../profile.js";
import { SORE_AREAS } from "../profile.js";
import { areaName, listOf } from "./english.js";
import type { Dose } from "./exercises.js";
import { DOSES, isDense, isGentle } from "./exercises.js";
import type { Race } from "./races.js";
import { raceFor } from "./races.js";
import { fluidPerHour } from "./units.js";

export interface RunSplit {
  readonly runs: number;
  readonly easy: number;
  readonly hard: number;
}

/**
 * Turns 80/20 (seiler-2010: about 80% of sessions easy, 20% hard) into run counts:
 * - 2 runs a week or fewer: all easy (one hard run would be half the running);
 * - new or returning with 3 runs: all easy, while the legs get used to the work;
 * - otherwise hard = max(1, round(0.2 × runs)), capped by level: 1 for new/returning,
 *   2 for regular, 3 for experienced. 0 runs gets a walking/cross-training plan instead.
 * @example runSplit("regular", 5) // { runs: 5, easy: 4, hard: 1 }
 */
export const runSplit = (level: Level, runs: number): RunSplit => {
  const n = Math.max(0, Math.floor(runs));
  const hard = n <= 2 || (isGentle(level) && n <= 3) ? 0 : Math.min(DOSES[level].hardCap, Math.max(1, Math.round(0.2 * n)));
  return { runs: n, easy: n - hard, hard };
};

/** Everything the copy needs to know about one runner, computed once per email. */
export interface Ctx {
  readonly profile: Profile;
  readonly week: number;
  readonly level: Level;
  readonly gentle: boolean;
  readonly dense: boolean;
  readonly dose: Dose;
  readonly split: RunSplit;
  readonly soreAreas: readonly SoreArea[];
  /** "your shins and calves", or "" when nothing is sore. */
  readonly soreList: string;
  readonly moves: readonly PickedMove[];
  readonly race: Race | null;
  readonly fluid: string;
  /** This week's training plan (functions/domain/plan), adapted when `adapted` is set: the email renders exactly this. */
  readonly plan: PlanWeek;
  /** How this week adapts to the runner's last check-in (functions/domain/adapt.ts); absent for the standard email. */
  readonly adapted?: Adaptation;
}

/** The week's runs as counts: all of them, and how many the plan makes hard. */
export const splitOf = (plan: PlanWeek): RunSplit => {
  const runs = runsOf(plan);
  const hard = runs.filter((s) => s.kind === "hard").length;
  return { runs: runs.length, easy: runs.length - hard, hard };
};

/** Builds the context for one email. Pure: same profile and week, same context. */
export const contextFor = (profile: Profile, week: number): Ctx => {
  const soreAreas = SORE_AREAS.filter((a) => profile.soreAreas.includes(a));
  const dose = DOSES[profile.level];
  const plan = planWeek(profile, Math.max(1, Math.floor(week)) || 1);
  return {
    plan,
    profile,
    week,
    level: profile.level,
    gentle: isGentle(profile.level),
    dense: isDense(profile.level),
    dose,
    split: splitOf(plan),
    soreAreas,
    soreList: listOf(soreAreas.map(areaName)),
    moves: pickMoves(soreAreas, dose.moveCount),
    race: raceFor(profile.goal, profile.units),
    fluid: fluidPerHour(profile.units),
  };
};
