/** Shared by the dispatcher suites: deps on the test engines, a run, and SES and DynamoDB fault injection. */
import type { SESv2Client } from "@aws-sdk/client-sesv2";
import { SESv2Client as Ses } from "@aws-sdk/client-sesv2";
import { DynamoDBClient, ProvisionedThroughputExceededException } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { DynamoDueRepository } from "../../functions/adapters/dynamodb/due.js";
import { SesMailer } from "../../functions/adapters/ses/mailer.js";
import type { DispatchDeps } from "../../functions/app/dispatch.js";
import { dispatch } from "../../functions/app/dispatch.js";
import type { Runner } from "../../functions/domain/profile.js";
import type { Deps } from "../../functions/wiring.js";
import type { DeathPlan } from "../support/mortal.js";
import { MortalInvocation } from "../support/mortal.js";
import { emailsTo } from "../support/stack.js";

export const START = new Date("2027-03-01T00:00:00Z"); // spans the March and April DST changes in all three zones
export const HOUR = 3_600_000;
export const noSleep = async () => undefined;

export const dispatchDepsFor = (deps: Deps, ses?: SESv2Client): DispatchDeps => ({
  config: deps.config,
  keys: deps.keys,
  due: new DynamoDueRepository(deps.doc, deps.config.LEGWORK_TABLE),
  mailer: ses ? new SesMailer(ses) : deps.mailer,
  sendRate: 1000,
  sleep: noSleep,
});

export const run = (d: DispatchDeps, now: Date) => dispatch(d, { now, remainingMs: () => 300_000 });

/** One invocation, one worker, whose process dies where `plan` says (tests/support/mortal.ts). */
export const runDying = (d: DispatchDeps, now: Date, plan: DeathPlan) =>
  run(new MortalInvocation(plan).deps({ ...d, concurrency: 1 }), now);

export const weeksOf = async (email: string): Promise<number[]> =>
  (await emailsTo(email)).map((e) => Number(/^Week (\d+) of/.exec(e.subject)?.[1] ?? -1)).sort((a, b) => a - b);

/** An SES client whose first `n` sends fail with a throttling error, as SES does over MaxSendRate. */
export const throttlingSes = (deps: Deps, n: number): { client: SESv2Client; failed: () => number } => {
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
export const socketHangUp = (what: string) => Object.assign(new Error(`Injected: socket hang up ${what}`), { code: "ECONNRESET" });

/**
 * The due repository on its own DynamoDB client (one SDK attempt, so every injected failure reaches the
 * dispatcher), whose advance writes (the UpdateItem that appends to `sends`) fail: the first `refused` never
 * reach the table, the next `lost` land and then lose their answer, the rest go through.
 */
export const flakyAdvance = (deps: Deps, plan: { refused: number; lost?: number }) => {
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
export const storedItem = async (deps: Deps, id: string) =>
  (await deps.runners.getById(id)) as unknown as Runner & { claimId?: string; sends?: { week: number; messageId: string }[] };
