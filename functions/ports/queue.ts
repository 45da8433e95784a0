/**
 * The fan-out queue: the dispatcher puts due runners on it, the sender consumes them. SQS in AWS; an
 * in-process queue that runs the same sender handler locally. Which one is wiring's choice, from config.
 */

/** One unit of fan-out work: send this runner's due email. The sender re-reads the runner; this is only a pointer. */
export interface SendJob {
  runnerId: string;
  /** The programme week the dispatcher saw due (runner.week + 1), for logs and tracing. */
  week: number;
  /** The dispatcher tick's instant (ISO); the sender sends as of this instant or later. */
  enqueuedAt: string;
}

/** SQS takes at most this many messages in one SendMessageBatch. */
export const QUEUE_BATCH_SIZE = 10;

export interface SendQueue {
  /** Enqueues the jobs (in batches of QUEUE_BATCH_SIZE); resolves with those that were not accepted. */
  enqueue(jobs: readonly SendJob[]): Promise<{ failed: SendJob[] }>;
}

/** The message body of a job; parseSendJob reads it back and refuses anything else. */
export const sendJobBody = (job: SendJob): string => JSON.stringify({ runnerId: job.runnerId, week: job.week, enqueuedAt: job.enqueuedAt });

export const parseSendJob = (body: string): SendJob | undefined => {
  try {
    const value = JSON.parse(body) as Partial<SendJob> | null;
    if (
      value &&
      typeof value.runnerId === "string" &&
      /^[a-z0-9]{6,32}$/.test(value.runnerId) &&
      Number.isInteger(value.week) &&
      typeof value.enqueuedAt === "string" &&
      !Number.isNaN(Date.parse(value.enqueuedAt))
    )
      return { runnerId: value.runnerId, week: value.week as number, enqueuedAt: value.enqueuedAt };
  } catch {
    // not JSON: fall through
  }
  return undefined;
};
