import type { SignupJob, SignupQueue, SignupWork } from "../../ports/signup-queue.js";
import { logger } from "../../lib/logger.js";

/**
 * Runs signup work in this process just after the answer is written (the next turn of the event
 * loop), for the local stack and tests. Not for Lambda: a frozen function would never run it.
 * `drain()` waits for everything started so far (tests, and a clean stop).
 */
export class AfterAnswerSignupQueue implements SignupQueue {
  private readonly running = new Set<Promise<void>>();

  enqueue(job: SignupJob, work: SignupWork): Promise<void> {
    const done: Promise<void> = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => work(job))
      .catch((error: unknown) => logger.error("signup work failed", { error: error instanceof Error ? error.name : "unknown" }))
      .finally(() => this.running.delete(done));
    this.running.add(done);
    return Promise.resolve();
  }

  async drain(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
  }
}
