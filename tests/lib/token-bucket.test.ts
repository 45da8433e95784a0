import { describe, expect, it } from "vitest";
import { TokenBucket } from "../../functions/lib/token-bucket.js";

/** A fake timeline for one consumer: sleeping moves the clock forward by exactly the time slept. */
const sequentialClock = () => {
  const state = { now: 0, sleeps: [] as number[] };
  return {
    state,
    clock: () => state.now,
    sleep: async (ms: number) => {
      state.sleeps.push(ms);
      state.now += ms;
    },
  };
};

/**
 * A fake timeline for many concurrent consumers: sleeps become timers, and the driver moves the clock
 * to the earliest pending timer only once every consumer is blocked.
 */
const concurrentClock = () => {
  let now = 0;
  const timers: Array<{ at: number; seq: number; wake: () => void }> = [];
  let seq = 0;
  const settle = () => new Promise<void>((resolve) => setImmediate(resolve));
  return {
    clock: () => now,
    sleep: (ms: number) =>
      new Promise<void>((wake) => {
        timers.push({ at: now + ms, seq: seq++, wake });
      }),
    /** Runs the timeline until `work` settles. */
    async drive<T>(work: Promise<T>): Promise<T> {
      let done = false;
      const finished = work.finally(() => {
        done = true;
      });
      await settle();
      while (!done) {
        timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
        const timer = timers.shift();
        if (!timer) throw new Error("deadlock: nobody is sleeping and the work has not finished");
        now = Math.max(now, timer.at);
        timer.wake();
        await settle();
      }
      return finished;
    },
  };
};

/** The most takes in any half-open window [t, t + windowMs) that starts at a take, from index `from` on. */
const busiestWindow = (times: number[], windowMs: number, from = 0): number => {
  let most = 0;
  for (let i = from; i < times.length; i++) {
    let count = 0;
    for (let j = i; j < times.length && (times[j] as number) < (times[i] as number) + windowMs; j++) count++;
    most = Math.max(most, count);
  }
  return most;
};

describe("TokenBucket", () => {
  it.each([0, -1, Number.NaN, -Infinity])("rejects a rate of %s", (rate) => {
    // Act
    const act = () =>
      new TokenBucket(
        rate,
        () => 0,
        async () => undefined,
      );

    // Assess
    expect(act).toThrow(RangeError);
  });

  it.each([
    { rate: 1, burst: 1 },
    { rate: 10, burst: 10 },
    { rate: 14, burst: 14 },
    { rate: 0.5, burst: 1 },
    { rate: 2.5, burst: 2 },
  ])("at rate $rate, the first $burst takes do not wait and the next one does", async ({ rate, burst }) => {
    // Prepare
    const fake = sequentialClock();
    const bucket = new TokenBucket(rate, fake.clock, fake.sleep);

    // Act
    for (let i = 0; i < burst; i++) await bucket.take();
    const afterBurst = { now: fake.state.now, sleeps: fake.state.sleeps.length };
    await bucket.take();

    // Assess
    expect(afterBurst).toEqual({ now: 0, sleeps: 0 });
    expect(fake.state.now).toBeGreaterThan(0);
  });

  it.each([
    { rate: 1, takes: 5 },
    { rate: 1, takes: 61 },
    { rate: 10, takes: 100 },
    { rate: 14, takes: 200 },
    { rate: 0.5, takes: 4 },
    { rate: 2.5, takes: 20 },
    { rate: 3, takes: 1000 },
    { rate: 7, takes: 1000 },
    { rate: 1000, takes: 5000 },
  ])("$takes takes at rate $rate advance the clock by (takes - capacity) / rate seconds", async ({ rate, takes }) => {
    // Prepare
    const fake = sequentialClock();
    const bucket = new TokenBucket(rate, fake.clock, fake.sleep);
    const capacity = Math.max(1, rate);
    const expectedMs = ((takes - capacity) / rate) * 1000;

    // Act
    for (let i = 0; i < takes; i++) await bucket.take();

    // Assess: never early, and late only by the sleep's rounding up to a whole millisecond.
    expect(fake.state.now).toBeGreaterThanOrEqual(Math.floor(expectedMs));
    expect(fake.state.now).toBeLessThanOrEqual(expectedMs + 2);
    expect(fake.state.sleeps.every((ms) => Number.isInteger(ms) && ms > 0)).toBe(true);
  });

  it.each([
    { rate: 1, takes: 30 },
    { rate: 3, takes: 300 },
    { rate: 7, takes: 700 },
    { rate: 10, takes: 500 },
    { rate: 14, takes: 700 },
    { rate: 2.5, takes: 100 },
  ])("after the initial burst, never more than rate $rate takes in any second", async ({ rate, takes }) => {
    // Prepare
    const fake = sequentialClock();
    const bucket = new TokenBucket(rate, fake.clock, fake.sleep);
    const times: number[] = [];

    // Act
    for (let i = 0; i < takes; i++) {
      await bucket.take();
      times.push(fake.state.now);
    }

    // Assess
    const burst = Math.floor(Math.max(1, rate));
    expect(busiestWindow(times, 1000, burst)).toBeLessThanOrEqual(Math.ceil(rate));
    expect(busiestWindow(times, 10_000, burst)).toBeLessThanOrEqual(Math.ceil(rate * 10));
    // The burst itself is one second's worth, all at once.
    expect(times.slice(0, burst).every((t) => t === 0)).toBe(true);
  });

  it("refills while idle, but never beyond one second's worth", async () => {
    // Prepare
    const fake = sequentialClock();
    const bucket = new TokenBucket(5, fake.clock, fake.sleep);
    for (let i = 0; i < 5; i++) await bucket.take();
    fake.state.now += 60_000; // idle for a minute
    const idleEnd = fake.state.now;

    // Act
    for (let i = 0; i < 6; i++) await bucket.take();

    // Assess: five free takes after the idle minute, then the sixth waits one token's time.
    expect(fake.state.now - idleEnd).toBe(200);
  });

  it.each([
    { rate: 5, workers: 5, takes: 200 },
    { rate: 14, workers: 14, takes: 500 },
    { rate: 16, workers: 16, takes: 800 },
    { rate: 2.5, workers: 3, takes: 60 },
  ])("$workers concurrent workers at rate $rate share the rate ($takes takes)", async ({ rate, workers, takes }) => {
    // Prepare
    const fake = concurrentClock();
    const bucket = new TokenBucket(rate, fake.clock, fake.sleep);
    const times: number[] = [];
    let remaining = takes;
    const worker = async (): Promise<void> => {
      while (remaining > 0) {
        remaining--;
        await bucket.take();
        times.push(fake.clock());
      }
    };

    // Act
    await fake.drive(Promise.all(Array.from({ length: workers }, worker)));

    // Assess
    const capacity = Math.max(1, rate);
    const expectedMs = ((takes - capacity) / rate) * 1000;
    expect(times).toHaveLength(takes);
    expect(fake.clock()).toBeGreaterThanOrEqual(Math.floor(expectedMs));
    expect(fake.clock()).toBeLessThanOrEqual(expectedMs + 2);
    expect(busiestWindow(times, 1000, Math.floor(capacity))).toBeLessThanOrEqual(Math.ceil(rate));
  });
});
