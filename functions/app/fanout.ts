import type { DynamoDueRepository } from "../adapters/dynamodb/due.js";
import type { Config } from "../config.js";
import type { Runner } from "../domain/profile.js";
import { logger } from "../lib/logger.js";
import { METRIC } from "../lib/metric-names.js";
import { gauge } from "../lib/metrics.js";
import type { SendJob, SendQueue } from "../ports/queue.js";
import { QUEUE_BATCH_SIZE, parseSendJob } from "../ports/queue.js";
import type { DispatchDeps, DispatchResult, Outcome, RunnerSenderDeps } from "./dispatch.js";
import type { SendQuota } from "./send-quota.js";
import { quotaAllowance, readQuota, recordWeeklyMetrics } from "./send-quota.js";
import { createRunnerSender, defaultConcurrency, resolveSendRate } from "./dispatch.js";

/**
 * Fan-out mode (config: LEGWORK_FANOUT_QUEUE_URL). The dispatcher only finds due runners and queues
 * them; the sender function claims, renders, sends and advances each one with the very same
 * createRunnerSender as the dispatcher's own path, so exactly-once rests on the same conditional claim.
 * A runner queued twice (a duplicate tick, a tick while the previous one's messages still wait) is
 * claimed once; every other copy is "skipped", which the sender counts as done.
 */

export interface FanoutDeps {
  config: Config;
  due: DynamoDueRepository;
  queue: SendQueue;
  /** Ends pauses whose date has passed, before the due Query (as the sending dispatcher does). */
  wakePaused?: (now: Date) => Promise<unknown>;
  /** SES's 24-hour quota: no more runners are queued than it has room for. */
  quota?: () => Promise<SendQuota | undefined>;
}

/**
 * A fan-out tick, in the dispatcher's result shape: `sent` stays 0 (the sender does that work), `skipped`
 * counts due runners another tick leased meanwhile, `failed` counts jobs the queue refused (their lease is
 * given back, so they stay due for the next tick).
 */
export interface EnqueueResult extends DispatchResult {
  mode: "fanout";
  /** Jobs the queue accepted. */
  enqueued: number;
  stoppedEarly: boolean;
}

/** SendMessageBatch requests in flight at once while enqueuing. */
const ENQUEUE_PARALLEL = 8;
/**
 * How long a queued runner is left to the senders before a tick may queue it again: longer than the queue
 * takes to drain one slot (100,000 runners at 14/s: about 2 h), shorter than a missed week. A message that
 * ends in the dead-letter queue leaves its runner waiting this long.
 */
export const QUEUE_LEASE_MS = 6 * 3_600_000;

/**
 * Leases due runners and queues them, ten a message batch, at most ENQUEUE_PARALLEL batches in flight. A job
 * the queue refused gives its lease back, so the next tick queues it again (best effort).
 */
const createEnqueuer = (deps: FanoutDeps, now: Date, result: EnqueueResult) => {
  const enqueuedAt = now.toISOString();
  const until = new Date(now.getTime() + QUEUE_LEASE_MS);
  const inFlight = new Set<Promise<void>>();
  const release = (jobs: readonly SendJob[]): Promise<unknown> =>
    Promise.all(jobs.map((job) => deps.due.unmarkQueued(job.runnerId, job.week))).catch((error: unknown) =>
      logger.warn("queue lease not released; it runs out by itself", { error: error instanceof Error ? error.name : "unknown" }),
    );
  const flush = async (jobs: SendJob[]): Promise<void> => {
    const sent = deps.queue.enqueue(jobs).then(
      async ({ failed }) => {
        result.enqueued += jobs.length - failed.length;
        result.failed += failed.length;
        await release(failed);
      },
      async (error: unknown) => {
        result.failed += jobs.length;
        logger.error("enqueue failed", { jobs: jobs.length, error: error instanceof Error ? error.name : "unknown" });
        await release(jobs);
      },
    );
    const tracked = sent.finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
    if (inFlight.size >= ENQUEUE_PARALLEL) await Promise.race(inFlight);
  };
  /** Lease each runner's week before queuing it: a later tick's due Query skips leased runners. */
  const leaseAndFlush = async (runners: Runner[]): Promise<void> => {
    const leased = await Promise.all(runners.map((r) => deps.due.markQueued(r, { week: r.week + 1, now, until })));
    const jobs = runners.filter((_, i) => leased[i]).map((r) => ({ runnerId: r.id, week: r.week + 1, enqueuedAt }));
    result.skipped += runners.length - jobs.length;
    if (jobs.length) await flush(jobs);
  };
  return { leaseAndFlush, drain: () => Promise.all(inFlight) };
};

/** One dispatcher tick in fan-out mode: Query due runners and queue them, ten a message batch, while time remains. */
export const enqueueDue = async (deps: FanoutDeps, input: { now: Date; remainingMs: () => number }): Promise<EnqueueResult> => {
  const result: EnqueueResult = { mode: "fanout", due: 0, sent: 0, skipped: 0, failed: 0, enqueued: 0, stoppedEarly: false };
  await deps.wakePaused?.(input.now);
  const enqueuer = createEnqueuer(deps, input.now, result);
  let batch: Runner[] = [];
  let allowance: number | undefined;
  for await (const runner of deps.due.dueNotQueued(input.now)) {
    if (input.remainingMs() < deps.config.LEGWORK_SAFETY_MARGIN_MS) {
      result.stoppedEarly = true;
      break;
    }
    allowance ??= quotaAllowance(await readQuota(deps.quota));
    if (result.due >= allowance) {
      result.quotaStopped = true;
      logger.warn("fan-out stopped at the SES 24-hour quota; the rest stay due for later ticks", { due: result.due });
      break;
    }
    result.due++;
    batch.push(runner);
    if (batch.length === QUEUE_BATCH_SIZE) {
      await enqueuer.leaseAndFlush(batch);
      batch = [];
    }
  }
  if (batch.length) await enqueuer.leaseAndFlush(batch);
  await enqueuer.drain();
  gauge(METRIC.dueBacklog, result.due);
  logger.info("fan-out dispatch finished", { ...result });
  return result;
};

export interface SenderDeps {
  /** The dispatcher's deps; a send rate given as a function is read only when a batch has records. */
  dispatch: Omit<DispatchDeps, "wakePaused" | "quota">;
  /** Reads the runner as it is now (a strongly consistent read). */
  getRunner: (id: string) => Promise<Runner | undefined>;
  now: () => Date;
}

export interface QueuedRecord {
  messageId: string;
  body: string;
}

export interface SenderSummary {
  /** The records to deliver again (the queue's partial-batch answer). */
  batchItemFailures: { itemIdentifier: string }[];
  sent: number;
  skipped: number;
  failed: number;
}

const isDue = (runner: Runner, now: Date): boolean =>
  runner.status === "active" && runner.nextSendAt !== undefined && runner.nextSendAt <= now.toISOString();

/**
 * The sender: each queued runner is read again and, if still due, goes through createRunnerSender
 * (claim → send → advance). "sent" and "skipped" (gone, not due any more, or claimed by someone else)
 * are done; "failed" and errors are reported in batchItemFailures, so SQS delivers only those again
 * (and after the queue's maxReceiveCount, to the dead-letter queue). A malformed message is a failure
 * too: it ends in the dead-letter queue, where the alarm shows it.
 */
export const sendQueued = async (
  deps: SenderDeps,
  input: { records: readonly QueuedRecord[]; remainingMs: () => number },
): Promise<SenderSummary> => {
  const summary: SenderSummary = { batchItemFailures: [], sent: 0, skipped: 0, failed: 0 };
  if (input.records.length === 0) return summary;
  const dispatch: RunnerSenderDeps = { ...deps.dispatch, sendRate: await resolveSendRate(deps.dispatch.sendRate) };
  // Sends as of the later of the tick's instant and the clock: a delayed message must not claim with a stale "now".
  const clock = deps.now();
  const margin = dispatch.config.LEGWORK_SAFETY_MARGIN_MS;
  const senders = new Map<number, (runner: Runner) => Promise<Outcome>>();
  const senderFor = (now: Date) => {
    let send = senders.get(now.getTime());
    if (!send) {
      send = createRunnerSender(dispatch, { now, remainingMs: input.remainingMs });
      senders.set(now.getTime(), send);
    }
    return send;
  };
  const handle = async (record: QueuedRecord): Promise<Outcome> => {
    const job = parseSendJob(record.body);
    if (!job) {
      logger.error("malformed send job", { messageId: record.messageId });
      return "failed";
    }
    if (input.remainingMs() < margin) return "failed"; // not started: SQS delivers it again
    const enqueuedAt = new Date(job.enqueuedAt);
    const now = enqueuedAt.getTime() > clock.getTime() ? enqueuedAt : clock;
    const runner = await deps.getRunner(job.runnerId);
    if (!runner || !isDue(runner, now)) return "skipped";
    return senderFor(now)(runner);
  };
  const concurrency = Math.min(input.records.length, dispatch.concurrency ?? defaultConcurrency(dispatch.sendRate));
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < input.records.length; i = next++) {
      const record = input.records[i]!;
      let outcome: Outcome;
      try {
        outcome = await handle(record);
      } catch (error) {
        logger.error("queued send failed", { messageId: record.messageId, error: error instanceof Error ? error.name : "unknown" });
        outcome = "failed";
      }
      summary[outcome]++;
      if (outcome === "failed") summary.batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  recordWeeklyMetrics(summary);
  logger.info("send batch finished", { sent: summary.sent, skipped: summary.skipped, failed: summary.failed });
  return summary;
};
