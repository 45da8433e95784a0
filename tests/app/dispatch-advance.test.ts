import { describe, expect, it } from "vitest";
import type { SESv2Client } from "@aws-sdk/client-sesv2";
import type { DispatchDeps } from "../../functions/app/dispatch.js";
import { ADVANCE_ATTEMPTS, CLAIM_MS } from "../../functions/app/dispatch.js";
import { dispatchDeps } from "../../functions/app/dispatch-deps.js";
import { nextSendAt } from "../../functions/domain/schedule.js";
import { createClients } from "../../functions/wiring.js";
import { seededRandom } from "../reliability/support.js";
import type { DeathPlan } from "../support/mortal.js";
import { ProcessDeath } from "../support/mortal.js";
import { activeRunner } from "../support/runners.js";
import { freshConfig, testDeps } from "../support/stack.js";
import { START, dispatchDepsFor, flakyAdvance, noSleep, run, runDying, socketHangUp, storedItem, weeksOf } from "./dispatch-support.js";

/** The dispatcher after SES accepted an email: a failing advance write, a death after it, and a lost SendEmail answer. */
describe("dispatcher: the advance after SES accepted", () => {
  it.each([
    ["three refused writes", { refused: 3, lost: 0 }],
    ["two refused writes, then one that landed and lost its answer", { refused: 2, lost: 1 }],
  ])("a failing advance write is retried (%s): still one email, and the runner advanced", async (_, plan) => {
    // Arrange
    const deps = await testDeps();
    const runner = await activeRunner(deps, START);
    const now = new Date(runner.nextSendAt!);
    const { due, advanceCalls } = flakyAdvance(deps, plan);
    const waits: number[] = [];
    const d: DispatchDeps = { ...dispatchDepsFor(deps), due, sleep: async (ms) => void waits.push(ms), random: seededRandom(7) };

    // Act
    const result = await run(d, now);

    // Assess
    expect(plan.refused + plan.lost + 1).toBeLessThanOrEqual(ADVANCE_ATTEMPTS);
    expect(result).toEqual({ due: 1, sent: 1, skipped: 0, failed: 0 });
    expect(advanceCalls()).toBe(plan.refused + plan.lost + 1);
    expect(await weeksOf(runner.email)).toEqual([1]);
    const stored = await storedItem(deps, runner.id);
    expect(stored).toMatchObject({ status: "active", week: 1, nextSendAt: nextSendAt(runner, now).toISOString() });
    expect(stored.claimId).toBeUndefined();
    expect(stored.sends?.map((s) => s.week)).toEqual([1]);
    // One backoff per retry, each with full jitter under the documented cap: 100 ms × 2^attempt.
    expect(waits).toHaveLength(plan.refused + plan.lost);
    waits.forEach((ms, i) => {
      expect(ms).toBeGreaterThanOrEqual(0);
      expect(ms).toBeLessThan(100 * 2 ** (i + 1));
    });
    expect(await run(dispatchDepsFor(deps), new Date(now.getTime() + CLAIM_MS))).toMatchObject({ sent: 0 });
    expect(await weeksOf(runner.email)).toEqual([1]);
  });

  it("an outage longer than the retries keeps the claim: nothing goes again until CLAIM_MS, then exactly once", async () => {
    // Arrange
    const deps = await testDeps();
    const runner = await activeRunner(deps, START);
    const now = new Date(runner.nextSendAt!);
    const { due, advanceCalls } = flakyAdvance(deps, { refused: Number.POSITIVE_INFINITY });

    // Act
    const outage = await run({ ...dispatchDepsFor(deps), due }, now);
    const sameTick = await run(dispatchDepsFor(deps), now);
    const emailsInWindow = await weeksOf(runner.email);
    const afterClaim = await run(dispatchDepsFor(deps), new Date(now.getTime() + CLAIM_MS));

    // Assess
    expect(outage).toMatchObject({ due: 1, sent: 0, failed: 1 });
    expect(advanceCalls()).toBe(ADVANCE_ATTEMPTS);
    expect(sameTick).toMatchObject({ sent: 0 });
    expect(emailsInWindow).toEqual([1]);
    expect(afterClaim).toMatchObject({ sent: 1, failed: 0 });
    expect(await weeksOf(runner.email)).toEqual([1, 1]); // the documented window: the same week, the same Message-ID
    expect(await storedItem(deps, runner.id)).toMatchObject({ week: 1 });
  });

  it("a death after the advance sends nothing twice and misses nothing", async () => {
    // Arrange
    const deps = await testDeps();
    const runners = await Promise.all(Array.from({ length: 3 }, () => activeRunner(deps, START)));
    const now = new Date(runners[0]!.nextSendAt!);
    let crashed: string | undefined;
    const plan: DeathPlan = { afterAdvance: (id) => (crashed ??= id) === id };

    // Act
    await expect(runDying(dispatchDepsFor(deps), now, plan)).rejects.toThrow(ProcessDeath);
    await run(dispatchDepsFor(deps), now);
    await run(dispatchDepsFor(deps), new Date(now.getTime() + CLAIM_MS));

    // Assess
    expect(crashed).toBeDefined();
    for (const r of runners) expect(await weeksOf(r.email)).toEqual([1]);
    for (const r of runners) expect(await storedItem(deps, r.id)).toMatchObject({ week: 1 });
  });
});

describe("dispatcher: a SendEmail whose answer was lost", () => {
  it("is sent once by the SDK, and the claim is kept: it goes again once, only after CLAIM_MS", async () => {
    // Arrange: the sending client as wiring builds it, losing the answer to the first SendEmail after SES took it
    // (inside the SDK's retry loop, where a real lost response happens).
    const config = await freshConfig();
    const { ses } = await createClients(config);
    let attempts = 0;
    let lose = 1;
    const perAttempt = (next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) => async (args: unknown) => {
      if (context.commandName !== "SendEmailCommand") return next(args);
      attempts++;
      const out = await next(args);
      if (lose-- > 0) throw socketHangUp("after SES accepted");
      return out;
    };
    ses.middlewareStack.addRelativeTo(perAttempt as unknown as Parameters<SESv2Client["middlewareStack"]["addRelativeTo"]>[0], {
      relation: "after",
      toMiddleware: "retryMiddleware",
      name: "loseSesAnswer",
    });
    const deps = await testDeps({ config, clients: { ses } });
    const runner = await activeRunner(deps, START);
    const now = new Date(runner.nextSendAt!);
    const d: DispatchDeps = { ...dispatchDeps(deps), sendRate: 1000, sleep: noSleep };

    // Act
    const lost = await run(d, now);
    const attemptsInCall = attempts;
    const sameTick = await run(d, now);
    const emailsInWindow = await weeksOf(runner.email);
    const afterClaim = await run(d, new Date(now.getTime() + CLAIM_MS));

    // Assess
    expect(lost).toMatchObject({ due: 1, sent: 0, failed: 1 });
    expect(attemptsInCall).toBe(1); // no SDK retry resent it inside the call
    expect(sameTick).toMatchObject({ sent: 0 }); // the claim was kept, not released
    expect(emailsInWindow).toEqual([1]);
    expect(afterClaim).toMatchObject({ sent: 1, failed: 0 });
    expect(await weeksOf(runner.email)).toEqual([1, 1]);
    expect(await storedItem(deps, runner.id)).toMatchObject({ week: 1 });
  });
});
