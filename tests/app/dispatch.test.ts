import { TZDate } from "@date-fns/tz";
import { describe, expect, it } from "vitest";
import { DynamoCheckinRepository } from "../../functions/adapters/dynamodb/checkins.js";
import type { DispatchDeps } from "../../functions/app/dispatch.js";
import { CLAIM_MS, dispatch } from "../../functions/app/dispatch.js";
import { PROGRAMME_WEEKS } from "../../functions/domain/render/index.js";
import { ProcessDeath } from "../support/mortal.js";
import { activeRunner } from "../support/runners.js";
import { emailsTo, testDeps } from "../support/stack.js";
import { HOUR, START, dispatchDepsFor, run, runDying, throttlingSes, weeksOf } from "./dispatch-support.js";

describe("dispatcher", () => {
  it("an empty tick never reads the send rate; the first due runner does, once", async () => {
    // Prepare
    const deps = await testDeps();
    let rateReads = 0;
    const d: DispatchDeps = { ...dispatchDepsFor(deps), sendRate: async () => (rateReads++, 1000) };

    // Act
    const empty = await run(d, START);
    const runner = await activeRunner(deps, START);
    const later = new Date(START.getTime() + 8 * 24 * HOUR);
    const busy = await run(d, later);

    // Assess
    expect(empty).toEqual({ due: 0, sent: 0, skipped: 0, failed: 0 });
    expect(busy).toMatchObject({ due: 1, sent: 1 });
    expect(rateReads).toBe(1);
    expect(await weeksOf(runner.email)).toEqual([1]);
  });

  it("sends each runner exactly one email per week at their local hour, across three zones and DST, then completes", async () => {
    const deps = await testDeps();
    const d = dispatchDepsFor(deps);
    const runners = await Promise.all([
      activeRunner(deps, START, { timezone: "Europe/London", sendDay: "sun", sendHour: 1 }),
      activeRunner(deps, START, { timezone: "America/Los_Angeles", sendDay: "sun", sendHour: 2, units: "imperial" }),
      activeRunner(deps, START, { timezone: "Pacific/Auckland", sendDay: "wed", sendHour: 19, level: "new" }),
    ]);
    for (let t = START.getTime(); t < START.getTime() + 12 * 7 * 24 * HOUR; t += HOUR) await run(d, new Date(t));

    for (const r of runners) {
      expect(await weeksOf(r.email)).toEqual(Array.from({ length: PROGRAMME_WEEKS }, (_, i) => i + 1));
      const stored = await deps.runners.getById(r.id);
      expect(stored).toMatchObject({ status: "completed", week: PROGRAMME_WEEKS });
      const sends = (stored as unknown as { sends: { at: string }[] }).sends;
      for (const s of sends) {
        const local = new TZDate(Date.parse(s.at), r.timezone);
        // Hourly ticks: the email goes at the tick that first reaches the slot, i.e. at the local send hour,
        // or one hour later by the clock when the slot fell into a spring-forward gap.
        expect([r.sendHour, r.sendHour + 1]).toContain(local.getHours());
        expect(local.getDay() || 7).toBe({ sun: 7, wed: 3 }[r.sendDay as "sun" | "wed"]);
      }
    }
  });

  it("a duplicate invocation and two racing dispatchers never send a week twice", async () => {
    const deps = await testDeps();
    const runners = await Promise.all(Array.from({ length: 12 }, () => activeRunner(deps, START)));
    const due = new Date(runners[0]!.nextSendAt!);
    const results = await Promise.all([run(dispatchDepsFor(deps), due), run(dispatchDepsFor(deps), due), run(dispatchDepsFor(deps), due)]);
    expect(results.reduce((n, r) => n + r.sent, 0)).toBe(12);
    expect(results.reduce((n, r) => n + r.failed, 0)).toBe(0);
    const again = await run(dispatchDepsFor(deps), due);
    expect(again.sent).toBe(0);
    for (const r of runners) expect(await weeksOf(r.email)).toEqual([1]);
  });

  it("retries SES throttling with backoff and still sends every email once", async () => {
    const deps = await testDeps();
    const runners = await Promise.all(Array.from({ length: 5 }, () => activeRunner(deps, START)));
    const { client, failed } = throttlingSes(deps, 7);
    const result = await run(dispatchDepsFor(deps, client), new Date(runners[0]!.nextSendAt!));
    expect(failed()).toBe(7);
    expect(result).toMatchObject({ due: 5, sent: 5, failed: 0 });
    for (const r of runners) expect(await weeksOf(r.email)).toEqual([1]);
  });

  it("one runner that keeps failing does not stop the batch, and stays due for the next run", async () => {
    const deps = await testDeps();
    const runners = await Promise.all(Array.from({ length: 4 }, () => activeRunner(deps, START)));
    const { client } = throttlingSes(deps, 5); // five attempts for the first runner taken, then fine
    const now = new Date(runners[0]!.nextSendAt!);
    const result = await run({ ...dispatchDepsFor(deps, client), concurrency: 1 }, now);
    expect(result).toMatchObject({ due: 4, sent: 3, failed: 1 });
    const retry = await run(dispatchDepsFor(deps), now);
    expect(retry).toMatchObject({ sent: 1, failed: 0 });
    for (const r of runners) expect(await weeksOf(r.email)).toEqual([1]);
  });

  it("a crash after the claim delays that runner by one claim period and sends nothing twice", async () => {
    const deps = await testDeps();
    const runners = await Promise.all(Array.from({ length: 3 }, () => activeRunner(deps, START)));
    const now = new Date(runners[0]!.nextSendAt!);
    let crashed: string | undefined;
    await expect(
      runDying(dispatchDepsFor(deps), now, {
        afterClaim: (id, claimed) => claimed && (crashed ??= id) === id,
      }),
    ).rejects.toThrow(ProcessDeath);
    await run(dispatchDepsFor(deps), now); // the others go; the crashed claim is still held
    const victim = runners.find((r) => r.id === crashed)!;
    expect(await weeksOf(victim.email)).toEqual([]);
    await run(dispatchDepsFor(deps), new Date(now.getTime() + CLAIM_MS));
    for (const r of runners) expect(await weeksOf(r.email)).toEqual([1]);
  });

  it("a crash after SES accepted but before the advance is the one documented duplicate window", async () => {
    const deps = await testDeps();
    const runners = await Promise.all(Array.from({ length: 3 }, () => activeRunner(deps, START)));
    const now = new Date(runners[0]!.nextSendAt!);
    let crashed: string | undefined;
    await expect(
      runDying(dispatchDepsFor(deps), now, {
        afterSend: (email) => {
          crashed = runners.find((r) => email.to === r.email)?.id; // the first send: nothing runs after it
          return true;
        },
      }),
    ).rejects.toThrow(ProcessDeath);
    await run(dispatchDepsFor(deps), now);
    await run(dispatchDepsFor(deps), new Date(now.getTime() + CLAIM_MS));
    for (const r of runners) expect(await weeksOf(r.email)).toEqual(r.id === crashed ? [1, 1] : [1]);
    const copies = (await emailsTo(runners.find((r) => r.id === crashed)!.email)).map((e) => e.subject);
    expect(new Set(copies).size).toBe(1);
  });

  it("stops taking work when the remaining time falls under the safety margin; due runners stay due", async () => {
    const deps = await testDeps();
    const runners = await Promise.all(Array.from({ length: 6 }, () => activeRunner(deps, START)));
    const now = new Date(runners[0]!.nextSendAt!);
    let budget = 3;
    const d = { ...dispatchDepsFor(deps), concurrency: 1 };
    const first = await dispatch(d, { now, remainingMs: () => (budget-- > 0 ? 300_000 : 1_000) });
    expect(first.sent).toBeLessThan(6);
    const second = await run(dispatchDepsFor(deps), now);
    expect(first.sent + second.sent).toBe(6);
    for (const r of runners) expect(await weeksOf(r.email)).toEqual([1]);
  });
});

describe("dispatcher and check-ins", () => {
  it("two high check-ins in a row bring a recovery week that holds the lesson, then the lesson follows", async () => {
    const deps = await testDeps();
    const d = dispatchDepsFor(deps);
    const runner = await activeRunner(deps, START);
    const slot1 = new Date(runner.nextSendAt!);
    await run(d, slot1);
    const checkins = new DynamoCheckinRepository(deps.doc, deps.config.LEGWORK_TABLE, 365);
    const at = (days: number) => new Date(slot1.getTime() + days * 86_400_000).toISOString();
    await checkins.record(runner.id, {
      at: at(1),
      week: 1,
      soreness: 7,
      areas: ["calves"],
      redFlags: [],
      note: "",
      source: "email",
      sourceId: "m1",
    });
    await run(d, new Date(slot1.getTime() + 7 * 86_400_000));
    await checkins.record(runner.id, {
      at: at(8),
      week: 2,
      soreness: 8,
      areas: ["calves"],
      redFlags: [],
      note: "",
      source: "email",
      sourceId: "m2",
    });
    await run(d, new Date(slot1.getTime() + 14 * 86_400_000));
    await run(d, new Date(slot1.getTime() + 21 * 86_400_000));

    const subjects = (await emailsTo(runner.email)).map((e) => e.subject);
    expect(subjects[0]).toMatch(/^Week 1 of 10/);
    expect(subjects[1]).toMatch(/^Week 2 of 10/);
    expect(subjects[2]).toMatch(/^Recovery week/);
    // The held lesson is the one after the last sent (week 2), not week 2 again (issue 14).
    expect(JSON.stringify(await emailsTo(runner.email))).toMatch(/holding back your next lesson, week 3 /);
    expect(subjects[3]).toMatch(/^Week 3 of 10/);
    expect((await deps.runners.getById(runner.id))?.week).toBe(3);
  });
});
