/** Amounts in the runner's units: fluids and distances. Imperial is computed from metric, never typed. */
import type { Units } from "../profile.js";

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
