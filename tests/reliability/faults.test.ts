import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DynamoDBClient, ProvisionedThroughputExceededException } from "@aws-sdk/client-dynamodb";
import { InternalServiceErrorException, TooManyRequestsException } from "@aws-sdk/client-sesv2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DynamoCheckinRepository } from "../../functions/adapters/dynamodb/checkins.js";
import { DynamoDueRepository } from "../../functions/adapters/dynamodb/due.js";
import { emailKey, runnerKey } from "../../functions/adapters/dynamodb/keys.js";
import { dueAttributes } from "../../functions/adapters/dynamodb/runners.js";
import { FsRawMailStore } from "../../functions/adapters/fs/raw-mail.js";
import type { DispatchDeps } from "../../functions/app/dispatch.js";
import { CLAIM_MS, dispatch } from "../../functions/app/dispatch.js";
import { handleInbound } from "../../functions/app/inbound.js";
import { newRunnerId } from "../../functions/app/signup.js";
import type { Runner, SendDay } from "../../functions/domain/profile.js";
import { SEND_DAYS } from "../../functions/domain/profile.js";
import { nextSendAt } from "../../functions/domain/schedule.js";
import { logger } from "../../functions/lib/logger.js";
import type { Deps } from "../../functions/wiring.js";
import { DYNAMODB_MAX_ATTEMPTS } from "../../functions/wiring.js";
import { MortalInvocation, ProcessDeath } from "../support/mortal.js";
import { activeRunner } from "../support/runners.js";
import { emailsTo, freshConfig, testDeps } from "../support/stack.js";
import type { AcceptedEmail } from "./support.js";
import { acceptingSes, batchPut, compressBackoff, messageIdOf, replyDelivery, seededRandom } from "./support.js";

/*
 * 1,000 runners over four simulated weeks of hourly ticks, with faults drawn from a seeded PRNG:
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
 * still run): 4,000 weekly emails in aws-ses-v2-local's shared store would slow every other test file,
 * each of which downloads the whole store. The DynamoDB side is the real engine under test.
 */

const SEED = Number(process.env["LEGWORK_FAULT_SEED"] ?? 20_270_301);
const RUNNERS = 1000;
const WEEKS = 4;
const HOUR = 3_600_000;
const START = new Date("2027-03-01T00:00:00Z"); // spans the US (14 Mar) and EU (28 Mar) clock changes
const END = new Date(START.getTime() + WEEKS * 7 * 24 * HOUR);
const ZONES = ["Europe/London", "America/New_York", "America/Los_Angeles", "Asia/Kolkata", "Pacific/Auckland", "Australia/Adelaide", "UTC"];

const P = {
  sesThrottle: 0.1,
  sesServer: 0.02,
  ddbThrottledThenOk: 0.04,
  ddbOverBudget: 0.004,
  ddbResponseLost: 0.003,
  sesResponseLost: 0.003,
  abortAfterClaim: 0.004,
  abortAfterSend: 0.004,
  abortAfterAdvance: 0.004,
  abortBetweenRunners: 0.002,
  duplicateInvocation: 0.25,
};
const DDB_MAX_ATTEMPTS = DYNAMODB_MAX_ATTEMPTS; // as functions/wiring.ts configures the production client

interface Counts {
  sesCalls: number;
  /** SendEmail attempts that reached SES (the calls not failed up front): one per call while the SDK resends nothing. */
  sesAttempts: number;
  sesThrottled: number;
  sesServerErrors: number;
  /** SendEmails that SES accepted and whose response was then lost. */
  sesResponsesLost: number;
  ddbCalls: number;
  ddbThrottledAttempts: number;
  ddbCallsOverBudget: number;
  ddbResponsesLost: number;
  /** Advance writes (after SES accepted) that failed past the SDK's retries; the dispatcher retries them. */
  advanceWritesFailed: number;
  abortsAfterClaim: number;
  abortsAfterSend: number;
  abortsAfterAdvance: number;
  abortsBetweenRunners: number;
  /** Calls that landed in an invocation that had already died (they throw too). */
  cascadedAfterClaim: number;
  cascadedAfterSend: number;
  cascadedAfterAdvance: number;
  invocations: number;
  duplicateInvocations: number;
  invocationsAborted: number;
  invocationsFailed: number;
}

const counts: Counts = {
  sesCalls: 0,
  sesAttempts: 0,
  sesThrottled: 0,
  sesServerErrors: 0,
  sesResponsesLost: 0,
  ddbCalls: 0,
  ddbThrottledAttempts: 0,
  ddbCallsOverBudget: 0,
  ddbResponsesLost: 0,
  advanceWritesFailed: 0,
  abortsAfterClaim: 0,
  abortsAfterSend: 0,
  abortsAfterAdvance: 0,
  abortsBetweenRunners: 0,
  cascadedAfterClaim: 0,
  cascadedAfterSend: 0,
  cascadedAfterAdvance: 0,
  invocations: 0,
  duplicateInvocations: 0,
  invocationsAborted: 0,
  invocationsFailed: 0,
};

const random = seededRandom(SEED);
let faultsOn = false;
let inFlight = 0;

/** The events that open the duplicate window, per Message-ID: each allows one more copy of that email. */
const crashedAfterSend = new Map<string, number>();
const sesAnswerLost = new Map<string, number>();
/** Per claim, whether its last advance call failed: the dispatcher gave up on that advance. */
const advanceLastFailed = new Map<string, boolean>();
/** Claims whose advance a death cut off (its retries never ran): not a write the dispatcher gave up on. */
const advanceCutByDeath = new Set<string>();
const bump = (map: Map<string, number>, key: string): void => void map.set(key, (map.get(key) ?? 0) + 1);

/** The claim an advance UpdateItem is conditional on (`:claim`, as the document client passes it, or marshalled). */
const advanceClaimId = (input: unknown): string | undefined => {
  const claim = (input as { ExpressionAttributeValues?: Record<string, string | { S?: string }> }).ExpressionAttributeValues?.[":claim"];
  return typeof claim === "string" ? claim : claim?.S;
};

interface DdbPlan {
  throttledAttempts: number;
  loseResponse: boolean;
}

/** DynamoDB faults: a plan per call (outside the retries), carried out per attempt (inside them). */
const injectDynamoFaults = (client: DynamoDBClient): void => {
  const plans = new WeakMap<object, DdbPlan>();
  client.middlewareStack.add(
    (next, context) => async (args) => {
      inFlight++;
      counts.ddbCalls++;
      const plan: DdbPlan = { throttledAttempts: 0, loseResponse: false };
      if (faultsOn) {
        const r = random();
        if (r < P.ddbOverBudget) {
          plan.throttledAttempts = DDB_MAX_ATTEMPTS;
          counts.ddbCallsOverBudget++;
        } else if (r < P.ddbOverBudget + P.ddbThrottledThenOk) plan.throttledAttempts = 1 + Math.floor(random() * (DDB_MAX_ATTEMPTS - 2));
        else if (r < P.ddbOverBudget + P.ddbThrottledThenOk + P.ddbResponseLost) plan.loseResponse = true;
      }
      plans.set(context, plan);
      const expression = String((args.input as { UpdateExpression?: unknown }).UpdateExpression ?? "");
      const isAdvance = context.commandName === "UpdateItemCommand" && expression.includes("sends = list_append");
      const advanceOf = isAdvance ? (advanceClaimId(args.input) ?? "(unreadable)") : undefined;
      try {
        const out = await next(args);
        if (advanceOf) advanceLastFailed.set(advanceOf, false);
        return out;
      } catch (error) {
        // A condition failure is an answer (the claim is gone, e.g. an earlier attempt landed), not a failed write.
        const answered = error instanceof Error && error.name === "ConditionalCheckFailedException";
        if (advanceOf) {
          advanceLastFailed.set(advanceOf, !answered);
          if (!answered) counts.advanceWritesFailed++;
        }
        throw error;
      } finally {
        inFlight--;
      }
    },
    { step: "initialize", name: "reliabilityDynamoPlan" },
  );
  // Typed loosely and cast: addRelativeTo takes a union of every step's middleware type.
  const perAttempt = (next: (args: unknown) => Promise<unknown>, context: object) => async (args: unknown) => {
    const plan = plans.get(context);
    if (plan && plan.throttledAttempts > 0) {
      plan.throttledAttempts--;
      counts.ddbThrottledAttempts++;
      throw new ProvisionedThroughputExceededException({ message: "Injected: throughput exceeded", $metadata: { httpStatusCode: 400 } });
    }
    const out = await next(args);
    if (plan?.loseResponse) {
      plan.loseResponse = false;
      counts.ddbResponsesLost++;
      throw Object.assign(new Error("Injected: socket hang up after the write landed"), {
        name: "Error",
        code: "ECONNRESET",
        $metadata: {},
      });
    }
    return out;
  };
  client.middlewareStack.addRelativeTo(perAttempt as unknown as Parameters<DynamoDBClient["middlewareStack"]["addRelativeTo"]>[0], {
    relation: "after",
    toMiddleware: "retryMiddleware",
    name: "reliabilityDynamoFaults",
  });
};

/**
 * SES faults, per SendEmail call (the dispatcher's own retry and backoff handle them); a lost response is
 * carried out per attempt, inside the SDK's retry loop, after the stand-in accepted the email.
 */
const injectSesFaults = (client: ReturnType<typeof acceptingSes>): void => {
  const loseAnswer = new WeakMap<object, string>();
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName !== "SendEmailCommand") return next(args);
      inFlight++;
      counts.sesCalls++;
      try {
        if (faultsOn) {
          const r = random();
          if (r < P.sesThrottle) {
            counts.sesThrottled++;
            throw new TooManyRequestsException({ message: "Injected: maximum sending rate exceeded", $metadata: { httpStatusCode: 429 } });
          }
          if (r < P.sesThrottle + P.sesServer) {
            counts.sesServerErrors++;
            throw new InternalServiceErrorException({ message: "Injected: internal failure", $metadata: { httpStatusCode: 500 } });
          }
          if (r < P.sesThrottle + P.sesServer + P.sesResponseLost) {
            const data = (args.input as { Content?: { Raw?: { Data?: Uint8Array } } }).Content?.Raw?.Data ?? new Uint8Array();
            loseAnswer.set(context, messageIdOf(Buffer.from(data)));
          }
        }
        return await next(args);
      } finally {
        inFlight--;
      }
    },
    { step: "initialize", name: "reliabilitySesFaults" },
  );
  const perAttempt = (next: (args: unknown) => Promise<unknown>, context: object) => async (args: unknown) => {
    const commandName = (context as { commandName?: string }).commandName;
    if (commandName !== "SendEmailCommand") return next(args);
    counts.sesAttempts++;
    const out = await next(args);
    const messageId = loseAnswer.get(context);
    if (messageId !== undefined) {
      loseAnswer.delete(context);
      counts.sesResponsesLost++;
      bump(sesAnswerLost, messageId);
      throw Object.assign(new Error("Injected: socket hang up after SES accepted"), { code: "ECONNRESET" });
    }
    return out;
  };
  client.middlewareStack.addRelativeTo(perAttempt as unknown as Parameters<typeof client.middlewareStack.addRelativeTo>[0], {
    relation: "after",
    toMiddleware: "retryMiddleware",
    name: "reliabilitySesLostAnswer",
  });
};

/**
 * One scheduled invocation's adapters, mortal (tests/support/mortal.ts): with faults on, it dies after a claim,
 * after SES accepted, after an advance, or between two runners, each with its own probability. A send that
 * lands after the invocation died (another worker's death) opens the duplicate window as a crash after it does.
 */
const mortalInvocation = (faulty: boolean): MortalInvocation => {
  const dies = (p: number, counter: "abortsAfterClaim" | "abortsAfterSend" | "abortsAfterAdvance" | "abortsBetweenRunners") => {
    if (!faulty || random() >= p) return false;
    counts[counter]++;
    return true;
  };
  return new MortalInvocation({
    afterClaim: (_, claimed) => claimed && dies(P.abortAfterClaim, "abortsAfterClaim"),
    afterSend: (email) => dies(P.abortAfterSend, "abortsAfterSend") && (bump(crashedAfterSend, email.messageId), true),
    afterAdvance: () => dies(P.abortAfterAdvance, "abortsAfterAdvance"),
    beforeNextRunner: () => dies(P.abortBetweenRunners, "abortsBetweenRunners"),
    onDead: ({ step, landed, messageId = "", claimId = "" }) => {
      if (landed && step === "claim") counts.cascadedAfterClaim++;
      if (landed && step === "advance") counts.cascadedAfterAdvance++;
      if (landed && step === "send") {
        counts.cascadedAfterSend++;
        bump(crashedAfterSend, messageId);
      }
      // SES took this email and the process died before its advance landed: the documented window, once per claim.
      if (!landed && step === "advance" && !advanceCutByDeath.has(claimId)) {
        advanceCutByDeath.add(claimId);
        bump(crashedAfterSend, messageId);
      }
    },
  });
};

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Waits until no SDK call of this test is in flight (stray workers of dead invocations included). */
const drain = async (): Promise<void> => {
  for (let quiet = 0; quiet < 3;) {
    await sleep(20);
    quiet = inFlight === 0 ? quiet + 1 : 0;
  }
};

/** Every slot of a runner after START, up to and including `until`. */
const slotsUntil = (runner: Runner, until: Date): number => {
  let n = 0;
  for (let t = nextSendAt(runner, START); t.getTime() <= until.getTime(); t = nextSendAt(runner, t)) n++;
  return n;
};

describe("fault injection: 1,000 runners, four weeks, faults everywhere", () => {
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
      faultsOn = true;
      for (let t = START.getTime(); t <= END.getTime(); t += HOUR) {
        const runs = [invoke(new Date(t), true), invoke(new Date(t + Math.floor(random() * 15) * 60_000), true)];
        if (random() < P.duplicateInvocation) {
          counts.duplicateInvocations++;
          runs.push(invoke(new Date(t), true));
        }
        await Promise.all(runs);
      }
      faultsOn = false;
      await drain();
      // Settle: clean ticks past the claim period, so every claim a dead invocation left has expired.
      let last = END;
      for (let t = END.getTime() + HOUR; t <= END.getTime() + HOUR + CLAIM_MS + HOUR; t += HOUR) {
        last = new Date(t);
        await invoke(last, false);
      }
      await drain();

      // What each runner got, from the Message-IDs SES accepted: <week{N}.{runnerId}@…>.
      const got = new Map<string, Map<number, number>>();
      const copies = new Map<string, number>();
      let unexpectedMessages = 0;
      for (const email of accepted) {
        bump(copies, email.messageId);
        const match = /^<week(\d+)\.([a-z0-9]+)@/.exec(email.messageId);
        if (!match) {
          unexpectedMessages++;
          continue;
        }
        const weeks = got.get(match[2]!) ?? new Map<number, number>();
        weeks.set(Number(match[1]), (weeks.get(Number(match[1])) ?? 0) + 1);
        got.set(match[2]!, weeks);
      }
      let expectedEmails = 0;
      let missed = 0;
      let duplicates = 0;
      let beyondSchedule = 0;
      const badState: string[] = [];
      const stored = new Map((await deps.runners.list()).map((r) => [r.id, r]));
      for (const runner of runners) {
        const due = slotsUntil(runner, last);
        expectedEmails += due;
        const weeks = got.get(runner.id) ?? new Map<number, number>();
        for (let w = 1; w <= due; w++) if (!weeks.get(w)) missed++;
        for (const [w, n] of weeks) {
          if (w > due) beyondSchedule += n;
          else duplicates += n - 1;
        }
        const state = stored.get(runner.id) as (Runner & { claimId?: string }) | undefined;
        if (
          !state ||
          state.status !== "active" ||
          state.week !== due ||
          state.claimId !== undefined ||
          !(state.nextSendAt! > last.toISOString())
        )
          badState.push(
            `${runner.id}: status ${state?.status}, week ${state?.week} (due ${due}), claim ${state?.claimId ?? "none"}, next ${state?.nextSendAt}`,
          );
      }
      // Each duplicate, by its cause: a crash after SES accepted that Message-ID, or a lost SES response to it.
      const byCause = { crashAfterSend: 0, sesResponseLost: 0, other: 0 };
      for (const [messageId, n] of copies) {
        const extra = n - 1;
        const crash = Math.min(extra, crashedAfterSend.get(messageId) ?? 0);
        const lost = Math.min(extra - crash, sesAnswerLost.get(messageId) ?? 0);
        byCause.crashAfterSend += crash;
        byCause.sesResponseLost += lost;
        byCause.other += extra - crash - lost;
      }
      // A death after SES accepted: at the send itself, a send that landed after it, or before the advance landed.
      const crashesAfterSend = counts.abortsAfterSend + counts.cascadedAfterSend + advanceCutByDeath.size;
      const allowedDuplicates = crashesAfterSend + counts.sesResponsesLost;
      const advanceWritesAbandoned = [...advanceLastFailed].filter(([claim, failed]) => failed && !advanceCutByDeath.has(claim)).length;
      console.log(
        `fault injection on ${process.env["LEGWORK_TEST_DYNAMODB_ENGINE"] ?? "dynalite"} (seed ${SEED}, ${RUNNERS} runners, ${WEEKS} weeks of hourly ticks, ${((performance.now() - started) / 1000).toFixed(0)} s):\n` +
          JSON.stringify(
            {
              injected: counts,
              result: {
                emailsDue: expectedEmails,
                emailsAccepted: accepted.length,
                missedWeeks: missed,
                duplicateEmails: duplicates,
                duplicatesAfterCrashAfterSend: byCause.crashAfterSend,
                duplicatesAfterSesResponseLost: byCause.sesResponseLost,
                duplicatesOtherCause: byCause.other,
                crashesAfterSend,
                allowedDuplicates,
                advanceWritesAbandoned,
                sentBeyondSchedule: beyondSchedule,
                unexpectedMessages,
                runnersInWrongState: badState.length,
              },
            },
            null,
            2,
          ),
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
      expect(expectedEmails).toBeGreaterThanOrEqual(RUNNERS * WEEKS);
      expect(missed).toBe(0);
      expect(beyondSchedule).toBe(0);
      expect(unexpectedMessages).toBe(0);
      expect(counts.sesAttempts).toBe(counts.sesCalls - counts.sesThrottled - counts.sesServerErrors); // the SDK sent nothing twice in one call
      expect(advanceLastFailed.has("(unreadable)")).toBe(false); // every advance was traced to its claim
      expect(advanceWritesAbandoned).toBe(0); // every failed advance write was retried until it landed
      expect(byCause.other).toBe(0);
      expect(byCause.crashAfterSend + byCause.sesResponseLost).toBe(duplicates);
      expect(duplicates).toBeLessThanOrEqual(allowedDuplicates);
      expect(badState).toEqual([]);
    },
  );
});

describe("inbound idempotency: SES delivers the same message twice", () => {
  const NOW = new Date("2027-03-02T08:00:00Z");
  let deps: Deps;
  let runner: Runner;

  beforeAll(async () => {
    deps = await testDeps({ now: () => NOW });
    Object.assign(deps, { rawMail: new FsRawMailStore(await mkdtemp(join(tmpdir(), "legwork-reliability-replies-"))) });
    runner = await activeRunner(deps, new Date("2027-03-01T00:00:00Z"));
  });

  const delivery = (messageId: string, text: string) => replyDelivery(deps, runner, messageId, text, NOW);

  const checkins = () => new DynamoCheckinRepository(deps.doc, deps.config.LEGWORK_TABLE, 365).list(runner.id);

  it("one after the other: one check-in, one acknowledgement", async () => {
    const input = delivery("ses-redelivered-1", "Calves about a 6 today.");
    const first = await handleInbound(deps, input);
    const second = await handleInbound(deps, input);
    expect(first).toMatchObject({ kind: "checkin", soreness: 6 });
    expect(second).toEqual({ kind: "duplicate", runnerId: runner.id });
    expect((await checkins()).filter((c) => c.sourceId === "ses-redelivered-1")).toHaveLength(1);
    expect(await emailsTo(runner.email)).toHaveLength(1);
  });

  it("both at once (two Lambda instances): one check-in, one acknowledgement", async () => {
    const input = delivery("ses-redelivered-2", "Quads a 4 after the long run.");
    const outcomes = await Promise.all([handleInbound(deps, input), handleInbound(deps, { ...input, raw: Buffer.from(input.raw) })]);
    expect(outcomes.map((o) => o.kind).sort()).toEqual(["checkin", "duplicate"]);
    expect((await checkins()).filter((c) => c.sourceId === "ses-redelivered-2")).toHaveLength(1);
    expect(await emailsTo(runner.email)).toHaveLength(2);
  });
});
