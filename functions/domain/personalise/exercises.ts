/**
 * The exercise library as the copy doses it: how much of everything by level, the strength moves,
 * the warm-down stretches, what to foam-roll and the warm-up drills. Tables and a few lines each,
 * pinned by table-driven tests in tests/domain/render.
 */
import type { Level, SoreArea } from "../profile.js";
import { SORE_AREAS } from "../profile.js";

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

export type { Move, MoveGroup, PickedMove } from "../plan/moves.js";
export { AREA_GROUP, MOVES, pickMoves } from "../plan/moves.js";
