/**
 * A capacity and cost model for the weekly send: how long a cohort takes to drain, how many Lambdas run
 * at the peak, and what a month costs. Pure arithmetic on named assumptions, so every number in the
 * output can be traced to one constant or input (and checked against a simulated run: see
 * tests/cli/scale/model.test.ts, which counts the real SDK calls per email).
 */

/** Published on-demand prices, us-east-1, USD (2024 price pages). */
export const PRICES = {
  /** Lambda compute per GB-second on arm64 (the functions are ARM_64); x86_64 is $0.0000166667. */
  lambdaGbSecond: 0.0000133334,
  /** Lambda requests: $0.20 per 1M. */
  lambdaRequest: 0.2 / 1_000_000,
  /** DynamoDB on-demand: $0.625 per million write request units. */
  dynamodbWriteUnit: 0.625 / 1_000_000,
  /** DynamoDB on-demand: $0.125 per million read request units. */
  dynamodbReadUnit: 0.125 / 1_000_000,
  /** SES outbound: $0.10 per 1,000 emails. */
  sesEmail: 0.1 / 1_000,
  /** SQS standard: $0.40 per 1M requests (each up to 64 KB), fan-out only. */
  sqsRequest: 0.4 / 1_000_000,
  /** S3 Standard storage: $0.023 per GB-month. */
  s3GbMonth: 0.023,
  /** S3 PUT: $0.005 per 1,000. */
  s3Put: 0.005 / 1_000,
} as const;

/**
 * The deployment as infra/stacks/service-stack.ts builds it (tests/cli/scale/model.test.ts pins these
 * against the synthesised template) and the dispatcher's own constants (functions/app/dispatch.ts).
 */
export const DEPLOYMENT = {
  dispatcherMemoryMb: 512,
  senderMemoryMb: 512,
  /** The dispatcher's Lambda timeout. */
  dispatcherTimeoutSeconds: 300,
  /** LEGWORK_SAFETY_MARGIN_MS default: the dispatcher stops taking work this long before its timeout. */
  safetyMarginSeconds: 30,
  /** DISPATCH_SCHEDULE: every quarter hour on the clock. */
  tickMinutes: 15,
  /** MAX_CONCURRENCY: sends in flight in one dispatcher. */
  maxConcurrency: 16,
  /** SQS event source batch size. */
  senderBatchSize: 10,
  /** The SQS event source's lowest maximum concurrency. */
  senderMinConcurrency: 2,
} as const;

export const WEEKS_PER_MONTH = 52 / 12;
/** The contract's send slots: a weekday and an hour in the runner's zone. */
export const SEND_SLOTS_PER_WEEK = 7 * 24;
/** Rows a due Query page returns (DynamoDueRepository pageSize). */
export const DUE_PAGE_SIZE = 100;
/** Queries every tick makes even with nothing due: the due shards and the paused (wake) shards, 4 each. */
export const QUERIES_PER_TICK = 8;
/** Idle long polls of an SQS event source (about 5 pollers × 3 a minute), a month. */
export const SQS_IDLE_POLLS_PER_MONTH = 5 * 3 * 60 * 24 * 30;

export type Spread = "worst" | "uniform";
export type Mode = "direct" | "fanout";

export interface ScaleInput {
  /** Active runners, one email a week each. */
  subscribers: number;
  /** SES MaxSendRate, emails per second. */
  rate: number;
  tickMinutes?: number;
  /**
   * Compute per email in the sending function, ms (render, MIME, SDK calls). Default 15: `legwork bench`
   * measures about 5 ms of CPU per email on a laptop core; a 512 MB Lambda has about a third of a vCPU.
   */
  msPerEmail?: number;
  /** One email's round trip in AWS (claim, SendEmail, advance), ms; bounds a dispatcher's in-flight throughput. */
  emailLatencyMs?: number;
  /** Size of a runner's profile item, KB (it grows a little each week with the send log). */
  itemKb?: number;
  /** Replies per email (check-ins), stored raw in S3. Inbound Lambda and DynamoDB costs are left out. */
  repliesPerEmail?: number;
  replyKb?: number;
  /** "worst": every subscriber picked the same hourly slot; "uniform": spread over the 168 weekly slots. */
  spread?: Spread;
  /** Force a mode; by default the design's rule picks it (fan out past 0.8 × rate × tick seconds). */
  mode?: Mode;
}

export interface DrainEstimate {
  /** Emails per second this mode sustains while it is sending. */
  sendRate: number;
  /** Emails one tick can take (direct: one dispatcher run; fan-out: the senders over a tick). */
  perTick: number;
  hours: number;
}

export interface ScaleResult {
  input: Required<Omit<ScaleInput, "mode">> & { mode: Mode };
  assumptions: string[];
  cohort: number;
  /** The design's fan-out point: 0.8 × rate × tick seconds, emails per slot. */
  fanoutThreshold: number;
  /** The chosen mode's drain time (hours, and minutes for short ones). */
  drain: { direct: DrainEstimate; fanout: DrainEstimate; hours: number; minutes: number };
  peakLambdaConcurrency: number;
  perEmail: {
    dynamodbReadUnits: number;
    dynamodbWriteUnits: number;
    dynamodbRequests: { query: number; getItem: number; updateItem: number };
    sesSends: number;
    sqsRequests: number;
    lambdaBilledMs: number;
  };
  monthly: {
    emails: number;
    lambdaGbSeconds: number;
    lambdaRequests: number;
    dynamodbReadUnits: number;
    dynamodbWriteUnits: number;
    sqsRequests: number;
    s3Puts: number;
    s3GbStored: number;
    costUsd: { lambda: number; dynamodb: number; ses: number; sqs: number; s3: number; total: number };
  };
}

const round = (n: number, places: number): number => Number(n.toFixed(places));

/** Hours to send `cohort` emails at `rate`/s, taking at most `perTick` a tick, ticks `tickMinutes` apart. */
export const drainHours = (cohort: number, rate: number, perTick: number, tickMinutes: number): number => {
  if (cohort <= 0) return 0;
  const fullTicks = Math.ceil(cohort / perTick) - 1;
  const last = cohort - fullTicks * perTick;
  return (fullTicks * tickMinutes * 60 + last / rate) / 3600;
};

/** The model. Throws RangeError on inputs that make no sense (no subscribers is fine: 0 emails). */
export const scaleModel = (raw: ScaleInput): ScaleResult => {
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

  const tickSeconds = input.tickMinutes * 60;
  const cohort = input.spread === "worst" ? input.subscribers : Math.ceil(input.subscribers / SEND_SLOTS_PER_WEEK);
  const fanoutThreshold = 0.8 * input.rate * tickSeconds;
  const mode: Mode = raw.mode ?? (cohort > fanoutThreshold ? "fanout" : "direct");

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
  const fanoutPerTick = input.rate * tickSeconds;
  const fanout: DrainEstimate = {
    sendRate: input.rate,
    perTick: Math.floor(fanoutPerTick),
    hours: round(drainHours(cohort, input.rate, fanoutPerTick, input.tickMinutes), 2),
  };

  // One sender batch: ten emails' compute one after another, plus one round trip (the sends overlap).
  const batchSeconds = (DEPLOYMENT.senderBatchSize * input.msPerEmail + input.emailLatencyMs) / 1000;
  const senders = Math.max(DEPLOYMENT.senderMinConcurrency, Math.ceil((input.rate * batchSeconds) / DEPLOYMENT.senderBatchSize));
  const peakLambdaConcurrency = mode === "fanout" ? 1 + senders : 1;

  // DynamoDB per email. Items are read and written whole; the due index projects ALL, so a write to an
  // indexed item is also a write to the index (and moving its key, as the advance does, is two).
  const wruPerWrite = Math.ceil(input.itemKb);
  const queryReadUnits = (input.itemKb / 4) * 0.5; // eventually consistent: 0.5 RRU per 4 KB, summed over a page
  const getItemReadUnits = mode === "fanout" ? Math.ceil(input.itemKb / 4) : 0; // the sender's consistent read
  // Fan-out first marks the runner queued for the week (a lease, so later ticks don't queue it again).
  const leaseWrites = mode === "fanout" ? 1 : 0;
  const tableWrites = 2 + leaseWrites; // (lease), claim, advance
  const indexWrites = leaseWrites + 1 + 2; // the lease and the claim rewrite the index copy; advance moves its key (delete + put)
  const dynamodbWriteUnits = (tableWrites + indexWrites) * wruPerWrite;
  const dynamodbReadUnits = queryReadUnits + getItemReadUnits;
  const sqsRequests = mode === "fanout" ? 3 / DEPLOYMENT.senderBatchSize : 0; // SendMessageBatch, ReceiveMessage, DeleteMessageBatch
  // Billed time: a direct dispatcher is paced, so it is billed the wall time between emails.
  const lambdaBilledMs =
    mode === "direct"
      ? Math.max(input.msPerEmail, 1000 / directRate)
      : input.msPerEmail + input.emailLatencyMs / DEPLOYMENT.senderBatchSize;

  const emails = input.subscribers * WEEKS_PER_MONTH;
  const ticks = (WEEKS_PER_MONTH * 7 * 24 * 60) / input.tickMinutes;
  const idleTickMs = 200;
  const memoryGb = (mode === "fanout" ? DEPLOYMENT.senderMemoryMb : DEPLOYMENT.dispatcherMemoryMb) / 1024;
  const lambdaGbSeconds =
    ((emails * lambdaBilledMs) / 1000) * memoryGb + ((ticks * idleTickMs) / 1000) * (DEPLOYMENT.dispatcherMemoryMb / 1024);
  const lambdaRequests = ticks + (mode === "fanout" ? emails / DEPLOYMENT.senderBatchSize : 0);
  const monthlyReadUnits = emails * dynamodbReadUnits + ticks * QUERIES_PER_TICK * 0.5;
  const monthlyWriteUnits = emails * dynamodbWriteUnits;
  const monthlySqs = mode === "fanout" ? emails * sqsRequests + SQS_IDLE_POLLS_PER_MONTH : 0;
  const s3Puts = emails * input.repliesPerEmail;
  const s3GbStored = (s3Puts * input.replyKb) / (1024 * 1024);

  const cost = {
    lambda: lambdaGbSeconds * PRICES.lambdaGbSecond + lambdaRequests * PRICES.lambdaRequest,
    dynamodb: monthlyReadUnits * PRICES.dynamodbReadUnit + monthlyWriteUnits * PRICES.dynamodbWriteUnit,
    ses: emails * PRICES.sesEmail,
    sqs: monthlySqs * PRICES.sqsRequest,
    s3: s3Puts * PRICES.s3Put + s3GbStored * PRICES.s3GbMonth,
  };
  const total = cost.lambda + cost.dynamodb + cost.ses + cost.sqs + cost.s3;

  return {
    input: { ...input, mode },
    assumptions: [
      input.spread === "worst"
        ? "worst case: every subscriber chose the same weekly send slot (one weekday, one hour), so one tick finds them all due"
        : `uniform: subscribers spread evenly over the ${SEND_SLOTS_PER_WEEK} weekly send slots`,
      `direct mode: one dispatcher a tick sends for ${DEPLOYMENT.dispatcherTimeoutSeconds - DEPLOYMENT.safetyMarginSeconds} s (timeout − safety margin) at min(rate, ${DEPLOYMENT.maxConcurrency} in flight × 1000/emailLatencyMs, 1000/msPerEmail)`,
      "fan-out mode: senders together send at the SES rate all tick long; the dispatcher's enqueue time is left out",
      `one email a week per subscriber; ${round(WEEKS_PER_MONTH, 3)} weeks a month; signups, confirmations, inbound and the web function are left out`,
      `DynamoDB per email: 1/${DUE_PAGE_SIZE} of a due Query page (eventually consistent), claim + advance writes, due-index (projection ALL) writes; a consistent GetItem per queued runner in fan-out`,
      "Lambda billed time: a paced direct dispatcher is billed the wall time between emails; a sender is billed its compute plus a tenth of a round trip per email",
      "prices: us-east-1 on-demand, arm64 Lambda",
    ],
    cohort,
    fanoutThreshold: Math.floor(fanoutThreshold),
    drain: {
      direct,
      fanout,
      hours: mode === "fanout" ? fanout.hours : direct.hours,
      minutes: round(
        60 *
          drainHours(
            cohort,
            mode === "fanout" ? input.rate : directRate,
            mode === "fanout" ? fanoutPerTick : directPerTick,
            input.tickMinutes,
          ),
        1,
      ),
    },
    peakLambdaConcurrency,
    perEmail: {
      dynamodbReadUnits: round(dynamodbReadUnits, 4),
      dynamodbWriteUnits,
      dynamodbRequests: { query: round(1 / DUE_PAGE_SIZE, 4), getItem: mode === "fanout" ? 1 : 0, updateItem: 2 + leaseWrites },
      sesSends: 1,
      sqsRequests: round(sqsRequests, 3),
      lambdaBilledMs: round(lambdaBilledMs, 2),
    },
    monthly: {
      emails: Math.round(emails),
      lambdaGbSeconds: round(lambdaGbSeconds, 1),
      lambdaRequests: Math.round(lambdaRequests),
      dynamodbReadUnits: Math.round(monthlyReadUnits),
      dynamodbWriteUnits: Math.round(monthlyWriteUnits),
      sqsRequests: Math.round(monthlySqs),
      s3Puts: Math.round(s3Puts),
      s3GbStored: round(s3GbStored, 3),
      costUsd: {
        lambda: round(cost.lambda, 2),
        dynamodb: round(cost.dynamodb, 2),
        ses: round(cost.ses, 2),
        sqs: round(cost.sqs, 2),
        s3: round(cost.s3, 2),
        total: round(total, 2),
      },
    },
  };
};
