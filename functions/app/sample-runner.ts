import type { CheckinSummary } from "../domain/adapt.js";
import type { Profile, Runner } from "../domain/profile.js";

/** A sample runner for previews when no profile file is given. */
export const SAMPLE_PROFILE = {
  email: "sam@example.com",
  name: "Sam",
  level: "new",
  goal: "10k",
  runsPerWeek: 3,
  units: "metric",
  timezone: "Europe/London",
  sendDay: "mon",
  sendHour: 7,
  soreAreas: ["calves"],
};

/** The runner id previews use when they stand for no stored runner. */
export const PREVIEW_RUNNER_ID = "preview0runner";

/**
 * The runner record a preview of week `week` stands for: active, `week - 1` sent, the check-ins given.
 * `id` defaults to PREVIEW_RUNNER_ID; pass a stored runner's id to preview exactly what it would be sent.
 */
export const previewRunner = (
  profile: Profile,
  input: { week: number; now: Date; checkins?: readonly CheckinSummary[]; id?: string },
): Runner => ({
  ...profile,
  id: input.id ?? PREVIEW_RUNNER_ID,
  status: "active",
  week: input.week - 1,
  createdAt: input.now.toISOString(),
  updatedAt: input.now.toISOString(),
  consentAt: input.now.toISOString(),
  consentSource: "preview",
  recentCheckins: [...(input.checkins ?? [])],
});
