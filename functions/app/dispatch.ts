import type { DueRepository } from "../ports/due.js";
import type { Config } from "../config.js";
import type { Runner } from "../domain/profile.js";
import type { TokenKeys } from "../domain/tokens.js";
import { logger } from "../lib/logger.js";
import type { Mailer } from "../ports/mailer.js";
import type { TokenBucket } from "../lib/token-bucket.js";
import { METRIC } from "../lib/metric-names.js";
import { gauge } from "../lib/metrics.js";
import { DispatchAbort, createRunnerSender, defaultConcurrency, resolveSendRate } from "./runner-sender.js";
import type { SendQuota } from "./send-quota.js";
import { quotaAllowance, readQuota, recordWeeklyMetrics } from "./send-quota.js";

export * from "./runner-sender.js";
export * from "./weekly-email.js";

export interface DispatchResult {
  due: number;
  sent: number;
  skipped: number;
  failed: number;
  /** Present (true) when the run stopped because SES's 24-hour quota was near: the rest stay due for later ticks. */
  quotaStopped?: true;
}

/** Test seams that stand for the process dying at the worst moments. A hook that throws aborts the run. */
export interface DispatchHooks {
  afterClaim?(runnerId: string): void | Promise<void>;
  /** SES accepted the email with this Message-ID; the advance is not written yet. */
  afterSend?(runnerId: string, messageId: string): void | Promise<void>;
  /** The advance write returned (it landed, or found the claim no longer ours). */
  afterAdvance?(runnerId: string, messageId: string): void | Promise<void>;
}

export interface DispatchDeps {
  config: Config;
  keys: TokenKeys;
  due: DueRepository;
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
  hooks?: DispatchHooks;
}

/** One dispatcher run: Query due runners and hand each to the runner sender, in parallel, while time remains. */
export const dispatch = async (deps: DispatchDeps, input: DispatchInput): Promise<DispatchResult> => {
  const result: DispatchResult = { due: 0, sent: 0, skipped: 0, failed: 0 };
  await deps.wakePaused?.(input.now);
  const source = deps.due.due(input.now);
  let stopped = false;
  let allowance = Number.POSITIVE_INFINITY;

  // Runners taken or being fetched: counted before the await, so parallel workers cannot all pass the quota check.
  let taking = 0;
  const take = async (): Promise<Runner | undefined> => {
    if (stopped || input.remainingMs() < deps.config.LEGWORK_SAFETY_MARGIN_MS) {
      stopped = true;
      return undefined;
    }
    if (taking >= allowance) {
      stopped = true;
      result.quotaStopped = true;
      return undefined;
    }
    taking++;
    const item = await source.next();
    if (item.done) return undefined;
    result.due++;
    return item.value;
  };

  // The first due runner, before anything that only sending needs (the rate, the SES client).
  let first = await take();
  if (!first) return finish(result, stopped);
  const [sendRate, quota] = await Promise.all([resolveSendRate(deps.sendRate), readQuota(deps.quota)]);
  // The runner already taken counts against the allowance too.
  allowance = quotaAllowance(quota);
  if (allowance < 1) {
    logger.warn("SES 24-hour quota is near: no weekly emails this tick", { ...quota });
    result.quotaStopped = true;
    return finish(result, true);
  }
  const handle = createRunnerSender({ ...deps, sendRate }, input);
  const concurrency = deps.concurrency ?? defaultConcurrency(sendRate);
  const next = async (): Promise<Runner | undefined> => {
    if (first) {
      const runner = first;
      first = undefined;
      return runner;
    }
    return take();
  };

  const worker = async (): Promise<void> => {
    try {
      for (let runner = await next(); runner; runner = await next()) {
        try {
          result[await handle(runner)]++;
        } catch (error) {
          if (error instanceof DispatchAbort) throw error;
          result.failed++;
          logger.error("runner failed", { runnerId: runner.id, error: error instanceof Error ? error.name : "unknown" });
        }
      }
    } catch (error) {
      stopped = true; // the others finish what they hold and take nothing new
      throw error;
    }
  };

  // Wait for every worker before returning, even when one fails: a worker still sending after the
  // invocation "ended" would run on in a frozen Lambda and could outlive its claim.
  const settled = await Promise.allSettled(Array.from({ length: concurrency }, worker));
  const failure = settled.find((s): s is PromiseRejectedResult => s.status === "rejected");
  if (failure) throw failure.reason;
  if (result.failed > 0) await deps.countFailures?.(input.now, result.failed).catch(() => logger.warn("send failures not counted"));
  recordWeeklyMetrics(result);
  return finish(result, stopped);
};

const finish = (result: DispatchResult, stoppedEarly: boolean): DispatchResult => {
  gauge(METRIC.dueBacklog, result.due);
  if (result.quotaStopped) logger.warn("dispatch stopped at the SES 24-hour quota; the rest stay due for later ticks", { ...result });
  logger.info("dispatch finished", { ...result, stoppedEarly });
  return result;
};
