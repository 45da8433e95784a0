import { DynamoDueRepository } from "../adapters/dynamodb/due.js";
import { DynamoOperatorReads } from "../adapters/dynamodb/operator-reads.js";
import { weekStartOf } from "../domain/stats.js";
import { logger } from "../lib/logger.js";
import type { TokenBucket } from "../lib/token-bucket.js";
import type { Deps } from "../wiring.js";
import type { DispatchDeps } from "./dispatch.js";
import type { FanoutDeps, SenderDeps } from "./fanout.js";
import { resumeDuePaused } from "./preferences.js";
import { weeklyPacer } from "./send-retry.js";
import type { SendQuota } from "./send-quota.js";

const rates = new WeakMap<Deps, Promise<number>>();

/**
 * The send rate: configured (LEGWORK_SEND_RATE, then SES is never asked), or the SES account's MaxSendRate from
 * GetAccount, read once per cold start (per Deps) on the one-off client, whose SDK retries are safe for a read.
 */
export const sendRateOf = (deps: Deps): Promise<number> => {
  if (deps.config.LEGWORK_SEND_RATE) return Promise.resolve(deps.config.LEGWORK_SEND_RATE);
  let rate = rates.get(deps);
  if (!rate) {
    rate = deps.mailer.maxSendRate().then(
      (r) => (r && r > 0 ? r : 1),
      (error: unknown) => {
        logger.warn("GetAccount failed; pacing at 1 email/s", { error: error instanceof Error ? error.name : "unknown" });
        rates.delete(deps);
        return 1;
      },
    );
    rates.set(deps, rate);
  }
  return rate;
};

/** One token bucket per instance and rate: it outlives an invocation, so a sender paces across its batches. */
const pacers = new WeakMap<Deps["config"], TokenBucket>();
const instancePacer =
  (deps: Deps) =>
  (rate: number): TokenBucket => {
    let bucket = pacers.get(deps.config);
    if (!bucket || bucket.rate !== rate) {
      bucket = weeklyPacer(rate);
      pacers.set(deps.config, bucket);
    }
    return bucket;
  };

/** SES's 24-hour quota, read fresh at each run that has someone due (one GetAccount). */
const quotaOf = (deps: Deps) => (): Promise<SendQuota | undefined> => deps.mailer.sendQuota();

/** The dispatcher's deps; the send rate is read only once someone is due. Weekly emails go through the one-attempt client. */
export const dispatchDeps = (deps: Deps): DispatchDeps => ({
  config: deps.config,
  keys: deps.keys,
  due: new DynamoDueRepository(deps.doc, deps.config.LEGWORK_TABLE),
  mailer: deps.weeklyMailer,
  sendRate: () => sendRateOf(deps),
  wakePaused: (now) => resumeDuePaused(deps, now),
  countFailures: (now, failed) => new DynamoOperatorReads(deps.doc, deps.config.LEGWORK_TABLE).countSendFailures(weekStartOf(now), failed),
  quota: quotaOf(deps),
  pacer: instancePacer(deps),
});

/** The dispatcher in fan-out mode: the due Query and the queue (wiring builds it from LEGWORK_FANOUT_QUEUE_URL). */
export const fanoutDeps = (deps: Deps): FanoutDeps => {
  if (!deps.queue) throw new Error("Invalid Legwork configuration: fan-out needs LEGWORK_FANOUT_QUEUE_URL");
  return {
    config: deps.config,
    due: new DynamoDueRepository(deps.doc, deps.config.LEGWORK_TABLE),
    queue: deps.queue,
    wakePaused: (now) => resumeDuePaused(deps, now),
    quota: quotaOf(deps),
  };
};

/** The fan-out sender: the dispatcher's own runner sender, and a fresh read of each queued runner. */
export const senderDeps = (deps: Deps): SenderDeps => {
  const { wakePaused: _wake, quota: _quota, countFailures: _count, ...dispatch } = dispatchDeps(deps);
  // The senders share the account rate: each paces to its share, so together they never exceed it.
  const share = deps.config.LEGWORK_SENDER_CONCURRENCY;
  return {
    dispatch: { ...dispatch, sendRate: () => sendRateOf(deps).then((rate) => rate / share) },
    getRunner: (id) => deps.runners.getById(id),
    now: deps.now,
  };
};
