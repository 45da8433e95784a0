import { describe, expect, it } from "vitest";
import { SESv2Client as Ses } from "@aws-sdk/client-sesv2";
import type { DispatchDeps } from "../../functions/app/dispatch.js";
import { MAX_SEND_ATTEMPTS, dispatch } from "../../functions/app/dispatch.js";
import { dispatchDeps, sendRateOf } from "../../functions/app/dispatch-deps.js";
import { createClients } from "../../functions/wiring.js";
import { seededRandom } from "../reliability/support.js";
import { activeRunner } from "../support/runners.js";
import { freshConfig, testDeps } from "../support/stack.js";
import { START, dispatchDepsFor, run, weeksOf } from "./dispatch-support.js";

describe("dispatcher: backoff and pacing", () => {
  it("retries of throttled sends wait longer each time, with jitter, within the documented caps", async () => {
    // Arrange: with one send in flight, every email is throttled four times, then accepted.
    const deps = await testDeps();
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
    const deps = await testDeps();
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
    const deps = await testDeps({ config, clients: { ses } });
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
    const deps = await testDeps({ config, clients: { ses } });
    const runner = await activeRunner(deps, START);

    // Act
    const result = await dispatch(dispatchDeps(deps), { now: new Date(runner.nextSendAt!), remainingMs: () => 300_000 });

    // Assess
    expect(result).toMatchObject({ due: 1, sent: 1 });
    expect(await sendRateOf(deps)).toBe(2);
    expect(reads).toBe(1);
  });
});
