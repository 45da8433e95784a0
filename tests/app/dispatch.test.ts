import { TZDate } from "@date-fns/tz";
import { describe, expect, it } from "vitest";
import { DynamoDBClient, ProvisionedThroughputExceededException } from "@aws-sdk/client-dynamodb";
import type { SESv2Client } from "@aws-sdk/client-sesv2";
import { SESv2Client as Ses } from "@aws-sdk/client-sesv2";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { DynamoCheckinRepository } from "../../functions/adapters/dynamodb/checkins.js";
import { DynamoDueRepository } from "../../functions/adapters/dynamodb/due.js";
import { SesMailer } from "../../functions/adapters/ses/mailer.js";
import type { DispatchDeps, DispatchHooks } from "../../functions/app/dispatch.js";
import { ADVANCE_ATTEMPTS, CLAIM_MS, DispatchAbort, MAX_SEND_ATTEMPTS, dispatch } from "../../functions/app/dispatch.js";
import { dispatchDeps, sendRateOf } from "../../functions/app/dispatch-deps.js";
import type { Runner } from "../../functions/domain/profile.js";
import { PROGRAMME_WEEKS } from "../../functions/domain/render/index.js";
import { nextSendAt } from "../../functions/domain/schedule.js";
import type { Deps } from "../../functions/wiring.js";
import { createClients } from "../../functions/wiring.js";
import { seededRandom } from "../reliability/support.js";
import { activeRunner } from "../support/runners.js";
import { emailsTo, freshConfig, testDeps } from "../support/stack.js";

const START = new Date("2027-03-01T00:00:00Z"); // spans the March and April DST changes in all three zones
const HOUR = 3_600_000;
const noSleep = async () => undefined;

const dispatchDepsFor = (deps: Deps, ses?: SESv2Client): DispatchDeps => ({
  config: deps.config,
  keys: deps.keys,
  due: new DynamoDueRepository(deps.doc, deps.config.LEGWORK_TABLE),
  mailer: ses ? new SesMailer(ses) : deps.mailer,
  sendRate: 1000,
  sleep: noSleep,
});

const run = (d: DispatchDeps, now: Date, hooks?: DispatchHooks) => dispatch(d, { now, remainingMs: () => 300_000, hooks });

const weeksOf = async (email: string): Promise<number[]> =>
  (await emailsTo(email)).map((e) => Number(/^Week (\d+) of/.exec(e.subject)?.[1] ?? -1)).sort((a, b) => a - b);

/** An SES client whose first `n` sends fail with a throttling error, as SES does over MaxSendRate. */
const throttlingSes = (deps: Deps, n: number): { client: SESv2Client; failed: () => number } => {
  const client = new Ses({ region: deps.config.AWS_REGION, endpoint: deps.config.SES_ENDPOINT, maxAttempts: 1 });
  let failed = 0;
  client.middlewareStack.add(
    (next) => async (args) => {
      if (failed < n) {
        failed++;
        const error = new Error("Maximum sending rate exceeded.");
        error.name = "TooManyRequestsException";
        Object.assign(error, { $metadata: { httpStatusCode: 429 } });
        throw error;
      }
      return next(args);
    },
    { step: "initialize", name: "injectThrottle" },
  );
  return { client, failed: () => failed };
};

/** A Node socket error as the SDK's HTTP handler surfaces it: no HTTP status, retryable by the SDK. */
const socketHangUp = (what: string) => Object.assign(new Error(`Injected: socket hang up ${what}`), { code: "ECONNRESET" });

/**
 * The due repository on its own DynamoDB client (one SDK attempt, so every injected failure reaches the
 * dispatcher), whose advance writes (the UpdateItem that appends to `sends`) fail: the first `refused` never
 * reach the table, the next `lost` land and then lose their answer, the rest go through.
 */
const flakyAdvance = (deps: Deps, plan: { refused: number; lost?: number }) => {
  const client = new DynamoDBClient({ region: deps.config.AWS_REGION, endpoint: deps.config.DYNAMODB_ENDPOINT, maxAttempts: 1 });
  let calls = 0;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const expression = String((args.input as { UpdateExpression?: unknown }).UpdateExpression ?? "");
      if (context.commandName !== "UpdateItemCommand" || !expression.includes("sends = list_append")) return next(args);
      calls++;
      if (calls <= plan.refused)
        throw new ProvisionedThroughputExceededException({ message: "Injected: throughput exceeded", $metadata: { httpStatusCode: 400 } });
      const out = await next(args);
      if (calls <= plan.refused + (plan.lost ?? 0)) throw socketHangUp("after the write landed");
      return out;
    },
    { step: "initialize", name: "flakyAdvance" },
  );
  const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  return { due: new DynamoDueRepository(doc, deps.config.LEGWORK_TABLE), advanceCalls: () => calls };
};

/** The stored item of a runner, with the dispatcher's own attributes (claim, sends). */
const storedItem = async (deps: Deps, id: string) =>
  (await deps.runners.getById(id)) as unknown as Runner & { claimId?: string; sends?: { week: number; messageId: string }[] };

describe("dispatcher", () => {
  it("an empty tick never reads the send rate; the first due runner does, once", async () => {
    // Prepare
    const deps = await testDeps({ role: "dispatcher" });
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
    const deps = await testDeps({ role: "dispatcher" });
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
    const deps = await testDeps({ role: "dispatcher" });
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
    const deps = await testDeps({ role: "dispatcher" });
    const runners = await Promise.all(Array.from({ length: 5 }, () => activeRunner(deps, START)));
    const { client, failed } = throttlingSes(deps, 7);
    const result = await run(dispatchDepsFor(deps, client), new Date(runners[0]!.nextSendAt!));
    expect(failed()).toBe(7);
    expect(result).toMatchObject({ due: 5, sent: 5, failed: 0 });
    for (const r of runners) expect(await weeksOf(r.email)).toEqual([1]);
  });

  it("one runner that keeps failing does not stop the batch, and stays due for the next run", async () => {
    const deps = await testDeps({ role: "dispatcher" });
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
    const deps = await testDeps({ role: "dispatcher" });
    const runners = await Promise.all(Array.from({ length: 3 }, () => activeRunner(deps, START)));
    const now = new Date(runners[0]!.nextSendAt!);
    let crashed: string | undefined;
    await expect(
      run(dispatchDepsFor(deps), now, {
        afterClaim: (id) => {
          crashed ??= id;
          if (crashed === id) throw new DispatchAbort();
        },
      }),
    ).rejects.toThrow(DispatchAbort);
    await run(dispatchDepsFor(deps), now); // the others go; the crashed claim is still held
    const victim = runners.find((r) => r.id === crashed)!;
    expect(await weeksOf(victim.email)).toEqual([]);
    await run(dispatchDepsFor(deps), new Date(now.getTime() + CLAIM_MS));
    for (const r of runners) expect(await weeksOf(r.email)).toEqual([1]);
  });

  it("a crash after SES accepted but before the advance is the one documented duplicate window", async () => {
    const deps = await testDeps({ role: "dispatcher" });
    const runners = await Promise.all(Array.from({ length: 3 }, () => activeRunner(deps, START)));
    const now = new Date(runners[0]!.nextSendAt!);
    let crashed: string | undefined;
    await expect(
      run(dispatchDepsFor(deps), now, {
        afterSend: (id) => {
          crashed ??= id;
          if (crashed === id) throw new DispatchAbort();
        },
      }),
    ).rejects.toThrow(DispatchAbort);
    await run(dispatchDepsFor(deps), now);
    await run(dispatchDepsFor(deps), new Date(now.getTime() + CLAIM_MS));
    for (const r of runners) expect(await weeksOf(r.email)).toEqual(r.id === crashed ? [1, 1] : [1]);
    const copies = (await emailsTo(runners.find((r) => r.id === crashed)!.email)).map((e) => e.subject);
    expect(new Set(copies).size).toBe(1);
  });

  it("stops taking work when the remaining time falls under the safety margin; due runners stay due", async () => {
    const deps = await testDeps({ role: "dispatcher" });
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
    const deps = await testDeps({ role: "dispatcher" });
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

describe("dispatcher: the advance after SES accepted", () => {
  it.each([
    ["three refused writes", { refused: 3, lost: 0 }],
    ["two refused writes, then one that landed and lost its answer", { refused: 2, lost: 1 }],
  ])("a failing advance write is retried (%s): still one email, and the runner advanced", async (_, plan) => {
    // Arrange
    const deps = await testDeps({ role: "dispatcher" });
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
    const deps = await testDeps({ role: "dispatcher" });
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
    const deps = await testDeps({ role: "dispatcher" });
    const runners = await Promise.all(Array.from({ length: 3 }, () => activeRunner(deps, START)));
    const now = new Date(runners[0]!.nextSendAt!);
    let crashed: string | undefined;
    const hooks: DispatchHooks = {
      afterAdvance: (id) => {
        crashed ??= id;
        if (crashed === id) throw new DispatchAbort();
      },
    };

    // Act
    await expect(run({ ...dispatchDepsFor(deps), concurrency: 1 }, now, hooks)).rejects.toThrow(DispatchAbort);
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
    const deps = await testDeps({ role: "dispatcher", config, clients: { ses } });
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

describe("dispatcher: backoff and pacing", () => {
  it("retries of throttled sends wait longer each time, with jitter, within the documented caps", async () => {
    // Arrange: with one send in flight, every email is throttled four times, then accepted.
    const deps = await testDeps({ role: "dispatcher" });
    const runners = await Promise.all(Array.from({ length: 8 }, () => activeRunner(deps, START)));
    const client = new Ses({ region: deps.config.AWS_REGION, endpoint: deps.config.SES_ENDPOINT, maxAttempts: 1 });
    let calls = 0;
    client.middlewareStack.add(
      (next) => async (args) => {
        if (calls++ % MAX_SEND_ATTEMPTS < MAX_SEND_ATTEMPTS - 1) {
          const error = new Error("Maximum sending rate exceeded.");
          error.name = "TooManyRequestsException";
          throw Object.assign(error, { $metadata: { httpStatusCode: 429 } });
        }
        return next(args);
      },
      { step: "initialize", name: "injectThrottle" },
    );
    const waits: number[] = [];
    const d: DispatchDeps = {
      ...dispatchDepsFor(deps, client),
      concurrency: 1,
      sleep: async (ms) => void waits.push(ms),
      random: seededRandom(2027),
    };

    // Act
    const result = await run(d, new Date(runners[0]!.nextSendAt!));

    // Assess
    expect(result).toMatchObject({ due: 8, sent: 8, failed: 0 });
    expect(waits).toHaveLength(8 * (MAX_SEND_ATTEMPTS - 1));
    const byRetry = Array.from({ length: MAX_SEND_ATTEMPTS - 1 }, (_, k) => waits.filter((_, i) => i % (MAX_SEND_ATTEMPTS - 1) === k));
    const means = byRetry.map((w) => w.reduce((a, b) => a + b, 0) / w.length);
    byRetry.forEach((w, k) => {
      const cap = Math.min(20_000, 200 * 2 ** (k + 1)); // the README's bound for retry k+1
      for (const ms of w) {
        expect(ms).toBeGreaterThanOrEqual(0);
        expect(ms).toBeLessThan(cap);
      }
      expect(new Set(w).size).toBe(w.length); // jittered: no two runners wait the same
    });
    for (let k = 1; k < means.length; k++) expect(means[k]).toBeGreaterThan(means[k - 1]!);
    for (const r of runners) expect(await weeksOf(r.email)).toEqual([1]);
  });

  it("at a send rate of 2 per second, the token bucket holds sends to one second's burst and then 2 a second", async () => {
    // Arrange: a fake timeline that moves only when the dispatcher waits; each send is stamped with it.
    const deps = await testDeps({ role: "dispatcher" });
    const runners = await Promise.all(Array.from({ length: 7 }, () => activeRunner(deps, START)));
    let t = 0;
    const waits: number[] = [];
    const stamps: number[] = [];
    const base = dispatchDepsFor(deps);
    const d: DispatchDeps = {
      ...base,
      sendRate: 2,
      clock: () => t,
      sleep: async (ms) => {
        waits.push(ms);
        t += ms;
      },
      mailer: { send: (email) => (stamps.push(t), base.mailer.send(email)) },
    };

    // Act
    const result = await run(d, new Date(runners[0]!.nextSendAt!));

    // Assess
    expect(result).toMatchObject({ due: 7, sent: 7, failed: 0 });
    expect(stamps).toHaveLength(7);
    // Between any two sends, at most the burst (2) plus 2 per second of the timeline went out.
    for (let i = 0; i < stamps.length; i++)
      for (let j = i; j < stamps.length; j++) expect(j - i + 1).toBeLessThanOrEqual(2 + (2 * (stamps[j]! - stamps[i]!)) / 1000);
    expect(stamps[6]! - stamps[0]!).toBeGreaterThanOrEqual(2_500);
    for (const ms of waits) {
      expect(ms).toBeGreaterThan(0);
      expect(ms).toBeLessThanOrEqual(500); // at most one token's wait at 2/s
    }
    expect(waits.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(2_500);
    for (const r of runners) expect(await weeksOf(r.email)).toEqual([1]);
  });

  it("reads the rate from SES GetAccount (aws-ses-v2-local) once per cold start, the 24-hour quota at each tick that sends", async () => {
    // Arrange: count GetAccount calls and keep what aws-ses-v2-local answered.
    const config = await freshConfig();
    const { ses } = await createClients(config);
    const reported: (number | undefined)[] = [];
    ses.middlewareStack.add(
      (next, context) => async (args) => {
        const out = await next(args);
        if (context.commandName === "GetAccountCommand")
          reported.push((out.output as { SendQuota?: { MaxSendRate?: number } }).SendQuota?.MaxSendRate);
        return out;
      },
      { step: "initialize", name: "countGetAccount" },
    );
    const deps = await testDeps({ role: "dispatcher", config, clients: { ses } });
    const tick = (now: Date) => dispatch(dispatchDeps(deps), { now, remainingMs: () => 300_000 }); // a fresh DispatchDeps per invocation, as the handler builds

    // Act
    const empty = await tick(START);
    const readsWhenEmpty = reported.length;
    const first = await activeRunner(deps, START);
    const second = await activeRunner(deps, START, { sendDay: "thu" });
    const firstTick = await tick(new Date(first.nextSendAt!));
    const readsAfterFirst = reported.length;
    const secondTick = await tick(new Date(second.nextSendAt!));

    // Assess
    expect(empty).toMatchObject({ due: 0 });
    expect(readsWhenEmpty).toBe(0);
    expect(firstTick).toMatchObject({ due: 1, sent: 1 });
    expect(readsAfterFirst).toBe(2); // the rate (kept) and the quota
    expect(secondTick).toMatchObject({ due: 1, sent: 1 });
    expect(reported).toHaveLength(3); // the second tick reads only the quota
    expect(reported[0]).toBeGreaterThan(0);
    expect(await sendRateOf(deps)).toBe(reported[0]);
  });

  it("with LEGWORK_SEND_RATE set, GetAccount is read only for the 24-hour quota, once by a tick that sends", async () => {
    // Arrange
    const config = await freshConfig({ LEGWORK_SEND_RATE: "2" });
    const { ses } = await createClients(config);
    let reads = 0;
    ses.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === "GetAccountCommand") reads++;
        return next(args);
      },
      { step: "initialize", name: "countGetAccount" },
    );
    const deps = await testDeps({ role: "dispatcher", config, clients: { ses } });
    const runner = await activeRunner(deps, START);

    // Act
    const result = await dispatch(dispatchDeps(deps), { now: new Date(runner.nextSendAt!), remainingMs: () => 300_000 });

    // Assess
    expect(result).toMatchObject({ due: 1, sent: 1 });
    expect(await sendRateOf(deps)).toBe(2);
    expect(reads).toBe(1);
  });
});
