/**
 * Where a plan starts: how many runs a week a level can sensibly take, how long a usual run is
 * when the runner did not say, and which days the runs go on.
 */
import type { Level, SendDay } from "../profile.js";
import { SEND_DAYS } from "../profile.js";

/**
 * Most runs a week the plan gives each level (practice; couch-to-5k: three runs a week with a rest
 * day between for new runners). Asking for more is allowed; the plan caps it and says why.
 */
export const MAX_RUNS: Readonly<Record<Level, number>> = { new: 4, returning: 5, regular: 7, experienced: 14 };

const CAP_WHY: Readonly<Record<Level, string>> = {
  new: "new runners get at most 4 runs a week, with rest days between, while bones, tendons and muscles get used to running",
  returning: "returning runners get at most 5 runs a week at first: tendons take longer to come back than fitness",
  regular: "regular runners get at most 7 runs a week: more than one run a day is for experienced runners",
  experienced: "",
};

/** A usual run, in minutes, for a runner who did not say (new runners start with run/walk whatever it says). */
export const DEFAULT_RUN_MINUTES: Readonly<Record<Level, number>> = { new: 20, returning: 25, regular: 40, experienced: 50 };

export interface RunCount {
  /** Runs a week the plan gives. */
  readonly runs: number;
  /** Why fewer than asked, or undefined. */
  readonly why?: string;
}

/**
 * The runs a week the plan gives: what the runner asked for, within the level's limit and the days
 * they can run (one run a day, except experienced runners, who may double up).
 * @example runCount("new", 14) // { runs: 4, why: "new runners get at most 4 runs a week, …" }
 */
export const runCount = (level: Level, asked: number, runDays?: readonly SendDay[]): RunCount => {
  const wanted = Math.max(0, Math.floor(asked));
  const days = runDays && runDays.length > 0 ? runDays.length : 7;
  const perDay = level === "experienced" ? 2 : 1;
  const byLevel = Math.min(wanted, MAX_RUNS[level]);
  if (byLevel < wanted) return { runs: byLevel, why: `You asked for ${wanted} runs a week; ${CAP_WHY[level]}.` };
  if (byLevel > days * perDay) {
    const most = perDay === 1 ? "one run a day" : "two runs a day";
    return {
      runs: days * perDay,
      why: `You asked for ${wanted} runs a week on ${days} day${days === 1 ? "" : "s"}; the plan keeps to ${most}.`,
    };
  }
  return { runs: byLevel };
};

/** A sensible spread when the runner named no days: rest days between, the longest run at the weekend. */
const SPREAD: Readonly<Record<number, readonly SendDay[]>> = {
  1: ["sat"],
  2: ["tue", "sat"],
  3: ["tue", "thu", "sat"],
  4: ["tue", "thu", "sat", "sun"],
  5: ["mon", "tue", "thu", "sat", "sun"],
  6: ["mon", "tue", "wed", "fri", "sat", "sun"],
};

/**
 * The days the runs go on, in week order (Monday first), one entry per run: the runner's own days
 * (spread out when there are more days than runs), else a sensible spread; beyond 7 runs some days
 * hold two.
 * @example runDaysFor(3) // ["tue", "thu", "sat"]
 */
export const runDaysFor = (runs: number, runDays?: readonly SendDay[]): SendDay[] => {
  if (runs <= 0) return [];
  const own = runDays && runDays.length > 0 ? SEND_DAYS.filter((d) => runDays.includes(d)) : undefined;
  if (!own) {
    const base = SPREAD[Math.min(runs, 7)] ?? SEND_DAYS;
    const extra = SEND_DAYS.slice(0, Math.max(0, runs - 7));
    return sortDays([...base, ...extra]);
  }
  if (own.length >= runs) {
    // Spread evenly over the runner's days, keeping the last one (usually the weekend) for the longest run.
    const picked = Array.from({ length: runs }, (_, i) => own[Math.round(((i + 1) * own.length) / runs) - 1]!);
    return sortDays(picked);
  }
  return sortDays(Array.from({ length: runs }, (_, i) => own[i % own.length]!));
};

export const dayIndex = (day: SendDay): number => SEND_DAYS.indexOf(day);
export const sortDays = (days: readonly SendDay[]): SendDay[] => [...days].sort((a, b) => dayIndex(a) - dayIndex(b));
