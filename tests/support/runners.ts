import { expect } from "vitest";
import type { Runner } from "../../functions/domain/profile.js";
import { newRunnerId } from "../../functions/app/signup.js";
import { nextSendAt } from "../../functions/domain/schedule.js";
import type { AppDeps } from "../../functions/app/deps.js";
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
export const activeRunner = async (deps: Pick<AppDeps, "runners">, now: Date, overrides: Partial<Runner> = {}): Promise<Runner> => {
  const runner = pendingRunner(now, overrides);
  await deps.runners.create(runner);
  const active = await deps.runners.activate(runner.id, { now, nextSendAt: nextSendAt(runner, now) });
  if (!active) throw new Error("could not activate test runner");
  return active;
};

/** The statuses in which a runner's check-ins are ignored: opted out, undeliverable, or unconfirmed. */
export type NotReceivingStatus = "unsubscribed" | "bounced" | "complained" | "pending";

/** A stored runner in `status`, reached the way the product gets there (unsubscribe, suppression, or never confirming). */
export const runnerWithStatus = async (
  deps: Pick<AppDeps, "runners" | "subscribers">,
  status: NotReceivingStatus,
  since: Date,
): Promise<Runner> => {
  if (status === "pending") {
    const runner = pendingRunner(since, { week: 0 });
    await deps.runners.create(runner);
    return runner;
  }
  const runner = await activeRunner(deps, since, { week: 1 });
  if (status === "unsubscribed") await deps.runners.unsubscribe(runner.id, since);
  else await deps.subscribers.suppress(runner.id, status, since);
  expect((await deps.runners.getById(runner.id))?.status).toBe(status);
  return runner;
};
