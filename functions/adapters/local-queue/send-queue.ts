import { randomUUID } from "node:crypto";
import type { SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";
import type { SendJob, SendQueue } from "../../ports/queue.js";
import { QUEUE_BATCH_SIZE, sendJobBody } from "../../ports/queue.js";

/** What consumes the queue: the sender Lambda's handler, bound to a local context by the caller. */
export type QueueConsumer = (event: SQSEvent) => Promise<SQSBatchResponse | void>;

export interface LocalQueueOptions {
  /** Deliveries before a message goes to the dead-letter list (the SendQueue construct's maxReceiveCount). */
  maxReceiveCount?: number;
  /** Batches in flight at once, like the event source mapping's maximum concurrency. */
  maxConcurrency?: number;
  batchSize?: number;
  queueArn?: string;
  /** Hold deliveries until resume(), like a disabled event source mapping (tests use it to pile up duplicates). */
  paused?: boolean;
}

interface Message {
  messageId: string;
  body: string;
  receiveCount: number;
  sentAt: number;
}

/**
 * An in-process stand-in for SQS + the Lambda event source: messages are delivered to the consumer in
 * SQS-shaped events of up to ten records, at most `maxConcurrency` batches at once. Records the consumer
 * names in `batchItemFailures` (or the whole batch, if it throws) are delivered again, up to
 * `maxReceiveCount` times in all; then they go to `deadLetters`. Delivery starts on enqueue; `idle()`
 * resolves once nothing is queued or in flight.
 */
export class LocalSendQueue implements SendQueue {
  readonly deadLetters: { job: string; receiveCount: number }[] = [];
  /** Counters for reports and tests. */
  readonly stats = { enqueued: 0, delivered: 0, batches: 0, redelivered: 0 };
  /** Errors thrown by the consumer (each failed its whole batch, which was then delivered again). */
  readonly consumerErrors: string[] = [];
  private readonly pending: Message[] = [];
  /** Messages and batches being handled. */
  private inFlight = 0;
  private batchesInFlight = 0;
  private waiters: (() => void)[] = [];
  private readonly maxReceiveCount: number;
  private readonly maxConcurrency: number;
  private readonly batchSize: number;
  private readonly queueArn: string;
  private paused: boolean;

  constructor(
    private readonly consume: QueueConsumer,
    options: LocalQueueOptions = {},
  ) {
    this.maxReceiveCount = options.maxReceiveCount ?? 5;
    this.maxConcurrency = options.maxConcurrency ?? 2;
    this.batchSize = Math.min(QUEUE_BATCH_SIZE, options.batchSize ?? QUEUE_BATCH_SIZE);
    this.queueArn = options.queueArn ?? "arn:aws:sqs:local:000000000000:legwork-sends";
    this.paused = options.paused ?? false;
  }

  /** Starts (or restarts) delivery after `paused`. */
  resume(): void {
    this.paused = false;
    this.pump();
  }

  async enqueue(jobs: readonly SendJob[]): Promise<{ failed: SendJob[] }> {
    for (const job of jobs) this.pending.push({ messageId: randomUUID(), body: sendJobBody(job), receiveCount: 0, sentAt: Date.now() });
    this.stats.enqueued += jobs.length;
    this.pump();
    return { failed: [] };
  }

  /** Messages waiting or being handled. */
  get depth(): number {
    return this.pending.length + this.inFlight;
  }

  /** Resolves when every message has been handled (or dead-lettered). Call resume() first if paused. */
  async idle(): Promise<void> {
    if (this.depth > 0) await new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  private pump(): void {
    while (!this.paused && this.batchesInFlight < this.maxConcurrency && this.pending.length > 0) {
      const batch = this.pending.splice(0, this.batchSize);
      this.inFlight += batch.length;
      this.batchesInFlight++;
      void this.deliver(batch).finally(() => {
        this.inFlight -= batch.length;
        this.batchesInFlight--;
        this.pump();
        if (this.depth === 0) for (const resolve of this.waiters.splice(0)) resolve();
      });
    }
  }

  private record(message: Message): SQSRecord {
    return {
      messageId: message.messageId,
      receiptHandle: `${message.messageId}#${message.receiveCount}`,
      body: message.body,
      attributes: {
        ApproximateReceiveCount: String(message.receiveCount),
        SentTimestamp: String(message.sentAt),
        SenderId: "local",
        ApproximateFirstReceiveTimestamp: String(Date.now()),
      },
      messageAttributes: {},
      md5OfBody: "",
      eventSource: "aws:sqs",
      eventSourceARN: this.queueArn,
      awsRegion: "local",
    };
  }

  private async deliver(batch: Message[]): Promise<void> {
    for (const message of batch) message.receiveCount++;
    this.stats.batches++;
    this.stats.delivered += batch.length;
    let failedIds: Set<string>;
    try {
      const response = await this.consume({ Records: batch.map((m) => this.record(m)) });
      failedIds = new Set((response?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
    } catch (error) {
      // A thrown handler fails the whole batch, as with Lambda.
      this.consumerErrors.push(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
      failedIds = new Set(batch.map((m) => m.messageId));
    }
    for (const message of batch) {
      if (!failedIds.has(message.messageId)) continue;
      if (message.receiveCount >= this.maxReceiveCount) this.deadLetters.push({ job: message.body, receiveCount: message.receiveCount });
      else {
        this.stats.redelivered++;
        this.pending.push(message);
      }
    }
  }
}
