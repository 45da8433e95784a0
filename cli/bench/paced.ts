import { performance } from "node:perf_hooks";
import { LocalSendQueue } from "../../functions/adapters/local-queue/send-queue.js";
import { dispatch } from "../../functions/app/dispatch.js";
import { dispatchDeps, fanoutDeps, senderDeps } from "../../functions/app/dispatch-deps.js";
import { enqueueDue, sendQueued } from "../../functions/app/fanout.js";
import type { Deps } from "../../functions/wiring.js";
import { buildDeps } from "../../functions/wiring.js";
import { seedDue } from "./dispatch.js";
import { spawnEngines } from "./engines.js";
import { benchConfig, useLocalCredentials } from "./local-config.js";
import { startRateLimitedSes } from "./ses-rate-limit.js";

export interface PacedRun {
  sent: number;
  seconds: number;
  /** Accepted sends per second over the run, divided by the enforced rate. */
  achievedRatio: number;
  /** SendEmail calls the layer refused for the rate. */
  throttled: number;
}

export interface PacedBench {
  rate: number;
  direct: PacedRun;
  fanout: PacedRun & { concurrency: number };
}

const round = (n: number, digits = 3): number => Number(n.toFixed(digits));

/** The local SQS stand-in feeding one batch at a time to each sender instance (so at most one per instance in flight). */
const senderQueue = (instances: Deps[]): LocalSendQueue => {
  const idle = [...instances];
  return new LocalSendQueue(
    async (event) => {
      const instance = idle.pop();
      if (!instance) throw new Error("more batches in flight than sender instances");
      try {
        return await sendQueued(senderDeps(instance), { records: event.Records, remainingMs: () => 60_000 });
      } finally {
        idle.push(instance);
      }
    },
    { maxConcurrency: instances.length },
  );
};

/**
 * Sends against a local SES that enforces its MaxSendRate (ses-rate-limit.ts): the dispatcher alone (direct),
 * then the fan-out path with `concurrency` sender instances, each a Deps of its own (as Lambda instances are)
 * pacing to rate ÷ concurrency, fed by the local SQS stand-in at that maximum concurrency. The rate comes from
 * GetAccount, as in AWS. `seconds` runs from the start of the dispatcher run to the last send.
 */
export const measurePaced = async (options: {
  rate: number;
  emails: number;
  concurrency: number;
  log?: (text: string) => void;
}): Promise<PacedBench> => {
  const log = options.log ?? (() => undefined);
  const table = "legwork-bench-paced";
  useLocalCredentials();
  const engines = await spawnEngines({ table });
  const ses = await startRateLimitedSes(engines.sesEndpoint, options.rate);
  const config = (extra: Record<string, string> = {}) =>
    benchConfig({ dynamodbEndpoint: engines.dynamodbEndpoint, sesEndpoint: ses.endpoint }, table, extra);
  const made: Deps[] = [];
  const deps = async (extra: Record<string, string> = {}): Promise<Deps> => {
    const built = await buildDeps(config(extra));
    made.push(built);
    return built;
  };
  let started = 0;
  const run = (sent: number): PacedRun => {
    const seconds = ((ses.window.last ?? started) - started) / 1000;
    return { sent, seconds: round(seconds, 2), achievedRatio: round(sent / seconds / options.rate), throttled: ses.counts.throttled };
  };
  try {
    const direct = await deps();
    const now = new Date();
    // Warm-up (not measured): the SDK clients, MIME and rendering load on the first send.
    await seedDue(direct, "warm", 4, now, 10);
    await dispatch(dispatchDeps(direct), { now, remainingMs: () => 15 * 60_000 });
    await seedDue(direct, "paced", options.emails, now, 11);
    log(`paced: direct, ${options.emails} due at ${options.rate}/s`);
    ses.reset();
    started = performance.now();
    const result = await dispatch(dispatchDeps(direct), { now, remainingMs: () => 15 * 60_000 });
    const directRun = run(result.sent);

    const env = { LEGWORK_SENDER_CONCURRENCY: String(options.concurrency) };
    const instances = await Promise.all(Array.from({ length: options.concurrency }, () => deps(env)));
    const queue = senderQueue(instances);
    const later = new Date(now.getTime() + 1000);
    // Warm-up (not measured): one batch on each instance, as warm Lambda instances would have had.
    await seedDue(direct, "warmfan", 10 * options.concurrency, later, 13);
    await enqueueDue(fanoutDeps({ ...direct, queue }), { now: later, remainingMs: () => 15 * 60_000 });
    await queue.idle();
    await seedDue(direct, "fanned", options.emails, later, 12);
    log(`paced: fan-out, ${options.emails} due, ${options.concurrency} senders`);
    ses.reset();
    started = performance.now();
    await enqueueDue(fanoutDeps({ ...direct, queue }), { now: later, remainingMs: () => 15 * 60_000 });
    await queue.idle();
    const fanoutRun = run(ses.counts.accepted);
    return { rate: options.rate, direct: directRun, fanout: { concurrency: options.concurrency, ...fanoutRun } };
  } finally {
    for (const d of made) d.ddb.destroy();
    await ses.stop();
    await engines.stop();
  }
};
