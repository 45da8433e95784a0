/**
 * Personalisation: what one runner's profile makes of the copy (doses, moves, units, their race, the
 * words for their sore areas), gathered into the {@link Ctx} every email is written from.
 */
export type { Ctx, RunSplit } from "./ctx.js";
export { contextFor, runSplit, splitOf } from "./ctx.js";
export { areaName, listOf, plural } from "./english.js";
export type { Dose, Move, MoveGroup, PickedMove, RollPlan, Stretch } from "./exercises.js";
export { AREA_GROUP, DOSES, isDense, isGentle, MOVES, orderStretches, pickMoves, rollPlan, warmUpDrills } from "./exercises.js";
export type { Race } from "./races.js";
export { raceFor } from "./races.js";
export { distance, FLUID_LITRES_PER_HOUR, fluidPerHour, KM_PER_MILE, US_FL_OZ_PER_LITRE } from "./units.js";
