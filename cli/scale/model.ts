/**
 * A capacity and cost model for the weekly send: how long a cohort takes to drain, how many Lambdas run
 * at the peak, and what a month costs. Pure arithmetic on named assumptions, so every number in the
 * output can be traced to one constant or input (and checked against a simulated run: see
 * tests/cli/scale/model.test.ts, which counts the real SDK calls per email).
 */
import type { DrainEstimate, Mode, ScaleInput, ScaleResult } from "./inputs.js";
import { DEPLOYMENT, DUE_PAGE_SIZE, SEND_SLOTS_PER_WEEK, WEEKS_PER_MONTH } from "./inputs.js";
import { monthlyUsage, perEmailUsage } from "./usage.js";

const round = (n: number, places: number): number => Number(n.toFixed(places));

/** Hours to send `cohort` emails at `rate`/s, taking at most `perTick` a tick, ticks `tickMinutes` apart. */
export const drainHours = (cohort: number, rate: number, perTick: number, tickMinutes: number): number => {
  if (cohort <= 0) return 0;
  const fullTicks = Math.ceil(cohort / perTick) - 1;
  const last = cohort - fullTicks * perTick;
  return (fullTicks * tickMinutes * 60 + last / rate) / 3600;
};

/** The inputs with their defaults; RangeError on inputs that make no sense (no subscribers is fine: 0 emails). */
const withDefaults = (raw: ScaleInput) => {
  const input = {
    subscribers: raw.subscribers,
    rate: raw.rate,
    tickMinutes: raw.tickMinutes ?? DEPLOYMENT.tickMinutes,
    msPerEmail: raw.msPerEmail ?? 15,
    emailLatencyMs: raw.emailLatencyMs ?? 120,
    itemKb: raw.itemKb ?? 2,
    repliesPerEmail: raw.repliesPerEmail ?? 0.1,
    replyKb: raw.replyKb ?? 20,
    spread: raw.spread ?? "worst",
  };
  for (const [k, v] of Object.entries(input))
    if (typeof v === "number" && !(Number.isFinite(v) && v >= 0)) throw new RangeError(`${k} must be a number ≥ 0`);
  if (!(input.rate > 0) || !(input.tickMinutes > 0) || !(input.itemKb > 0))
    throw new RangeError("rate, tickMinutes and itemKb must be > 0");
  return input;
};

type Input = ReturnType<typeof withDefaults>;

/** How long `cohort` takes in each mode, and the rates and per-tick amounts behind it. */
const drainEstimates = (input: Input, cohort: number) => {
  // Direct: one dispatcher a tick, sending for (timeout − margin) at the lower of the SES rate and what
  // MAX_CONCURRENCY sends in flight can carry at emailLatencyMs each.
  const directRate = Math.min(input.rate, (DEPLOYMENT.maxConcurrency * 1000) / input.emailLatencyMs, 1000 / input.msPerEmail);
  const directPerTick = directRate * (DEPLOYMENT.dispatcherTimeoutSeconds - DEPLOYMENT.safetyMarginSeconds);
  const direct: DrainEstimate = {
    sendRate: round(directRate, 2),
    perTick: Math.floor(directPerTick),
    hours: round(drainHours(cohort, directRate, directPerTick, input.tickMinutes), 2),
  };
  // Fan-out: senders paced by the SES rate all tick long (the dispatcher only queues, which is fast).
  const fanoutPerTick = input.rate * (input.tickMinutes * 60);
  const fanout: DrainEstimate = {
    sendRate: input.rate,
    perTick: Math.floor(fanoutPerTick),
    hours: round(drainHours(cohort, input.rate, fanoutPerTick, input.tickMinutes), 2),
  };
  return { directRate, directPerTick, direct, fanoutPerTick, fanout };
};

/** Every assumption behind the numbers, in words, printed with them. */
const assumptions = (input: Input): string[] => [
  input.spread === "worst"
    ? "worst case: every subscriber chose the same weekly send slot (one weekday, one hour), so one tick finds them all due"
    : `uniform: subscribers spread evenly over the ${SEND_SLOTS_PER_WEEK} weekly send slots`,
  `direct mode: one dispatcher a tick sends for ${DEPLOYMENT.dispatcherTimeoutSeconds - DEPLOYMENT.safetyMarginSeconds} s (timeout − safety margin) at min(rate, ${DEPLOYMENT.maxConcurrency} in flight × 1000/emailLatencyMs, 1000/msPerEmail)`,
  "fan-out mode: senders together send at the SES rate all tick long; the dispatcher's enqueue time is left out",
  `one email a week per subscriber; ${round(WEEKS_PER_MONTH, 3)} weeks a month; signups, confirmations, inbound and the web function are left out`,
  `DynamoDB per email: 1/${DUE_PAGE_SIZE} of a due Query page (eventually consistent), claim + advance writes, due-index (projection ALL) writes; a consistent GetItem per queued runner in fan-out`,
  "Lambda billed time: a paced direct dispatcher is billed the wall time between emails; a sender is billed its compute plus a tenth of a round trip per email",
  "prices: us-east-1 on-demand, arm64 Lambda",
];

/** The model. Throws RangeError on inputs that make no sense (no subscribers is fine: 0 emails). */
export const scaleModel = (raw: ScaleInput): ScaleResult => {
  const input = withDefaults(raw);
  const cohort = input.spread === "worst" ? input.subscribers : Math.ceil(input.subscribers / SEND_SLOTS_PER_WEEK);
  const tickSeconds = input.tickMinutes * 60;
  const fanoutThreshold = 0.8 * input.rate * tickSeconds;
  const mode: Mode = raw.mode ?? (cohort > fanoutThreshold ? "fanout" : "direct");
  const drain = drainEstimates(input, cohort);
  // One sender batch: ten emails' compute one after another, plus one round trip (the sends overlap).
  const batchSeconds = (DEPLOYMENT.senderBatchSize * input.msPerEmail + input.emailLatencyMs) / 1000;
  const senders = Math.max(DEPLOYMENT.senderMinConcurrency, Math.ceil((input.rate * batchSeconds) / DEPLOYMENT.senderBatchSize));
  const perEmail = perEmailUsage(input, mode, drain.directRate);
  const month = monthlyUsage(input, mode, perEmail);
  const fan = mode === "fanout";
  return {
    input: { ...input, mode },
    assumptions: assumptions(input),
    cohort,
    fanoutThreshold: Math.floor(fanoutThreshold),
    drain: {
      direct: drain.direct,
      fanout: drain.fanout,
      hours: fan ? drain.fanout.hours : drain.direct.hours,
      minutes: round(
        60 * drainHours(cohort, fan ? input.rate : drain.directRate, fan ? drain.fanoutPerTick : drain.directPerTick, input.tickMinutes),
        1,
      ),
    },
    peakLambdaConcurrency: fan ? 1 + senders : 1,
    perEmail: {
      dynamodbReadUnits: round(perEmail.dynamodbReadUnits, 4),
      dynamodbWriteUnits: perEmail.dynamodbWriteUnits,
      dynamodbRequests: { query: round(1 / DUE_PAGE_SIZE, 4), getItem: fan ? 1 : 0, updateItem: 2 + perEmail.leaseWrites },
      sesSends: 1,
      sqsRequests: round(perEmail.sqsRequests, 3),
      lambdaBilledMs: round(perEmail.lambdaBilledMs, 2),
    },
    monthly: {
      emails: Math.round(month.emails),
      lambdaGbSeconds: round(month.lambdaGbSeconds, 1),
      lambdaRequests: Math.round(month.lambdaRequests),
      dynamodbReadUnits: Math.round(month.readUnits),
      dynamodbWriteUnits: Math.round(month.writeUnits),
      sqsRequests: Math.round(month.sqsRequests),
      s3Puts: Math.round(month.s3Puts),
      s3GbStored: round(month.s3GbStored, 3),
      costUsd: {
        ...(Object.fromEntries(Object.entries(month.cost).map(([k, v]) => [k, round(v, 2)])) as Record<keyof typeof month.cost, number>),
        total: round(month.cost.lambda + month.cost.dynamodb + month.cost.ses + month.cost.sqs + month.cost.s3, 2),
      },
    },
  };
};
