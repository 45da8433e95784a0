/** The named assumptions of the capacity model (./model.ts): prices, the deployment, its inputs and its result. */
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
