import type { DynamoDueRepository } from "../adapters/dynamodb/due.js";
import type { Config } from "../config.js";
import type { Runner } from "../domain/profile.js";
import type { TokenKeys } from "../domain/tokens.js";
import { logger } from "../lib/logger.js";
import type { Mailer } from "../ports/mailer.js";
import type { TokenBucket } from "../lib/token-bucket.js";
import { METRIC } from "../lib/metric-names.js";
import { gauge } from "../lib/metrics.js";
import type { Outcome } from "./runner-sender.js";
import { createRunnerSender, defaultConcurrency, resolveSendRate } from "./runner-sender.js";
import type { SendQuota } from "./send-quota.js";
import { quotaAllowance, readQuota, recordWeeklyMetrics } from "./send-quota.js";

export * from "./runner-sender.js";
export * from "./send-retry.js";
export * from "./weekly-email.js";

export interface DispatchResult {
  due: number;
  sent: number;
  skipped: number;
  failed: number;
  /** Present (true) when the run stopped because SES's 24-hour quota was near: the rest stay due for later ticks. */
  quotaStopped?: true;
}

export interface DispatchDeps {
  config: Config;
  keys: TokenKeys;
  due: DynamoDueRepository;
  mailer: Mailer;
  /**
   * Emails per second the provider allows (SES MaxSendRate): a number, or a function that reads it,
   * called only once the due Query has found someone (an empty tick never asks).
   */
  sendRate: number | (() => Promise<number>);
  /** Sends in flight at once; defaults to the rate, capped at 16. */
  concurrency?: number;
  sleep?: (ms: number) => Promise<void>;
  /** Milliseconds on a monotonic clock, for pacing (the token bucket); tests pass a fake timeline with `sleep`. */
  clock?: () => number;
  random?: () => number;
  /** Ends pauses whose date has passed, before the due Query, so they can go in this very run. */
  wakePaused?: (now: Date) => Promise<unknown>;
  /** Counts this run's failed sends for the operator's stats (a failure to count is only logged). */
  countFailures?: (now: Date, failed: number) => Promise<void>;
  /** SES's 24-hour quota, read once a run has someone due; unset or failing, sending is not limited by it. */
  quota?: () => Promise<SendQuota | undefined>;
  /**
   * The token bucket for a rate. One per Lambda instance (dispatch-deps keeps it), so a fan-out sender paces
   * across its batches; unset, each run makes its own.
   */
  pacer?: (ratePerSecond: number) => TokenBucket;
}

export interface DispatchInput {
  now: Date;
  /** Milliseconds left before the platform stops this invocation. */
  remainingMs: () => number;
}

/** The due runners of one run, one at a time, until time runs short or the quota allowance is used up. */
const runnerSource = (deps: DispatchDeps, input: DispatchInput, result: DispatchResult) => {
  const source = deps.due.due(input.now);
  const state = { stopped: false, allowance: Number.POSITIVE_INFINITY };
  // Runners taken or being fetched: counted before the await, so parallel workers cannot all pass the quota check.
  let taking = 0;
  const take = async (): Promise<Runner | undefined> => {
    if (state.stopped || input.remainingMs() < deps.config.LEGWORK_SAFETY_MARGIN_MS) {
      state.stopped = true;
      return undefined;
    }
    if (taking >= state.allowance) {
      state.stopped = true;
      result.quotaStopped = true;
      return undefined;
    }
    taking++;
    const item = await source.next();
    if (item.done) return undefined;
    result.due++;
    return item.value;
  };
  return { take, state };
};

/**
 * `concurrency` workers hand runners to `handle` until `next` has none. A runner's failure is counted and
 * the worker goes on; a failure to get the next runner stops every worker from taking more and is thrown,
 * once all of them are done: a worker still sending after the invocation "ended" would run on in a frozen
 * Lambda and could outlive its claim.
 */
const runWorkers = async (
  concurrency: number,
  next: () => Promise<Runner | undefined>,
  handle: (runner: Runner) => Promise<Outcome>,
  result: DispatchResult,
  stop: () => void,
): Promise<void> => {
  const worker = async (): Promise<void> => {
    for (let runner = await next(); runner; runner = await next()) {
      try {
        result[await handle(runner)]++;
      } catch (error) {
        result.failed++;
        logger.error("runner failed", { runnerId: runner.id, error: error instanceof Error ? error.name : "unknown" });
      }
    }
  };
  const guarded = (): Promise<void> =>
    worker().catch((error: unknown) => {
      stop(); // the others finish what they hold and take nothing new
      throw error;
    });
  const settled = await Promise.allSettled(Array.from({ length: concurrency }, guarded));
  const failure = settled.find((s): s is PromiseRejectedResult => s.status === "rejected");
  if (failure) throw failure.reason;
};

/** One dispatcher run: Query due runners and hand each to the runner sender, in parallel, while time remains. */
export const dispatch = async (deps: DispatchDeps, input: DispatchInput): Promise<DispatchResult> => {
  const result: DispatchResult = { due: 0, sent: 0, skipped: 0, failed: 0 };
  await deps.wakePaused?.(input.now);
  const { take, state } = runnerSource(deps, input, result);
  // The first due runner, before anything that only sending needs (the rate, the SES client).
  let first = await take();
  if (!first) return finish(result, state.stopped);
  const [sendRate, quota] = await Promise.all([resolveSendRate(deps.sendRate), readQuota(deps.quota)]);
  // The runner already taken counts against the allowance too.
  state.allowance = quotaAllowance(quota);
  if (state.allowance < 1) {
    logger.warn("SES 24-hour quota is near: no weekly emails this tick", { ...quota });
    result.quotaStopped = true;
    return finish(result, true);
  }
  const next = async (): Promise<Runner | undefined> => {
    const runner = first;
    first = undefined;
    return runner ?? take();
  };
  const handle = createRunnerSender({ ...deps, sendRate }, input);
  await runWorkers(deps.concurrency ?? defaultConcurrency(sendRate), next, handle, result, () => (state.stopped = true));
  if (result.failed > 0) await deps.countFailures?.(input.now, result.failed).catch(() => logger.warn("send failures not counted"));
  recordWeeklyMetrics(result);
  return finish(result, state.stopped);
};

const finish = (result: DispatchResult, stoppedEarly: boolean): DispatchResult => {
  gauge(METRIC.dueBacklog, result.due);
  if (result.quotaStopped) logger.warn("dispatch stopped at the SES 24-hour quota; the rest stay due for later ticks", { ...result });
  logger.info("dispatch finished", { ...result, stoppedEarly });
  return result;
};
