import type { Runner } from "../../functions/domain/profile.js";
import { newRunnerId } from "../../functions/app/signup.js";
import { nextSendAt } from "../../functions/domain/schedule.js";
import type { Deps } from "../../functions/wiring.js";
import { uniqueEmail } from "./stack.js";

/** A runner as signup makes it (pending, week 0, created at `now`), not yet stored. */
export const pendingRunner = (now: Date, overrides: Partial<Runner> = {}): Runner => ({
  id: newRunnerId(),
  email: uniqueEmail("drip"),
  name: "Test Runner",
  level: "regular",
  goal: "10k",
  runsPerWeek: 4,
  units: "metric",
  timezone: "Europe/London",
  sendDay: "mon",
  sendHour: 7,
  soreAreas: [],
  status: "pending",
  week: 0,
  createdAt: now.toISOString(),
  updatedAt: now.toISOString(),
  consentAt: now.toISOString(),
  consentSource: "test",
  ...overrides,
});

/** Creates a confirmed runner directly through the repository, first slot after `now`. */
export const activeRunner = async (deps: Deps, now: Date, overrides: Partial<Runner> = {}): Promise<Runner> => {
  const runner = pendingRunner(now, overrides);
  await deps.runners.create(runner);
  const active = await deps.runners.activate(runner.id, { now, nextSendAt: nextSendAt(runner, now) });
  if (!active) throw new Error("could not activate test runner");
  return active;
};
