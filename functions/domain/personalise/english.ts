/** English for the copy: area names, lists and plurals. */
import type { SoreArea } from "../profile.js";

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
