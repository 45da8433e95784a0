import { performance } from "node:perf_hooks";
import { describe, expect, it } from "vitest";
import { activeRunner } from "../support/runners.js";
import { validSignup } from "../support/signup.js";
import { settle } from "../support/http.js";
import { freshConfig, testDeps, uniqueEmail } from "../support/stack.js";
import { startWeb } from "../support/web-server.js";

const PAIRS = 200;
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return (s[Math.floor((s.length - 1) / 2)]! + s[Math.ceil((s.length - 1) / 2)]!) / 2;
};

/**
 * Timing says nothing about who is subscribed: over real HTTP (the answer written before the signup's
 * work, as `npm start` and SQS in AWS do it), 200 known/new pairs answer with medians at most 1 ms apart.
 * Each pair runs in a random order, and the work left for after each answer finishes before the next
 * request, so one request's work never lands inside another's measurement.
 */
describe("POST /api/subscribe answers in constant time", () => {
  it(`${PAIRS} known/new pairs: p50 difference at most 1 ms`, { timeout: 240_000 }, async () => {
    const config = await freshConfig({
      LEGWORK_SUBSCRIBE_PER_IP_PER_HOUR: "100000",
      LEGWORK_SUBSCRIBE_PER_ADDRESS_PER_HOUR: "100000",
      LEGWORK_CONFIRMATIONS_PER_HOUR: "100000",
    });
    const deps = await testDeps({ config });
    const web = await startWeb(deps, { afterAnswer: true });
    try {
      const known = await Promise.all(Array.from({ length: PAIRS }, async () => (await activeRunner(deps, new Date())).email));
      const post = async (email: string): Promise<number> => {
        const started = performance.now();
        const res = await fetch(`${web.url}/api/subscribe`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(validSignup(email)),
        });
        await res.text();
        const took = performance.now() - started;
        expect(res.status).toBe(202);
        await settle(deps);
        return took;
      };
      for (let i = 0; i < 20; i++) await post(uniqueEmail("warm")); // JIT and connection warm-up, not measured
      const times = { known: [] as number[], fresh: [] as number[] };
      for (let i = 0; i < PAIRS; i++) {
        if (Math.random() < 0.5) {
          times.known.push(await post(known[i]!));
          times.fresh.push(await post(uniqueEmail("new")));
        } else {
          times.fresh.push(await post(uniqueEmail("new")));
          times.known.push(await post(known[i]!));
        }
      }
      const [k, n] = [median(times.known), median(times.fresh)];
      console.log(
        `subscribe timing over ${PAIRS} pairs: p50 known ${k.toFixed(2)} ms, new ${n.toFixed(2)} ms, difference ${Math.abs(k - n).toFixed(2)} ms`,
      );
      expect(Math.abs(k - n)).toBeLessThanOrEqual(1);
    } finally {
      await web.close();
    }
  });
});
