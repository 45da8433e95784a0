/** The training plan's shapes: the JSON `legwork plan` prints and the weekly email renders. */
import type { SendDay, SoreArea } from "../profile.js";

export const SESSION_KINDS = ["easy", "long", "hard", "run-walk", "cross", "strength", "rest"] as const;
export type SessionKind = (typeof SESSION_KINDS)[number];
/** The kinds that are running. */
export const RUN_KINDS: ReadonlySet<SessionKind> = new Set(["easy", "long", "hard", "run-walk"]);

/** Run/walk intervals (couch-to-5k): `repeats` × (run, then walk). */
export interface Intervals {
  readonly runSeconds: number;
  readonly walkSeconds: number;
  readonly repeats: number;
}

/** One strength move as prescribed this week: sets of reps, or sets of holds in seconds. */
export interface MoveDose {
  readonly name: string;
  readonly how: string;
  readonly sets: number;
  /** Repetitions per set (per leg for single-leg moves), or steps for walks. */
  readonly reps?: number;
  /** A hold, in seconds, instead of repetitions. */
  readonly holdSeconds?: number;
  /** "reps", "steps" or "s": what the number counts. */
  readonly unit: "reps" | "steps" | "s";
  /** The sore-area codes this move works. */
  readonly loads: readonly SoreArea[];
  /** The runner's sore areas the move was picked to support (empty for a balanced filler). */
  readonly forAreas: readonly SoreArea[];
  readonly singleLeg: boolean;
  /** The single-leg version of a two-leg move: this week's step up. */
  readonly progressed?: boolean;
}

export interface Session {
  readonly day: SendDay;
  readonly kind: SessionKind;
  /** Time on feet (or in the session), minutes. */
  readonly minutes: number;
  /** Time running, minutes (run-walk: less than `minutes`; 0 for cross, strength and rest). */
  readonly runMinutes: number;
  readonly intervals?: Intervals;
  /** Strength move names, in order (strength sessions only). */
  readonly moves?: readonly string[];
  /** The sore-area codes the session works (strength sessions only). */
  readonly loads?: readonly SoreArea[];
  /** The prescription behind `moves`. */
  readonly doses?: readonly MoveDose[];
  /** One line for the runner: what the session holds. */
  readonly note?: string;
}

/** Why a week differs from the plan as built: nothing, a step-back week, or a check-in. */
export type WeekShape = "build" | "step-back";

export interface PlanWeek {
  readonly week: number;
  readonly shape: WeekShape;
  readonly sessions: readonly Session[];
  /** Set when a check-in changed the week: "recover" (≥ 7), "recoveryWeek" (two ≥ 7), "care" (4-6), "progress" (0-3). */
  readonly adapted?: "recover" | "recoveryWeek" | "care" | "progress";
  /** Planned running minutes before adaptation (present when `adapted` cut the week). */
  readonly plannedMinutes?: number;
  /** Why the runs a week were capped, when they were. */
  readonly capped?: string;
}

/** The time on feet of the running sessions. */
export const runTime = (week: Pick<PlanWeek, "sessions">): number =>
  week.sessions.filter((s) => RUN_KINDS.has(s.kind)).reduce((sum, s) => sum + s.minutes, 0);

/** The running sessions of a week. */
export const runsOf = (week: Pick<PlanWeek, "sessions">): Session[] => week.sessions.filter((s) => RUN_KINDS.has(s.kind));
