import { describe, expect, it } from "vitest";
import type { SQSEvent } from "aws-lambda";
import type { SESv2Client } from "@aws-sdk/client-sesv2";
import { SESv2Client as Ses } from "@aws-sdk/client-sesv2";
import { LocalSendQueue } from "../../functions/adapters/local-queue/send-queue.js";
import { fanoutDeps, senderDeps } from "../../functions/app/dispatch-deps.js";
import { enqueueDue, sendQueued } from "../../functions/app/fanout.js";
import { createDispatcherHandler } from "../../functions/handlers/dispatcher.js";
import { createSenderHandler } from "../../functions/handlers/sender.js";
import type { SendJob } from "../../functions/ports/queue.js";
import type { Deps } from "../../functions/wiring.js";
import { localContext } from "../../infra/local/lambda-context.js";
import { activeRunner } from "../support/runners.js";
import { emailsTo, freshConfig, testDeps } from "../support/stack.js";

const START = new Date("2027-03-01T00:00:00Z");
const QUEUE_URL = "https://sqs.eu-west-1.amazonaws.com/000000000000/legwork-sends";

const weeksOf = async (email: string): Promise<number[]> =>
  (await emailsTo(email)).map((e) => Number(/^Week (\d+) of/.exec(e.subject)?.[1] ?? -1)).sort((a, b) => a - b);

/** Deps in fan-out mode with a fixed clock; the sender's SES client can be swapped for a failing one. */
const fanoutTestDeps = async (now: () => Date, ses?: SESv2Client): Promise<Deps> =>
  testDeps({
    config: await freshConfig({ LEGWORK_FANOUT_QUEUE_URL: QUEUE_URL, LEGWORK_SEND_RATE: "1000" }),
    now,
    clients: ses ? { ses } : {},
  });

/** The real sender handler, bound to `deps` and a local Lambda context, as the local queue's consumer. */
const senderFor = (deps: Deps) => {
  const handler = createSenderHandler(async () => deps);
  return (event: SQSEvent) => handler(event, localContext("legwork-sender", 60_000));
};

/** An SES client whose first `n` sends are refused for good (not throttling), as SES does for a rejected message. */
const rejectingSes = (deps: Deps, n: number): { client: SESv2Client; rejected: () => number } => {
  const client = new Ses({ region: deps.config.AWS_REGION, endpoint: deps.config.SES_ENDPOINT, maxAttempts: 1 });
  let rejected = 0;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if ((context as { commandName?: string }).commandName === "SendEmailCommand" && rejected < n) {
        rejected++;
        const error = new Error("Email address is not verified.");
        error.name = "MessageRejected";
        Object.assign(error, { $metadata: { httpStatusCode: 400 } });
        throw error;
      }
      return next(args);
    },
    { step: "initialize", name: "injectReject" },
  );
  return { client, rejected: () => rejected };
};

describe("fan-out: dispatcher → queue → sender", () => {
  it("with the queue URL configured, the dispatcher handler only enqueues; the sender sends each runner once", async () => {
    // Prepare
    let now = START;
    const deps = await fanoutTestDeps(() => now);
    const runners = await Promise.all(Array.from({ length: 12 }, () => activeRunner(deps, START)));
    now = new Date(runners[0]!.nextSendAt!);
    const queue = new LocalSendQueue(senderFor(deps));
    const dispatcher = createDispatcherHandler(async () => ({ ...deps, queue }));

    // Act
    const result = await dispatcher({ time: now.toISOString() }, localContext("legwork-dispatcher", 300_000));
    await queue.idle();

    // Assess
    expect(result).toMatchObject({ mode: "fanout", due: 12, enqueued: 12, sent: 0, failed: 0 });
    expect(queue.stats).toMatchObject({ enqueued: 12, batches: expect.any(Number) });
    expect(queue.deadLetters).toEqual([]);
    for (const r of runners) expect(await weeksOf(r.email)).toEqual([1]);
  });

  it("sends exactly once when the same runners are enqueued again (a repeated tick queues none: they are leased)", async () => {
    // Prepare
    let now = START;
    const deps = await fanoutTestDeps(() => now);
    const runners = await Promise.all(Array.from({ length: 15 }, () => activeRunner(deps, START)));
    now = new Date(runners[0]!.nextSendAt!);
    const queue = new LocalSendQueue(senderFor(deps), { maxConcurrency: 3, paused: true });
    const fan = fanoutDeps({ ...deps, queue });

    // Act: a tick, the same tick delivered again, and every job once more by hand, all before the sender runs.
    const first = await enqueueDue(fan, { now, remainingMs: () => 300_000 });
    const second = await enqueueDue(fan, { now, remainingMs: () => 300_000 });
    await queue.enqueue(runners.map((r): SendJob => ({ runnerId: r.id, week: 1, enqueuedAt: now.toISOString() })));
    expect(queue.depth).toBe(30);
    queue.resume();
    await queue.idle();
    const later = await enqueueDue(fan, { now, remainingMs: () => 300_000 });
    await queue.idle();

    // Assess
    expect(first.enqueued).toBe(15);
    expect(second).toMatchObject({ due: 0, enqueued: 0 }); // the due Query skips leased runners
    expect(later.due).toBe(0); // all advanced
    expect(queue.deadLetters).toEqual([]);
    for (const r of runners) expect(await weeksOf(r.email)).toEqual([1]);
  });

  it("a failed send is reported in batchItemFailures, released, delivered again and then sent once", async () => {
    // Prepare
    let now = START;
    const base = await fanoutTestDeps(() => now);
    const { client, rejected } = rejectingSes(base, 1);
    const deps = await fanoutTestDeps(() => now, client);
    const runner = await activeRunner(deps, START);
    now = new Date(runner.nextSendAt!);
    const job: SendJob = { runnerId: runner.id, week: 1, enqueuedAt: now.toISOString() };

    // Act: the first delivery straight through the use case, to see its answer.
    const answer = await sendQueued(senderDeps(deps), {
      records: [{ messageId: "m1", body: JSON.stringify(job) }],
      remainingMs: () => 60_000,
    });

    // Assess
    expect(rejected()).toBe(1);
    expect(answer).toMatchObject({ batchItemFailures: [{ itemIdentifier: "m1" }], failed: 1, sent: 0 });
    expect(await weeksOf(runner.email)).toEqual([]);
    expect((await deps.runners.getById(runner.id)) as unknown as Record<string, unknown>).not.toHaveProperty("claimId");

    // Act: the same job through the queue, whose consumer fails the first delivery of it.
    const { client: again } = rejectingSes(base, 1);
    const flaky = await testDeps({ config: deps.config, now: () => now, clients: { ses: again } });
    const queue = new LocalSendQueue(senderFor(flaky));
    await queue.enqueue([job]);
    await queue.idle();

    // Assess
    expect(queue.stats).toMatchObject({ enqueued: 1, delivered: 2, redelivered: 1 });
    expect(queue.deadLetters).toEqual([]);
    expect(await weeksOf(runner.email)).toEqual([1]);
  });

  it("a runner whose send keeps failing ends in the dead-letter list after maxReceiveCount deliveries, still due", async () => {
    // Prepare
    let now = START;
    const base = await fanoutTestDeps(() => now);
    const { client, rejected } = rejectingSes(base, 100);
    const deps = await testDeps({ config: base.config, now: () => now, clients: { ses: client } });
    const runner = await activeRunner(deps, START);
    now = new Date(runner.nextSendAt!);
    const queue = new LocalSendQueue(senderFor(deps), { maxReceiveCount: 3 });

    // Act
    await queue.enqueue([{ runnerId: runner.id, week: 1, enqueuedAt: now.toISOString() }]);
    await queue.idle();

    // Assess
    expect(rejected()).toBe(3);
    expect(queue.deadLetters).toEqual([{ job: expect.stringContaining(runner.id), receiveCount: 3 }]);
    expect(await deps.runners.getById(runner.id)).toMatchObject({ status: "active", week: 0, nextSendAt: runner.nextSendAt });
  });

  it("a malformed message is a failure (so it reaches the dead-letter queue), never a silent drop", async () => {
    // Prepare
    const deps = await fanoutTestDeps(() => START);

    // Act
    const answer = await sendQueued(senderDeps(deps), { records: [{ messageId: "poison", body: "not a job" }], remainingMs: () => 60_000 });

    // Assess
    expect(answer).toMatchObject({ batchItemFailures: [{ itemIdentifier: "poison" }], failed: 1 });
  });

  it("an empty batch answers at once, without asking SES for the send rate", async () => {
    // Prepare
    const deps = await fanoutTestDeps(() => START);
    const base = senderDeps(deps);
    let rateReads = 0;
    const sender = { ...base, dispatch: { ...base.dispatch, sendRate: async () => ++rateReads } };

    // Act
    const empty = await sendQueued(sender, { records: [], remainingMs: () => 60_000 });
    const poisoned = await sendQueued(sender, { records: [{ messageId: "poison", body: "not a job" }], remainingMs: () => 60_000 });

    // Assess
    expect(empty).toEqual({ batchItemFailures: [], sent: 0, skipped: 0, failed: 0 });
    expect(poisoned.failed).toBe(1);
    expect(rateReads).toBe(1); // read for the batch that had a record, not for the empty one
  });

  it("racing senders on copies of the same jobs never send a week twice", async () => {
    // Prepare
    let now = START;
    const deps = await fanoutTestDeps(() => now);
    const runners = await Promise.all(Array.from({ length: 20 }, () => activeRunner(deps, START)));
    now = new Date(runners[0]!.nextSendAt!);
    const jobs = runners.map((r): SendJob => ({ runnerId: r.id, week: 1, enqueuedAt: now.toISOString() }));
    // Three independent senders (separate deps: separate clients, token buckets, caches), each with its own queue.
    const queues = await Promise.all(
      [0, 1, 2].map(
        async () =>
          new LocalSendQueue(senderFor(await testDeps({ config: deps.config, now: () => now })), {
            maxConcurrency: 4,
            batchSize: 7,
            paused: true,
          }),
      ),
    );
    await Promise.all(queues.map((q, i) => q.enqueue(i === 1 ? [...jobs].reverse() : jobs)));

    // Act: all three start at once.
    for (const q of queues) q.resume();
    await Promise.all(queues.map((q) => q.idle()));

    // Assess
    for (const q of queues) expect(q.deadLetters).toEqual([]);
    for (const r of runners) expect(await weeksOf(r.email)).toEqual([1]);
    for (const r of runners) expect(await deps.runners.getById(r.id)).toMatchObject({ week: 1 });
  });

  it("a runner that is no longer due (unsubscribed or gone) is skipped, which is success", async () => {
    // Prepare
    let now = START;
    const deps = await fanoutTestDeps(() => now);
    const [gone, left] = await Promise.all([activeRunner(deps, START), activeRunner(deps, START)]);
    now = new Date(gone!.nextSendAt!);
    await deps.runners.unsubscribe(left!.id, now);
    const records = [
      { messageId: "a", body: JSON.stringify({ runnerId: left!.id, week: 1, enqueuedAt: now.toISOString() }) },
      { messageId: "b", body: JSON.stringify({ runnerId: "nosuchrunner1", week: 1, enqueuedAt: now.toISOString() }) },
    ];

    // Act
    const answer = await sendQueued(senderDeps(deps), { records, remainingMs: () => 60_000 });

    // Assess
    expect(answer).toMatchObject({ batchItemFailures: [], skipped: 2, sent: 0 });
    expect(await weeksOf(left!.email)).toEqual([]);
  });
});
