import type { Mode } from "./inputs.js";
import { DEPLOYMENT, PRICES, QUERIES_PER_TICK, SQS_IDLE_POLLS_PER_MONTH, WEEKS_PER_MONTH } from "./inputs.js";

/** The model's inputs with every default filled in (./model.ts). */
export interface ModelInput {
  subscribers: number;
  rate: number;
  tickMinutes: number;
  msPerEmail: number;
  emailLatencyMs: number;
  itemKb: number;
  repliesPerEmail: number;
  replyKb: number;
}

export interface PerEmail {
  dynamodbReadUnits: number;
  dynamodbWriteUnits: number;
  /** Fan-out first marks the runner queued for the week (a lease, so later ticks don't queue it again). */
  leaseWrites: number;
  sqsRequests: number;
  lambdaBilledMs: number;
}

/** What one weekly email costs in DynamoDB units, SQS requests and billed Lambda time. */
export const perEmailUsage = (input: ModelInput, mode: Mode, directRate: number): PerEmail => {
  // Items are read and written whole; the due index projects ALL, so a write to an indexed item is also
  // a write to the index (and moving its key, as the advance does, is two).
  const wruPerWrite = Math.ceil(input.itemKb);
  const queryReadUnits = (input.itemKb / 4) * 0.5; // eventually consistent: 0.5 RRU per 4 KB, summed over a page
  const getItemReadUnits = mode === "fanout" ? Math.ceil(input.itemKb / 4) : 0; // the sender's consistent read
  const leaseWrites = mode === "fanout" ? 1 : 0;
  const tableWrites = 2 + leaseWrites; // (lease), claim, advance
  const indexWrites = leaseWrites + 1 + 2; // the lease and the claim rewrite the index copy; advance moves its key (delete + put)
  return {
    dynamodbReadUnits: queryReadUnits + getItemReadUnits,
    dynamodbWriteUnits: (tableWrites + indexWrites) * wruPerWrite,
    leaseWrites,
    sqsRequests: mode === "fanout" ? 3 / DEPLOYMENT.senderBatchSize : 0, // SendMessageBatch, ReceiveMessage, DeleteMessageBatch
    // Billed time: a direct dispatcher is paced, so it is billed the wall time between emails.
    lambdaBilledMs:
      mode === "direct"
        ? Math.max(input.msPerEmail, 1000 / directRate)
        : input.msPerEmail + input.emailLatencyMs / DEPLOYMENT.senderBatchSize,
  };
};

/** A month of weekly emails: usage, and its cost at PRICES (unrounded). */
export const monthlyUsage = (input: ModelInput, mode: Mode, perEmail: PerEmail) => {
  const emails = input.subscribers * WEEKS_PER_MONTH;
  const ticks = (WEEKS_PER_MONTH * 7 * 24 * 60) / input.tickMinutes;
  const idleTickMs = 200;
  const memoryGb = (mode === "fanout" ? DEPLOYMENT.senderMemoryMb : DEPLOYMENT.dispatcherMemoryMb) / 1024;
  const lambdaGbSeconds =
    ((emails * perEmail.lambdaBilledMs) / 1000) * memoryGb + ((ticks * idleTickMs) / 1000) * (DEPLOYMENT.dispatcherMemoryMb / 1024);
  const lambdaRequests = ticks + (mode === "fanout" ? emails / DEPLOYMENT.senderBatchSize : 0);
  const readUnits = emails * perEmail.dynamodbReadUnits + ticks * QUERIES_PER_TICK * 0.5;
  const writeUnits = emails * perEmail.dynamodbWriteUnits;
  const sqsRequests = mode === "fanout" ? emails * perEmail.sqsRequests + SQS_IDLE_POLLS_PER_MONTH : 0;
  const s3Puts = emails * input.repliesPerEmail;
  const s3GbStored = (s3Puts * input.replyKb) / (1024 * 1024);
  const cost = {
    lambda: lambdaGbSeconds * PRICES.lambdaGbSecond + lambdaRequests * PRICES.lambdaRequest,
    dynamodb: readUnits * PRICES.dynamodbReadUnit + writeUnits * PRICES.dynamodbWriteUnit,
    ses: emails * PRICES.sesEmail,
    sqs: sqsRequests * PRICES.sqsRequest,
    s3: s3Puts * PRICES.s3Put + s3GbStored * PRICES.s3GbMonth,
  };
  return { emails, lambdaGbSeconds, lambdaRequests, readUnits, writeUnits, sqsRequests, s3Puts, s3GbStored, cost };
};
