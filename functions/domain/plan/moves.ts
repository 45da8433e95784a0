/**
 * The strength library (coaching-facts.md, exercise library, `practice`): moves by area group, most
 * basic first, which sore areas each group works, and the pick for a runner's sore areas.
 */
import type { SoreArea } from "../profile.js";
import { SORE_AREAS } from "../profile.js";

export type MoveGroup = "calves" | "shins" | "quads" | "hamstrings" | "glutes" | "feet" | "core";

export interface Move {
  readonly name: string;
  readonly how: string;
  readonly group: MoveGroup;
  /** A hold rather than repetitions: the dose is seconds. */
  readonly hold?: boolean;
  /** A walk: the dose is steps. */
  readonly steps?: boolean;
  /** The harder single-leg version a later week moves on to. */
  readonly singleLeg?: { readonly name: string; readonly how: string };
  /** Works on one leg already. */
  readonly oneLeg?: boolean;
}

/** The exercise library (coaching-facts.md, `practice`), by area group, most basic move first. */
export const MOVES: Readonly<Record<MoveGroup, readonly Move[]>> = {
  calves: [
    {
      name: "Straight-knee calf raises",
      how: "rise onto your toes, then lower slowly",
      group: "calves",
      singleLeg: { name: "Single-leg calf raises", how: "on one foot, rise onto your toes, then lower slowly" },
    },
    {
      name: "Bent-knee calf raises",
      how: "the same with your knees a little bent, lowering slowly",
      group: "calves",
      singleLeg: { name: "Single-leg bent-knee calf raises", how: "on one foot, knee a little bent, rise and lower slowly" },
    },
  ],
  shins: [
    { name: "Tibialis raises", how: "back against a wall, heels on the floor, lift your toes", group: "shins" },
    { name: "Heel walks", how: "walk on your heels with your toes lifted", group: "shins", steps: true },
  ],
  quads: [
    {
      name: "Squats",
      how: "sit back as if onto a chair, then stand",
      group: "quads",
      singleLeg: { name: "Split squats", how: "one foot forward, lower the back knee towards the floor" },
    },
    { name: "Step-ups", how: "onto a low step, one leg at a time", group: "quads", oneLeg: true },
    { name: "Split squats", how: "one foot forward, lower the back knee towards the floor", group: "quads", oneLeg: true },
    { name: "Slow step-downs", how: "from a low step, lowering slowly on one leg", group: "quads", oneLeg: true },
  ],
  hamstrings: [
    {
      name: "Glute bridges",
      how: "lying on your back, lift your hips",
      group: "hamstrings",
      singleLeg: { name: "Single-leg bridges", how: "lying on your back, one foot down, lift your hips" },
    },
    { name: "Single-leg bridges", how: "lying on your back, one foot down, lift your hips", group: "hamstrings", oneLeg: true },
    {
      name: "Romanian deadlifts",
      how: "hinge at the hips with a straight back",
      group: "hamstrings",
      singleLeg: { name: "Single-leg Romanian deadlifts", how: "on one leg, hinge at the hips with a straight back" },
    },
  ],
  glutes: [
    { name: "Clamshells", how: "lying on your side, knees bent, open the top knee", group: "glutes" },
    { name: "Side-lying leg raises", how: "lying on your side, lift the straight top leg", group: "glutes" },
    { name: "Side planks", hold: true, how: "on your elbow, hips lifted", group: "glutes" },
    { name: "Monster walks", how: "small sideways steps in a half squat", group: "glutes", steps: true },
  ],
  feet: [
    { name: "Single-leg balance", hold: true, how: "stand on one foot", group: "feet", oneLeg: true },
    { name: "Towel scrunches", how: "pull a towel towards you with your toes", group: "feet" },
    { name: "Short-foot holds", hold: true, how: "lift your arch without curling your toes", group: "feet" },
  ],
  core: [
    { name: "Bird-dogs", how: "on hands and knees, reach out one arm and the opposite leg", group: "core" },
    { name: "Dead bugs", how: "on your back, lower the opposite arm and leg slowly", group: "core" },
    { name: "Planks", hold: true, how: "on your elbows, body in a straight line", group: "core" },
  ],
};

/** Which library group serves each sore area. */
export const AREA_GROUP: Readonly<Record<SoreArea, MoveGroup>> = {
  calves: "calves",
  shins: "shins",
  quads: "quads",
  // A sore knee is a joint: strengthen the hips that steady it rather than load it with squats.
  knees: "glutes",
  hamstrings: "hamstrings",
  glutes: "glutes",
  hips: "glutes",
  feet: "feet",
  ankles: "feet",
  "lower-back": "core",
};

/** The balanced default, one move per group, used when nothing is sore and to fill a short list. */
const BALANCED: readonly Move[] = [
  MOVES.calves[0],
  MOVES.quads[0],
  MOVES.hamstrings[0],
  MOVES.glutes[0],
  MOVES.core[0],
  MOVES.feet[0],
].filter((m): m is Move => m !== undefined);

export interface PickedMove extends Move {
  /** The runner's sore areas this move was picked for; empty for a balanced filler. */
  readonly forAreas: readonly SoreArea[];
}

/**
 * A move with the areas it was picked for. Every field is set, so every picked move has one shape:
 * spreading the library's moves (six shapes) is the slow path in V8, and this runs for every email.
 */
const pick = (move: Move, forAreas: readonly SoreArea[]): PickedMove => ({
  name: move.name,
  how: move.how,
  group: move.group,
  hold: move.hold,
  steps: move.steps,
  singleLeg: move.singleLeg,
  oneLeg: move.oneLeg,
  forAreas,
});

/**
 * Picks `count` strength moves: the sore areas' groups first (round robin, in the contract's area
 * order), then the balanced default to fill.
 * @example pickMoves(["shins"], 4).map((m) => m.name) // ["Tibialis raises", "Heel walks", "Straight-knee calf raises", "Squats"]
 */
export const pickMoves = (soreAreas: readonly SoreArea[], count: number): PickedMove[] => {
  const areas = SORE_AREAS.filter((a) => soreAreas.includes(a));
  const groups = [...new Set(areas.map((a) => AREA_GROUP[a]))];
  const forAreas = (group: MoveGroup): SoreArea[] => areas.filter((a) => AREA_GROUP[a] === group);
  const picked: PickedMove[] = [];
  const has = (move: Move): boolean => picked.some((p) => p.name === move.name);
  for (let round = 0; picked.length < count && groups.some((g) => MOVES[g].length > round); round += 1) {
    for (const group of groups) {
      const move = MOVES[group][round];
      if (move && picked.length < count) picked.push(pick(move, forAreas(group)));
    }
  }
  for (const move of BALANCED) if (picked.length < count && !has(move)) picked.push(pick(move, []));
  return picked;
};

/** The sore-area codes each group's moves work: a strength session never loads an area rated 7+. */
export const GROUP_LOADS: Readonly<Record<MoveGroup, readonly SoreArea[]>> = {
  calves: ["calves", "ankles"],
  shins: ["shins", "ankles"],
  quads: ["quads", "knees"],
  hamstrings: ["hamstrings", "glutes"],
  glutes: ["glutes", "hips"],
  feet: ["feet", "ankles"],
  core: ["lower-back"],
};

/** Sore areas that are joints, bones or tendons rather than muscle: pain there is never assumed to be DOMS. */
export const JOINT_AREAS: readonly SoreArea[] = ["shins", "knees", "ankles", "feet", "hips", "lower-back"];
export const isJointArea = (area: SoreArea): boolean => JOINT_AREAS.includes(area);
