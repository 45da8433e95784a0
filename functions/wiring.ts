import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { SESv2Client } from "@aws-sdk/client-sesv2";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { DynamoCheckinRepository } from "./adapters/dynamodb/checkins.js";
import { DynamoDueRepository } from "./adapters/dynamodb/due.js";
import { DynamoRunnerImporter } from "./adapters/dynamodb/importer.js";
import { DynamoOperatorReads } from "./adapters/dynamodb/operator-reads.js";
import { DynamoOperatorStore } from "./adapters/dynamodb/operator.js";
import { DynamoReplySeen } from "./adapters/dynamodb/reply-seen.js";
import { DynamoRunnerData } from "./adapters/dynamodb/runner-data.js";
import { DynamoRateLimiter } from "./adapters/dynamodb/rate-limiter.js";
import { DynamoRunnerRepository } from "./adapters/dynamodb/runners.js";
import { DynamoSubscriberAdmin } from "./adapters/dynamodb/subscribers.js";
import { SesMailer } from "./adapters/ses/mailer.js";
import { createRawMailStore } from "./adapters/raw-mail-store.js";
import { LogOperatorAlerts, SnsOperatorAlerts } from "./adapters/sns/alerts.js";
import { SqsSendQueue } from "./adapters/sqs/send-queue.js";
import { SqsSignupQueue } from "./adapters/sqs/signup-queue.js";
import { AfterAnswerSignupQueue } from "./adapters/local-queue/after-answer.js";
import type { Ports } from "./ports/index.js";
import type { ClientHook } from "./ports/client-hook.js";
import type { SignupQueue } from "./ports/signup-queue.js";
import type { SendQueue } from "./ports/queue.js";
import type { Config } from "./config.js";
import { loadConfig } from "./config.js";
import type { TokenKeys } from "./domain/tokens.js";
import { parseTokenKeys } from "./domain/tokens.js";

/**
 * The composition root: every SDK client and adapter is built here, once per cold start, from config.
 * Endpoints come from config; nothing here knows whether it runs in Lambda or on a laptop. The use
 * cases see only the ports (functions/app/deps.ts); the raw clients are here for the CLI, benches and tests.
 */
export interface Deps extends Ports {
  config: Config;
  keys: TokenKeys;
  ddb: DynamoDBClient;
  doc: DynamoDBDocumentClient;
  runners: DynamoRunnerRepository;
  rateLimiter: DynamoRateLimiter;
  /** One-off emails (confirmation, welcome, acknowledgements) and GetAccount: the SDK retries (SES_MAX_ATTEMPTS). */
  mailer: SesMailer;
  /** The weekly emails (dispatcher and fan-out sender): one SDK attempt per call (SES_SEND_MAX_ATTEMPTS). */
  weeklyMailer: SesMailer;
  /** The fan-out queue, when LEGWORK_FANOUT_QUEUE_URL is set (SQS; local runs pass their own). */
  queue?: SendQueue;
}

/**
 * Where signup work goes. With LEGWORK_SIGNUP_QUEUE_URL (CDK sets it): SQS. In Lambda without it: done
 * before the handler returns (correct, though then the answer waits for it: a frozen function would
 * never finish work left for later). Elsewhere (npm start, tests): in-process, just after the answer.
 */
const signupQueueFor = (config: Config, hook?: ClientHook): SignupQueue => {
  if (config.LEGWORK_SIGNUP_QUEUE_URL) return new SqsSignupQueue(config.LEGWORK_SIGNUP_QUEUE_URL, config.AWS_REGION, hook);
  if (process.env["AWS_LAMBDA_FUNCTION_NAME"]) return { enqueue: (job, work) => work(job) };
  return new AfterAnswerSignupQueue();
};

export interface Clients {
  ddb: DynamoDBClient;
  ses: SESv2Client;
}

/** SDK attempts per DynamoDB call: the SDK retries throttling, 5xx and lost responses (every write Legwork makes is conditional or idempotent). */
export const DYNAMODB_MAX_ATTEMPTS = 5;
/**
 * SDK attempts per call on the SES client that sends the weekly emails: one. When SES accepts an email and the
 * response is lost, an SDK retry would send it again inside the same call, past the dispatcher's token bucket
 * and outside its exactly-once accounting. The dispatcher retries throttling and 5xx itself (dispatch.ts).
 */
export const SES_SEND_MAX_ATTEMPTS = 1;
/** SDK attempts per call on the SES client for one-off emails and GetAccount, which have no retry of their own. */
export const SES_MAX_ATTEMPTS = 3;

const dynamoClient = (config: Config): DynamoDBClient =>
  new DynamoDBClient({ region: config.AWS_REGION, endpoint: config.DYNAMODB_ENDPOINT, maxAttempts: DYNAMODB_MAX_ATTEMPTS });

/**
 * An SES client, loaded on first use: a function that sends nothing on a request (a health check,
 * an empty tick, a feedback event) never loads the SES SDK, which is a fifth of a cold start.
 */
const sesClient = async (config: Config, maxAttempts: number, hook?: ClientHook): Promise<SESv2Client> => {
  const { SESv2Client } = await import("@aws-sdk/client-sesv2");
  const client = new SESv2Client({ region: config.AWS_REGION, endpoint: config.SES_ENDPOINT, maxAttempts });
  hook?.(client);
  return client;
};

/**
 * Both clients at once, for callers that add middleware to them (the CLI's simulate, tests). The SES client
 * is configured as the weekly sender's (SES_SEND_MAX_ATTEMPTS); passed to buildDeps, it serves every email.
 */
export const createClients = async (config: Config): Promise<Clients> => ({
  ddb: dynamoClient(config),
  ses: await sesClient(config, SES_SEND_MAX_ATTEMPTS),
});

/**
 * How long an instance keeps the token keys before reading the secret again: a rotation (a new "current"
 * key in the secret) reaches every warm instance within this time, with no forced cold start.
 */
export const TOKEN_KEYS_TTL_MS = 5 * 60_000;

/** A stand-in for functions that never sign or verify a link (feedback): any use fails with "current key is missing". */
export const NO_TOKEN_KEYS: TokenKeys = Object.freeze({ current: "", keys: Object.freeze({}) });

export const loadKeys = async (config: Config, hook?: ClientHook): Promise<TokenKeys> => {
  if (config.LEGWORK_TOKEN_KEYS) return parseTokenKeys(config.LEGWORK_TOKEN_KEYS);
  if (config.LEGWORK_TOKEN_SECRET_ARN) {
    const { GetSecretValueCommand, SecretsManagerClient } = await import("@aws-sdk/client-secrets-manager");
    const sm = new SecretsManagerClient({ region: config.AWS_REGION });
    hook?.(sm);
    const out = await sm.send(new GetSecretValueCommand({ SecretId: config.LEGWORK_TOKEN_SECRET_ARN }));
    return parseTokenKeys(out.SecretString ?? "");
  }
  throw new Error("Invalid Legwork configuration: set LEGWORK_TOKEN_KEYS or LEGWORK_TOKEN_SECRET_ARN");
};

/**
 * Builds the dependencies; pass clients to inject fault-injecting middleware in tests, and `clientHook` to
 * see every SDK client made (local runs check each call against the function's IAM policy with it).
 */
export const buildDeps = async (
  config: Config,
  overrides: Partial<Clients> & { now?: () => Date; queue?: SendQueue; keys?: TokenKeys; clientHook?: ClientHook } = {},
): Promise<Deps> => {
  const { now, queue, ddb = dynamoClient(config), ses, clientHook: hook } = overrides;
  for (const client of [ddb, ses]) if (client && hook) hook(client);
  const doc = DynamoDBDocumentClient.from(ddb, { marshallOptions: { removeUndefinedValues: true } });
  let sesReady: Promise<SESv2Client> | undefined;
  let sendingReady: Promise<SESv2Client> | undefined;
  const lazySes = (): Promise<SESv2Client> => (sesReady ??= sesClient(config, SES_MAX_ATTEMPTS, hook));
  const lazySending = (): Promise<SESv2Client> => (sendingReady ??= sesClient(config, SES_SEND_MAX_ATTEMPTS, hook));
  const table = config.LEGWORK_TABLE;
  const retentionDays = config.LEGWORK_CHECKIN_RETENTION_DAYS;
  const deps: Deps = {
    config,
    ddb,
    doc,
    runners: new DynamoRunnerRepository(doc, table),
    rateLimiter: new DynamoRateLimiter(doc, table),
    // The profile's copy of recent check-ins is pruned by the deps' clock, which tests and time travel replace.
    checkins: new DynamoCheckinRepository(doc, table, retentionDays, () => deps.now()),
    due: new DynamoDueRepository(doc, table),
    subscribers: new DynamoSubscriberAdmin(doc, table),
    importer: new DynamoRunnerImporter(doc, table),
    runnerData: new DynamoRunnerData(doc, table),
    operator: new DynamoOperatorStore(doc, table),
    operatorReads: new DynamoOperatorReads(doc, table),
    replySeen: new DynamoReplySeen(doc, table, retentionDays),
    mailer: new SesMailer(ses ?? lazySes, config.SES_CONFIGURATION_SET),
    weeklyMailer: new SesMailer(ses ?? lazySending, config.SES_CONFIGURATION_SET),
    keys: overrides.keys ?? (await loadKeys(config, hook)),
    rawMail: createRawMailStore(config, hook),
    alerts: config.LEGWORK_ALERT_TOPIC_ARN
      ? new SnsOperatorAlerts(config.AWS_REGION, config.LEGWORK_ALERT_TOPIC_ARN, hook)
      : new LogOperatorAlerts(),
    queue:
      queue ??
      (config.LEGWORK_FANOUT_QUEUE_URL ? new SqsSendQueue(config.LEGWORK_FANOUT_QUEUE_URL, config.AWS_REGION, undefined, hook) : undefined),
    signupQueue: signupQueueFor(config, hook),
    now: now ?? (() => new Date()),
  };
  return deps;
};

/** The same dependencies with these token keys (signup work queued in-process runs with the deps that queued it). */
const withTokenKeys = (deps: Deps, keys: TokenKeys): Deps => ({ ...deps, keys });

let base: Promise<Deps> | undefined;
let withKeys: { deps: Promise<Deps>; loadedAt: number } | undefined;

/**
 * Dependencies for a Lambda handler, built on first use and kept for the life of the instance. The token keys
 * are read only by functions that use them (`{ keys: false }` skips the secret: feedback has no permission to
 * read it) and again after TOKEN_KEYS_TTL_MS, so a rotated secret reaches warm instances.
 */
export const getDeps = (
  options: { keys?: boolean; clock?: () => number; readKeys?: (config: Config) => Promise<TokenKeys> } = {},
): Promise<Deps> => {
  const clock = options.clock ?? Date.now;
  const readKeys = options.readKeys ?? loadKeys;
  base ??= buildDeps(loadConfig(), { keys: NO_TOKEN_KEYS }).catch((error: unknown) => {
    base = undefined;
    throw error;
  });
  if (options.keys === false) return base;
  const now = clock();
  if (!withKeys || now - withKeys.loadedAt >= TOKEN_KEYS_TTL_MS) {
    const entry = {
      loadedAt: now,
      deps: base.then(async (deps) => withTokenKeys(deps, await readKeys(deps.config))),
    };
    entry.deps.catch(() => {
      if (withKeys === entry) withKeys = undefined;
    });
    withKeys = entry;
  }
  return withKeys.deps;
};

/** Forgets the cached dependencies (tests of getDeps only). */
export const resetDepsCache = (): void => {
  base = undefined;
  withKeys = undefined;
};
