import { describe, expect, it } from "vitest";
import { Template } from "aws-cdk-lib/assertions";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { SESv2Client } from "@aws-sdk/client-sesv2";
import type { SQSEvent } from "aws-lambda";
import { LocalSendQueue } from "../../../functions/adapters/local-queue/send-queue.js";
import { dispatchDeps, fanoutDeps } from "../../../functions/app/dispatch-deps.js";
import { MAX_CONCURRENCY, dispatch } from "../../../functions/app/dispatch.js";
import { enqueueDue } from "../../../functions/app/fanout.js";
import { configSchema } from "../../../functions/config.js";
import { DEPLOYMENT, DUE_PAGE_SIZE, PRICES, QUERIES_PER_TICK } from "../../../cli/scale/inputs.js";
import { drainHours, scaleModel } from "../../../cli/scale/model.js";
import { createSenderHandler } from "../../../functions/handlers/sender.js";
import { DISPATCH_SCHEDULE } from "../../../infra/stacks/service-stack.js";
import { localContext } from "../../../infra/local/lambda-context.js";
import { buildLegworkApp, logicalId, resourcesOfType } from "../../infra/harness.js";
import { activeRunner } from "../../support/runners.js";
import { freshConfig, testDeps } from "../../support/stack.js";

describe("drainHours", () => {
  it.each([
    // cohort, rate, perTick, tickMinutes, hours
    [0, 14, 3780, 15, 0],
    [1000, 10, 3000, 15, 1000 / 10 / 3600], // fits one tick: just the sending time
    [3000, 10, 3000, 15, 300 / 3600], // exactly one tick
    [3001, 10, 3000, 15, (15 * 60 + 0.1) / 3600], // one full tick, then 1 email in the next
    [9000, 10, 3000, 15, (2 * 15 * 60 + 300) / 3600], // three ticks
  ])("cohort %d at %d/s, %d a tick every %d min → %d h", (cohort, rate, perTick, tick, hours) => {
    expect(drainHours(cohort, rate, perTick, tick)).toBeCloseTo(hours, 9);
  });
});

describe("scaleModel", () => {
  it.each([
    // subscribers, rate, spread, mode, drain hours, peak Lambdas
    { subscribers: 1_000, rate: 14, spread: "worst", mode: "direct", hours: 1000 / 14 / 3600, peak: 1 },
    { subscribers: 100_000, rate: 14, spread: "worst", mode: "fanout", hours: (7 * 900 + (100_000 - 7 * 12_600) / 14) / 3600, peak: 3 },
    { subscribers: 1_000_000, rate: 14, spread: "worst", mode: "fanout", hours: 1_000_000 / 14 / 3600, peak: 3 },
    { subscribers: 100_000, rate: 14, spread: "uniform", mode: "direct", hours: Math.ceil(100_000 / 168) / 14 / 3600, peak: 1 },
    {
      subscribers: 1_000_000,
      rate: 500,
      spread: "worst",
      mode: "fanout",
      hours: 1_000_000 / 500 / 3600,
      peak: 1 + Math.ceil((500 * 0.27) / 10),
    },
  ] as const)("$subscribers subscribers at $rate/s ($spread slot) → $mode, $hours h, $peak Lambdas", (row) => {
    const result = scaleModel({ subscribers: row.subscribers, rate: row.rate, spread: row.spread });
    expect(result.input.mode).toBe(row.mode);
    expect(result.drain.hours).toBeCloseTo(row.hours, 2);
    expect(result.peakLambdaConcurrency).toBe(row.peak);
  });

  it("fans out exactly past the design's 0.8 × rate × tick seconds per slot", () => {
    const threshold = 0.8 * 14 * 900;
    expect(scaleModel({ subscribers: threshold, rate: 14 }).input.mode).toBe("direct");
    expect(scaleModel({ subscribers: threshold + 1, rate: 14 }).input.mode).toBe("fanout");
  });

  it("a direct dispatcher is limited by its in-flight sends and its CPU, not only by the SES rate", () => {
    const r = scaleModel({ subscribers: 1000, rate: 1000, mode: "direct", emailLatencyMs: 100, msPerEmail: 5 });
    expect(r.drain.direct.sendRate).toBe((MAX_CONCURRENCY * 1000) / 100); // 160/s, below both 1000/s and 200/s
    expect(r.drain.direct.perTick).toBe(160 * 270);
  });

  it("prices one month from the per-email counts and the published prices", () => {
    // Prepare: 10,000 subscribers, direct, 1 KB items, no replies.
    const r = scaleModel({ subscribers: 10_000, rate: 14, mode: "direct", itemKb: 1, repliesPerEmail: 0 });
    const emails = 10_000 * (52 / 12);
    const ticks = ((52 / 12) * 7 * 24 * 60) / 15;

    // Assess: the per-email counts the simulated run below checks, and their cost.
    expect(r.perEmail).toMatchObject({
      dynamodbRequests: { query: 1 / DUE_PAGE_SIZE, getItem: 0, updateItem: 2 },
      sesSends: 1,
      sqsRequests: 0,
    });
    expect(r.perEmail.dynamodbWriteUnits).toBe(5); // 2 table writes + 3 index writes, 1 WRU each
    expect(r.perEmail.dynamodbReadUnits).toBeCloseTo(0.125, 6); // 1 KB of a 4 KB eventually consistent read
    expect(r.monthly.costUsd.ses).toBeCloseTo(emails * 0.0001, 2);
    expect(r.monthly.costUsd.dynamodb).toBeCloseTo(
      (emails * 5 * 0.625) / 1e6 + ((emails * 0.125 + ticks * QUERIES_PER_TICK * 0.5) * 0.125) / 1e6,
      2,
    );
    expect(r.monthly.costUsd.sqs).toBe(0);
    expect(r.monthly.costUsd.s3).toBe(0);
    expect(r.monthly.costUsd.total).toBeCloseTo(r.monthly.costUsd.lambda + r.monthly.costUsd.dynamodb + r.monthly.costUsd.ses, 1);
    expect(PRICES.lambdaGbSecond).toBe(0.0000133334);
  });

  it("fan-out adds a consistent read and a queued-lease write per email, and SQS requests per batch of ten", () => {
    const r = scaleModel({ subscribers: 1_000_000, rate: 14, itemKb: 2 });
    expect(r.perEmail).toMatchObject({ dynamodbRequests: { getItem: 1, updateItem: 3 }, sqsRequests: 0.3 });
    expect(r.monthly.sqsRequests).toBeGreaterThan(0);
  });

  it.each([{ rate: 0 }, { rate: -1 }, { subscribers: Number.NaN }, { itemKb: 0 }])("refuses %o", (bad) => {
    expect(() => scaleModel({ subscribers: 10, rate: 14, ...bad })).toThrow(RangeError);
  });
});

describe("the model's deployment constants are the deployment's", () => {
  it("memory, timeout, schedule, safety margin and concurrency match the stack and the dispatcher", () => {
    // Prepare
    const { service } = buildLegworkApp({ config: { fanout: true } });
    const functions = resourcesOfType(Template.fromStack(service), "AWS::Lambda::Function");
    const props = (fn: Parameters<typeof logicalId>[0]) => functions[logicalId(fn)]?.Properties as { MemorySize: number; Timeout: number };

    // Assess
    expect(props(service.dispatcher.function)).toMatchObject({
      MemorySize: DEPLOYMENT.dispatcherMemoryMb,
      Timeout: DEPLOYMENT.dispatcherTimeoutSeconds,
    });
    expect(props(service.sender!.function).MemorySize).toBe(DEPLOYMENT.senderMemoryMb);
    expect(DISPATCH_SCHEDULE.expressionString).toBe(`cron(0/${DEPLOYMENT.tickMinutes} * * * ? *)`);
    expect(configSchema.parse({}).LEGWORK_SAFETY_MARGIN_MS).toBe(DEPLOYMENT.safetyMarginSeconds * 1000);
    expect(MAX_CONCURRENCY).toBe(DEPLOYMENT.maxConcurrency);
  });
});

/** Clients that count SDK calls by command, for comparing a real run with the model's per-email counts. */
const countingClients = (config: { AWS_REGION: string; DYNAMODB_ENDPOINT?: string | undefined; SES_ENDPOINT?: string | undefined }) => {
  const calls: Record<string, number> = {};
  const ddb = new DynamoDBClient({ region: config.AWS_REGION, endpoint: config.DYNAMODB_ENDPOINT });
  const ses = new SESv2Client({ region: config.AWS_REGION, endpoint: config.SES_ENDPOINT });
  for (const client of [ddb, ses])
    (client.middlewareStack as { add: (m: unknown, o: unknown) => void }).add(
      (next: (a: unknown) => Promise<unknown>, context: { commandName: string }) => async (args: unknown) => {
        calls[context.commandName] = (calls[context.commandName] ?? 0) + 1;
        return next(args);
      },
      { step: "initialize", name: "countCalls" },
    );
  return { ddb, ses, calls, reset: () => Object.keys(calls).forEach((k) => delete calls[k]) };
};

describe("the model against a simulated run (SDK calls counted)", () => {
  const START = new Date("2027-03-01T00:00:00Z");

  it("direct: per email 2 UpdateItem and 1 SendEmail; per tick 8 Queries while the due set fits one page", async () => {
    // Prepare
    const config = await freshConfig({ LEGWORK_SEND_RATE: "1000" });
    const clients = countingClients(config);
    let now = START;
    const deps = await testDeps({ config, now: () => now, clients: { ddb: clients.ddb, ses: clients.ses } });
    const runners = await Promise.all(Array.from({ length: 30 }, () => activeRunner(deps, START)));
    now = new Date(runners[0]!.nextSendAt!);
    const d = dispatchDeps(deps);
    clients.reset();

    // Act
    const result = await dispatch(d, { now, remainingMs: () => 300_000 });

    // Assess
    const model = scaleModel({ subscribers: runners.length, rate: 1000, mode: "direct" });
    expect(result.sent).toBe(30);
    expect(clients.calls["UpdateItemCommand"]).toBe(result.sent * model.perEmail.dynamodbRequests.updateItem);
    expect(clients.calls["SendEmailCommand"]).toBe(result.sent * model.perEmail.sesSends);
    expect(clients.calls["QueryCommand"]).toBe(QUERIES_PER_TICK);
    expect(clients.calls["GetItemCommand"] ?? 0).toBe(0);
    expect(d.due.itemsRead).toBe(result.sent); // one item read per email: the query share
  });

  it("fan-out: per email 1 consistent GetItem and 1 lease UpdateItem more, and one SendMessageBatch per ten", async () => {
    // Prepare
    const config = await freshConfig({
      LEGWORK_SEND_RATE: "1000",
      LEGWORK_FANOUT_QUEUE_URL: "https://sqs.eu-west-1.amazonaws.com/000000000000/q",
    });
    const clients = countingClients(config);
    let now = START;
    const deps = await testDeps({ config, now: () => now, clients: { ddb: clients.ddb, ses: clients.ses } });
    const runners = await Promise.all(Array.from({ length: 25 }, () => activeRunner(deps, START)));
    now = new Date(runners[0]!.nextSendAt!);
    const sender = createSenderHandler(async () => deps);
    const queue = new LocalSendQueue((event: SQSEvent) => sender(event, localContext("legwork-sender", 60_000)));
    let batches = 0;
    const counted = {
      enqueue: (jobs: Parameters<typeof queue.enqueue>[0]) => ((batches += Math.ceil(jobs.length / 10)), queue.enqueue(jobs)),
    };
    clients.reset();

    // Act
    const result = await enqueueDue({ ...fanoutDeps({ ...deps, queue }), queue: counted }, { now, remainingMs: () => 300_000 });
    await queue.idle();

    // Assess
    const model = scaleModel({ subscribers: runners.length, rate: 1000, mode: "fanout" });
    expect(result).toMatchObject({ due: 25, enqueued: 25 });
    expect(batches).toBe(3); // SendMessageBatch requests: ceil(25 / 10)
    expect(queue.stats.batches).toBe(3);
    expect(clients.calls["GetItemCommand"]).toBe(25 * model.perEmail.dynamodbRequests.getItem);
    expect(clients.calls["UpdateItemCommand"]).toBe(25 * model.perEmail.dynamodbRequests.updateItem);
    expect(clients.calls["SendEmailCommand"]).toBe(25);
    expect(clients.calls["QueryCommand"]).toBe(QUERIES_PER_TICK);
  });
});
