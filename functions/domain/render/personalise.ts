/**
 * The personalisation rules: pure functions from a profile to the numbers and choices the copy uses.
 * Every rule is a table or a few lines, pinned by table-driven tests in tests/domain/render.
 */
import type { Adaptation } from "../adapt.js";
import type { Goal, Level, Profile, SoreArea, Units } from "../profile.js";
import { SORE_AREAS } from "../profile.js";
import type { PickedMove } from "../plan/moves.js";
import { pickMoves } from "../plan/moves.js";
import type { PlanWeek } from "../plan/index.js";
import { planWeek, runsOf } from "../plan/index.js";

/** How much of everything a runner gets, by level. new/returning take the low end of every range. */
export interface Dose {
  /** Strength: sets and reps per move (library: 2-3 sets of 8-15 reps). */
  readonly sets: number;
  readonly reps: number;
  /** Strength moves per session. */
  readonly moveCount: number;
  /** Warm-up drills and warm-down, minutes (library: 5-10). */
  readonly warmUpMin: number;
  readonly warmDownMin: number;
  /** Static stretch hold, seconds (library: 20-30). */
  readonly stretchSec: number;
  /** Foam roller per muscle, seconds (library: 30-60). */
  readonly rollSec: number;
  /** Active-recovery session, minutes (library: 20-45). */
  readonly crossMin: number;
  /** Most hard runs a week, whatever the run count. */
  readonly hardCap: number;
}

const LOW: Dose = { sets: 2, reps: 8, moveCount: 4, warmUpMin: 5, warmDownMin: 5, stretchSec: 20, rollSec: 30, crossMin: 20, hardCap: 1 };

export const DOSES: Readonly<Record<Level, Dose>> = {
  new: LOW,
  returning: LOW,
  regular: { sets: 3, reps: 12, moveCount: 5, warmUpMin: 10, warmDownMin: 10, stretchSec: 30, rollSec: 60, crossMin: 30, hardCap: 2 },
  experienced: { sets: 3, reps: 15, moveCount: 6, warmUpMin: 10, warmDownMin: 10, stretchSec: 30, rollSec: 60, crossMin: 45, hardCap: 3 },
};

/** new and returning runners get DOMS reassurance and the conservative plan. */
export const isGentle = (level: Level): boolean => level === "new" || level === "returning";
/** regular and experienced runners get the denser "why it works" detail. */
export const isDense = (level: Level): boolean => !isGentle(level);

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

export type { Move, MoveGroup, PickedMove } from "../plan/moves.js";
export { AREA_GROUP, MOVES, pickMoves } from "../plan/moves.js";

export type Stretch = "calves" | "hamstrings" | "quads" | "hip flexors";
const STRETCHES: readonly Stretch[] = ["calves", "hamstrings", "quads", "hip flexors"];
const STRETCH_FOR: Partial<Record<SoreArea, Stretch>> = {
  calves: "calves",
  hamstrings: "hamstrings",
  quads: "quads",
  hips: "hip flexors",
};

/** The four warm-down stretches, the runner's sore ones first. */
export const orderStretches = (soreAreas: readonly SoreArea[]): { readonly name: Stretch; readonly sore: boolean }[] => {
  const sore = new Set(soreAreas.map((a) => STRETCH_FOR[a]).filter((s): s is Stretch => s !== undefined));
  return [...STRETCHES.filter((s) => sore.has(s)), ...STRETCHES.filter((s) => !sore.has(s))].map((name) => ({
    name,
    sore: sore.has(name),
  }));
};

/** Muscles a foam roller may go over; the other areas are, or sit on, a bone or a joint. */
const ROLLABLE: readonly SoreArea[] = ["calves", "quads", "hamstrings", "glutes"];

export interface RollPlan {
  /** The sore muscles, or all four big leg muscles when none of them is sore. */
  readonly roll: readonly SoreArea[];
  /** True when `roll` is the runner's own sore muscles. */
  readonly fromSore: boolean;
  /** Sore areas that are, or sit on, a bone or a joint: keep the roller off. */
  readonly avoid: readonly SoreArea[];
}

/** What to roll and which sore areas to keep the roller off. */
export const rollPlan = (soreAreas: readonly SoreArea[]): RollPlan => {
  const areas = SORE_AREAS.filter((a) => soreAreas.includes(a));
  const sore = areas.filter((a) => ROLLABLE.includes(a));
  return { roll: sore.length > 0 ? sore : ROLLABLE, fromSore: sore.length > 0, avoid: areas.filter((a) => !ROLLABLE.includes(a)) };
};

/** Warm-up drills from the library; the low dose uses the first five. */
const DRILLS = [
  "leg swings (front to back and side to side)",
  "walking lunges",
  "high knees",
  "ankle circles",
  "hip circles",
  "butt kicks",
  "A-skips",
] as const;

export const warmUpDrills = (level: Level): readonly string[] => (isGentle(level) ? DRILLS.slice(0, 5) : DRILLS);

/** Fluids: 0.4-0.8 L per hour of running (article). Imperial is computed, never typed (the article's "8-16 oz" is wrong). */
export const FLUID_LITRES_PER_HOUR = { low: 0.4, high: 0.8 } as const;
export const US_FL_OZ_PER_LITRE = 1000 / 29.5735295625;

/**
 * The hourly fluid range in the runner's units.
 * @example fluidPerHour("imperial") // "14–27 US fl oz"
 */
export const fluidPerHour = (units: Units): string =>
  units === "metric"
    ? `${FLUID_LITRES_PER_HOUR.low}–${FLUID_LITRES_PER_HOUR.high} litres`
    : `${Math.round(FLUID_LITRES_PER_HOUR.low * US_FL_OZ_PER_LITRE)}–${Math.round(FLUID_LITRES_PER_HOUR.high * US_FL_OZ_PER_LITRE)} US fl oz`;

export const KM_PER_MILE = 1.609344;

/**
 * A distance in the runner's units, one decimal place where it matters.
 * @example distance(42.195, "imperial") // "26.2 miles"
 */
export const distance = (km: number, units: Units): string => {
  const value = units === "metric" ? km : km / KM_PER_MILE;
  const shown = Number.isInteger(value) ? String(value) : value.toFixed(1);
  return units === "metric" ? `${shown} km` : `${shown} miles`;
};

export interface Race {
  readonly name: string;
  /** "5 km", "26.2 miles", "beyond 42.2 km" */
  readonly distance: string;
  /** Races where one easy run a week is a long run. */
  readonly longRun: boolean;
}

const RACE_KM: Readonly<Record<Exclude<Goal, "general">, { name: string; km: number; longRun: boolean }>> = {
  "5k": { name: "5k", km: 5, longRun: false },
  "10k": { name: "10k", km: 10, longRun: false },
  half: { name: "half marathon", km: 21.0975, longRun: true },
  marathon: { name: "marathon", km: 42.195, longRun: true },
  ultra: { name: "ultra", km: 42.195, longRun: true },
};

/** The runner's race in their units; null for the general goal. */
export const raceFor = (goal: Goal, units: Units): Race | null => {
  if (goal === "general") return null;
  const race = RACE_KM[goal];
  const shown = distance(race.km, units);
  return { name: race.name, distance: goal === "ultra" ? `beyond ${shown}` : shown, longRun: race.longRun };
};

const AREA_NAMES: Readonly<Record<SoreArea, string>> = {
  calves: "calves",
  shins: "shins",
  quads: "quads",
  hamstrings: "hamstrings",
  glutes: "glutes",
  hips: "hips",
  knees: "knees",
  ankles: "ankles",
  feet: "feet",
  "lower-back": "lower back",
};

export const areaName = (area: SoreArea): string => AREA_NAMES[area];

/**
 * Joins words the way people write lists: "and" by default, "or" for a choice.
 * @example listOf(["calves", "shins", "knees"]) // "calves, shins and knees"
 * @example listOf(["calves", "quads"], "or") // "calves or quads"
 */
export const listOf = (items: readonly string[], conjunction: "and" | "or" = "and"): string =>
  items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} ${conjunction} ${items[items.length - 1] ?? ""}`;

export const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

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
