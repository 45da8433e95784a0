/** DynamoDB and SES faults for the fault-injection run, drawn from its ledger's PRNG and counted in it (fault-ledger.ts). */
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { ProvisionedThroughputExceededException } from "@aws-sdk/client-dynamodb";
import { InternalServiceErrorException, TooManyRequestsException } from "@aws-sdk/client-sesv2";
import { DDB_MAX_ATTEMPTS, P, advanceClaimId, advanceLastFailed, bump, counts, fault, random, sesAnswerLost } from "./fault-ledger.js";
import type { acceptingSes } from "./support.js";
import { messageIdOf } from "./support.js";

interface DdbPlan {
  throttledAttempts: number;
  loseResponse: boolean;
}

/** One DynamoDB call's faults, drawn while faults are on: throttled past the SDK's budget, throttled then fine, or a lost answer. */
const drawDdbPlan = (): DdbPlan => {
  const plan: DdbPlan = { throttledAttempts: 0, loseResponse: false };
  if (!fault.on) return plan;
  const r = random();
  if (r < P.ddbOverBudget) {
    plan.throttledAttempts = DDB_MAX_ATTEMPTS;
    counts.ddbCallsOverBudget++;
  } else if (r < P.ddbOverBudget + P.ddbThrottledThenOk) plan.throttledAttempts = 1 + Math.floor(random() * (DDB_MAX_ATTEMPTS - 2));
  else if (r < P.ddbOverBudget + P.ddbThrottledThenOk + P.ddbResponseLost) plan.loseResponse = true;
  return plan;
};

/** DynamoDB faults: a plan per call (outside the retries), carried out per attempt (inside them). */
export const injectDynamoFaults = (client: DynamoDBClient): void => {
  const plans = new WeakMap<object, DdbPlan>();
  client.middlewareStack.add(
    (next, context) => async (args) => {
      fault.inFlight++;
      counts.ddbCalls++;
      plans.set(context, drawDdbPlan());
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
        fault.inFlight--;
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
export const injectSesFaults = (client: ReturnType<typeof acceptingSes>): void => {
  const loseAnswer = new WeakMap<object, string>();
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName !== "SendEmailCommand") return next(args);
      fault.inFlight++;
      counts.sesCalls++;
      try {
        if (fault.on) {
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
        fault.inFlight--;
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
