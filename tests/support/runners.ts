import { expect } from "vitest";
import type { Runner } from "../../functions/domain/profile.js";
import { activationFor } from "../../infra/local/iam-check/flow-support.js";
import { nextSendAt } from "../../functions/domain/schedule.js";
import type { AppDeps } from "../../functions/app/deps.js";
import { uniqueEmail } from "./stack.js";

/** A runner as signup makes it (pending, week 0, created at `now`), not yet stored: the iam-check's shape, named for tests. */
export const pendingRunner = (now: Date, overrides: Partial<Runner> = {}): Runner => ({
  ...activationFor(uniqueEmail("drip"), now),
  name: "Test Runner",
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
