import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DynamoDueRepository } from "../../functions/adapters/dynamodb/due.js";
import { emailKey, runnerKey } from "../../functions/adapters/dynamodb/keys.js";
import { dueAttributes } from "../../functions/adapters/dynamodb/runners.js";
import type { DispatchDeps } from "../../functions/app/dispatch.js";
import { CLAIM_MS, dispatch } from "../../functions/app/dispatch.js";
import { newRunnerId } from "../../functions/app/signup.js";
import type { Runner, SendDay } from "../../functions/domain/profile.js";
import { SEND_DAYS } from "../../functions/domain/profile.js";
import { nextSendAt } from "../../functions/domain/schedule.js";
import { logger } from "../../functions/lib/logger.js";
import type { Deps } from "../../functions/wiring.js";
import type { MortalInvocation } from "../support/mortal.js";
import { ProcessDeath } from "../support/mortal.js";
import { freshConfig, testDeps } from "../support/stack.js";
import type { AcceptedEmail } from "./support.js";
import { acceptingSes, batchPut, compressBackoff } from "./support.js";
import { injectDynamoFaults, injectSesFaults } from "./fault-injectors.js";
import { tally } from "./fault-tally.js";
import {
  DDB_MAX_ATTEMPTS,
  END,
  HOUR,
  P,
  RUNNERS,
  SEED,
  START,
  WEEKS,
  ZONES,
  advanceLastFailed,
  counts,
  drain,
  fault,
  mortalInvocation,
  random,
} from "./fault-ledger.js";

/*
 * 400 runners (1,000 with LEGWORK_FUZZ_DEEP=1) over three simulated weeks of hourly ticks that span both the
 * US and the EU clock changes, with faults drawn from a seeded PRNG:
 *   SES: 10 % of SendEmail calls throttled (TooManyRequestsException, 429), 2 % server errors (500), and
 *     0.3 % accepted but whose response is lost (ECONNRESET inside the SDK's retry loop, where a real lost
 *     response happens; the sending client makes one attempt, so the SDK never sends it again itself).
 *   DynamoDB: ProvisionedThroughputExceededException injected *inside* the SDK's retry loop (right after
 *     its retry middleware), so most are retried away and some outlast the 5-attempt budget and reach
 *     the dispatcher (which retries a failed advance itself); plus writes that land but whose response is
 *     lost (ECONNRESET), which the SDK retries.
 *   Dispatcher deaths, injected by wrapping the invocation's due repository and mailer (tests/support/mortal.ts):
 *     after the claim, after SES accepted (before the advance), after the advance, and between runners. A dead
 *     invocation is dead for all its workers: a call it starts never reaches DynamoDB or SES, one in flight
 *     throws once it lands (counted as "cascaded"), and it reads no further runner.
 *   Every tick runs two dispatchers at once (the second with a `now` up to 15 min later), and a quarter
 *   of ticks deliver the same scheduled event twice (same `now`, concurrently).
 * Then faults stop, in-flight work drains, and clean ticks run past CLAIM_MS. Every runner must have every
 * week it was due exactly once, except in the documented window "SES accepted, and the advance never
 * landed": the process died after SES accepted (an injected death after the send, or a cascaded one), or
 * SES accepted and its response was lost. Each such event allows one more copy of that very Message-ID;
 * a duplicate of any other cause fails the test (a failed advance write is retried, so it is not one).
 *
 * SendEmail is answered by an in-process stand-in at the transport (SDK serialisation and deserialisation
 * still run): thousands of weekly emails in aws-ses-v2-local's shared store would slow every other test file,
 * each of which downloads the whole store. The DynamoDB side is the real engine under test.
 */

describe(`fault injection: ${RUNNERS} runners, ${WEEKS} weeks, faults everywhere`, () => {
  let deps: Deps;
  let faulty: Deps;
  const accepted: AcceptedEmail[] = [];
  let runners: Runner[] = [];

  beforeAll(async () => {
    logger.setLogLevel("SILENT"); // thousands of expected "email not sent" lines would bury the report
    const config = await freshConfig();
    deps = await testDeps({ config });
    const ddb = new DynamoDBClient({ region: config.AWS_REGION, endpoint: config.DYNAMODB_ENDPOINT, maxAttempts: DDB_MAX_ATTEMPTS });
    await compressBackoff(ddb);
    injectDynamoFaults(ddb);
    const ses = acceptingSes(config, (email) => accepted.push(email));
    injectSesFaults(ses);
    faulty = await testDeps({ config, clients: { ddb, ses } });

    // Batch-create the runners straight into the table: active, first slot after START.
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
    runners = Array.from({ length: RUNNERS }, (_, i) => {
      const base = {
        id: newRunnerId(),
        email: `fault.${i}.${SEED}@example.com`,
        name: `Runner ${i}`,
        level: pick(["new", "returning", "regular", "experienced"] as const),
        goal: pick(["general", "5k", "10k", "half", "marathon", "ultra"] as const),
        runsPerWeek: Math.floor(random() * 7),
        units: pick(["metric", "imperial"] as const),
        timezone: pick(ZONES),
        sendDay: pick(SEND_DAYS) as SendDay,
        sendHour: Math.floor(random() * 24),
        soreAreas: [],
        status: "active" as const,
        week: 0,
        createdAt: START.toISOString(),
        updatedAt: START.toISOString(),
        confirmedAt: START.toISOString(),
        consentAt: START.toISOString(),
        consentSource: "reliability-test",
      };
      return { ...base, nextSendAt: nextSendAt(base, START).toISOString() };
    });
    await batchPut(
      deps,
      runners.flatMap((r) => [
        { ...runnerKey(r.id), ...r, ...dueAttributes(r.id, r.nextSendAt!) },
        { ...emailKey(r.email), runnerId: r.id },
      ]),
    );
  });

  afterAll(() => {
    logger.setLogLevel((process.env["POWERTOOLS_LOG_LEVEL"] ?? "ERROR") as Parameters<typeof logger.setLogLevel>[0]);
  });

  const dispatchDeps = (invocation: MortalInvocation): DispatchDeps =>
    invocation.deps({
      config: faulty.config,
      keys: faulty.keys,
      due: new DynamoDueRepository(faulty.doc, faulty.config.LEGWORK_TABLE),
      mailer: faulty.mailer,
      sendRate: 1000,
      sleep: async () => undefined,
      random,
    });

  /** One scheduled invocation. An invocation that throws is over: whatever it still had running dies too. */
  const invoke = async (now: Date, withFaults: boolean): Promise<void> => {
    counts.invocations++;
    const invocation = mortalInvocation(withFaults);
    try {
      await dispatch(dispatchDeps(invocation), { now, remainingMs: () => 300_000 });
    } catch (error) {
      invocation.dead = true;
      if (error instanceof ProcessDeath) counts.invocationsAborted++;
      else counts.invocationsFailed++;
    }
  };

  it(
    "misses no week, and duplicates only in the documented window: SES accepted, then a crash or a lost response",
    { timeout: 600_000 },
    async () => {
      const started = performance.now();
      fault.on = true;
      for (let t = START.getTime(); t <= END.getTime(); t += HOUR) {
        const runs = [invoke(new Date(t), true), invoke(new Date(t + Math.floor(random() * 15) * 60_000), true)];
        if (random() < P.duplicateInvocation) {
          counts.duplicateInvocations++;
          runs.push(invoke(new Date(t), true));
        }
        await Promise.all(runs);
      }
      fault.on = false;
      await drain();
      // Settle: clean ticks past the claim period, so every claim a dead invocation left has expired.
      let last = END;
      for (let t = END.getTime() + HOUR; t <= END.getTime() + HOUR + CLAIM_MS + HOUR; t += HOUR) {
        last = new Date(t);
        await invoke(last, false);
      }
      await drain();

      const stored = new Map((await deps.runners.list()).map((r) => [r.id, r]));
      const { badState, byCause, ...result } = tally(accepted, runners, stored, last);
      console.log(
        `fault injection on ${process.env["LEGWORK_TEST_DYNAMODB_ENGINE"] ?? "dynalite"} (seed ${SEED}, ${RUNNERS} runners, ${WEEKS} weeks of hourly ticks, ${((performance.now() - started) / 1000).toFixed(0)} s):\n` +
          JSON.stringify({ injected: counts, result: { ...result, runnersInWrongState: badState.length } }, null, 2),
      );

      // The faults really happened (a broken injector must not pass as a robust system).
      expect(counts.sesThrottled).toBeGreaterThan(0);
      expect(counts.sesServerErrors).toBeGreaterThan(0);
      expect(counts.ddbThrottledAttempts).toBeGreaterThan(0);
      expect(counts.ddbCallsOverBudget).toBeGreaterThan(0);
      expect(counts.ddbResponsesLost).toBeGreaterThan(0);
      expect(counts.abortsAfterClaim).toBeGreaterThan(0);
      expect(counts.abortsAfterSend).toBeGreaterThan(0);
      expect(counts.abortsAfterAdvance).toBeGreaterThan(0);
      expect(counts.abortsBetweenRunners).toBeGreaterThan(0);
      expect(counts.sesResponsesLost).toBeGreaterThan(0);
      expect(counts.advanceWritesFailed).toBeGreaterThan(0);
      expect(counts.invocationsFailed).toBeGreaterThan(0);
      // The outcome.
      expect(result.emailsDue).toBeGreaterThanOrEqual(RUNNERS * WEEKS);
      expect(result.missedWeeks).toBe(0);
      expect(result.sentBeyondSchedule).toBe(0);
      expect(result.unexpectedMessages).toBe(0);
      expect(counts.sesAttempts).toBe(counts.sesCalls - counts.sesThrottled - counts.sesServerErrors); // the SDK sent nothing twice in one call
      expect(advanceLastFailed.has("(unreadable)")).toBe(false); // every advance was traced to its claim
      expect(result.advanceWritesAbandoned).toBe(0); // every failed advance write was retried until it landed
      expect(byCause.other).toBe(0);
      expect(byCause.crashAfterSend + byCause.sesResponseLost).toBe(result.duplicateEmails);
      expect(result.duplicateEmails).toBeLessThanOrEqual(result.allowedDuplicates);
      expect(badState).toEqual([]);
    },
  );
});
