/**
 * The fault-injection run's plan and ledger (tests/reliability/faults.test.ts): the probabilities, the seeded
 * PRNG, what was injected, and the events that open the documented duplicate window. One instance per test
 * file (vitest isolates modules per file).
 */
import type { Runner } from "../../functions/domain/profile.js";
import { nextSendAt } from "../../functions/domain/schedule.js";
import { DYNAMODB_MAX_ATTEMPTS } from "../../functions/wiring.js";
import { FUZZ_DEEP } from "../support/fuzz.js";
import { MortalInvocation } from "../support/mortal.js";
import { seededRandom } from "./support.js";

export const SEED = Number(process.env["LEGWORK_FAULT_SEED"] ?? 20_270_301);
/** 400 runners in the everyday run (every fault kind still fires with the fixed seed); 1,000 with LEGWORK_FUZZ_DEEP=1. */
export const RUNNERS = FUZZ_DEEP ? 1000 : 400;
export const WEEKS = 3;
export const HOUR = 3_600_000;
export const START = new Date("2027-03-08T00:00:00Z"); // three weeks span the US (14 Mar) and EU (28 Mar) clock changes
export const END = new Date(START.getTime() + WEEKS * 7 * 24 * HOUR);
export const ZONES = [
  "Europe/London",
  "America/New_York",
  "America/Los_Angeles",
  "Asia/Kolkata",
  "Pacific/Auckland",
  "Australia/Adelaide",
  "UTC",
];

export const P = {
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
export const DDB_MAX_ATTEMPTS = DYNAMODB_MAX_ATTEMPTS; // as functions/wiring.ts configures the production client

export interface Counts {
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

export const counts: Counts = {
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

export const random = seededRandom(SEED);
/** Whether faults are injected now, and the SDK calls of this test in flight (stray workers of dead invocations too). */
export const fault = { on: false, inFlight: 0 };

/** The events that open the duplicate window, per Message-ID: each allows one more copy of that email. */
export const crashedAfterSend = new Map<string, number>();
export const sesAnswerLost = new Map<string, number>();
/** Per claim, whether its last advance call failed: the dispatcher gave up on that advance. */
export const advanceLastFailed = new Map<string, boolean>();
/** Claims whose advance a death cut off (its retries never ran): not a write the dispatcher gave up on. */
export const advanceCutByDeath = new Set<string>();
export const bump = (map: Map<string, number>, key: string): void => void map.set(key, (map.get(key) ?? 0) + 1);

/** The claim an advance UpdateItem is conditional on (`:claim`, as the document client passes it, or marshalled). */
export const advanceClaimId = (input: unknown): string | undefined => {
  const claim = (input as { ExpressionAttributeValues?: Record<string, string | { S?: string }> }).ExpressionAttributeValues?.[":claim"];
  return typeof claim === "string" ? claim : claim?.S;
};

/**
 * One scheduled invocation's adapters, mortal (tests/support/mortal.ts): with faults on, it dies after a claim,
 * after SES accepted, after an advance, or between two runners, each with its own probability. A send that
 * lands after the invocation died (another worker's death) opens the duplicate window as a crash after it does.
 */
export const mortalInvocation = (faulty: boolean): MortalInvocation => {
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
export const drain = async (): Promise<void> => {
  for (let quiet = 0; quiet < 3;) {
    await sleep(20);
    quiet = fault.inFlight === 0 ? quiet + 1 : 0;
  }
};

/** Every slot of a runner after START, up to and including `until`. */
export const slotsUntil = (runner: Runner, until: Date): number => {
  let n = 0;
  for (let t = nextSendAt(runner, START); t.getTime() <= until.getTime(); t = nextSendAt(runner, t)) n++;
  return n;
};
