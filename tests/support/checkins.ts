import type { CheckinSummary } from "../../functions/domain/adapt.js";
import type { SoreArea } from "../../functions/domain/profile.js";

/** A check-in on day `day` of March 2025 at 08:00 UTC, answering programme week `week`. */
export const ck = (
  day: number,
  week: number,
  soreness: number | null,
  areas: SoreArea[] = ["calves"],
  redFlags: string[] = [],
): CheckinSummary => ({
  at: `2025-03-${String(day).padStart(2, "0")}T08:00:00Z`,
  week,
  soreness,
  areas,
  redFlags,
});
