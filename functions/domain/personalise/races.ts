/** The race a goal names, in the runner's units. */
import type { Goal, Units } from "../profile.js";
import { distance } from "./units.js";

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
