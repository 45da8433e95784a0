import type { SQSBatchResponse } from "aws-lambda";
import type { DynamoDueRepository } from "../adapters/dynamodb/due.js";
import type { Config } from "../config.js";
import type { Runner } from "../domain/profile.js";
import { logger } from "../lib/logger.js";
import type { SendJob, SendQueue } from "../ports/queue.js";
import { QUEUE_BATCH_SIZE, parseSendJob } from "../ports/queue.js";
import type { DispatchDeps, DispatchResult, Outcome, RunnerSenderDeps } from "./dispatch.js";
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
}

/**
 * A fan-out tick, in the dispatcher's result shape: `sent` and `skipped` stay 0 (the sender does that
 * work), `failed` counts jobs the queue refused (those runners stay due for the next tick).
 */
export interface EnqueueResult extends DispatchResult {
  mode: "fanout";
  /** Jobs the queue accepted. */
  enqueued: number;
  stoppedEarly: boolean;
}

/** SendMessageBatch requests in flight at once while enqueuing. */
const ENQUEUE_PARALLEL = 8;

/** One dispatcher tick in fan-out mode: Query due runners and queue them, ten a message batch, while time remains. */
export const enqueueDue = async (deps: FanoutDeps, input: { now: Date; remainingMs: () => number }): Promise<EnqueueResult> => {
  const result: EnqueueResult = { mode: "fanout", due: 0, sent: 0, skipped: 0, failed: 0, enqueued: 0, stoppedEarly: false };
  await deps.wakePaused?.(input.now);
  const enqueuedAt = input.now.toISOString();
  const inFlight = new Set<Promise<void>>();
  const flush = async (jobs: SendJob[]): Promise<void> => {
    const sent = deps.queue.enqueue(jobs).then(
      ({ failed }) => {
        result.enqueued += jobs.length - failed.length;
        result.failed += failed.length;
      },
      (error: unknown) => {
        result.failed += jobs.length;
        logger.error("enqueue failed", { jobs: jobs.length, error: error instanceof Error ? error.name : "unknown" });
      },
    );
    const tracked = sent.finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
    if (inFlight.size >= ENQUEUE_PARALLEL) await Promise.race(inFlight);
  };
  let batch: SendJob[] = [];
  for await (const runner of deps.due.due(input.now)) {
    if (input.remainingMs() < deps.config.LEGWORK_SAFETY_MARGIN_MS) {
      result.stoppedEarly = true;
      break;
    }
    result.due++;
    batch.push({ runnerId: runner.id, week: runner.week + 1, enqueuedAt });
    if (batch.length === QUEUE_BATCH_SIZE) {
      await flush(batch);
      batch = [];
    }
  }
  if (batch.length) await flush(batch);
  await Promise.all(inFlight);
  logger.info("fan-out dispatch finished", { ...result });
  return result;
};

export interface SenderDeps {
  /** The dispatcher's deps; a send rate given as a function is read only when a batch has records. */
  dispatch: Omit<DispatchDeps, "wakePaused">;
  /** Reads the runner as it is now (a strongly consistent read). */
  getRunner: (id: string) => Promise<Runner | undefined>;
  now: () => Date;
}

export interface QueuedRecord {
  messageId: string;
  body: string;
}

export interface SenderSummary extends SQSBatchResponse {
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
  logger.info("send batch finished", { sent: summary.sent, skipped: summary.skipped, failed: summary.failed });
  return summary;
};
