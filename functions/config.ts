import * as z from "zod/mini";
import "./domain/zod-locale.js";

/**
 * Every setting Legwork reads from the environment, parsed once at cold start.
 * Endpoints are optional: unset means the real AWS endpoint for the region.
 * The local stack sets them to its embedded stand-ins; no code branches on "local".
 */
const optionalUrl = z.optional(z.url());

export const configSchema = z.object({
  AWS_REGION: z._default(z.string().check(z.minLength(1)), "eu-west-1"),
  LEGWORK_TABLE: z._default(z.string().check(z.minLength(1)), "legwork-runners"),
  LEGWORK_REPLY_BUCKET: z._default(z.string().check(z.minLength(1)), "legwork-replies"),
  DYNAMODB_ENDPOINT: optionalUrl,
  SES_ENDPOINT: optionalUrl,
  S3_ENDPOINT: optionalUrl,
  /**
   * Public base URL of the web function for links in emails, e.g. https://coach.example.org.
   * The web function may leave it unset and use the Function URL host of the request.
   */
  LEGWORK_BASE_URL: optionalUrl,
  /**
   * CloudFront is in front of the web function (a custom domain): the per-IP limits read the viewer's address
   * from CloudFront-Viewer-Address. Never set it without CloudFront: clients could pick their own address.
   */
  LEGWORK_TRUST_VIEWER_ADDRESS: z._default(z.stringbool(), false),
  /** With CloudFront in front: the value of the X-Legwork-Origin header CloudFront adds; other requests get 403. */
  LEGWORK_ORIGIN_VERIFY: z.optional(z.string().check(z.minLength(16))),
  /** The From header: a display name and an address on the verified sending identity. */
  LEGWORK_FROM: z._default(z.string().check(z.minLength(3)), "Legwork Coach <coach@legwork.example>"),
  /** Domain whose SES receipt rule takes replies: checkin+<token>@<domain>. */
  LEGWORK_REPLY_DOMAIN: z._default(z.string().check(z.minLength(3)), "reply.legwork.example"),
  /** The operator's postal address, shown in every email footer. */
  LEGWORK_POSTAL_ADDRESS: z._default(z.string().check(z.minLength(3)), "Legwork Running Club, 1 Example Street, Exampletown EX1 2MP"),
  SES_CONFIGURATION_SET: z.optional(z.string().check(z.minLength(1))),
  /** A local folder for raw replies instead of the S3 bucket (the local stack sets it). */
  LEGWORK_REPLY_STORE_DIR: z.optional(z.string().check(z.minLength(1))),
  /** SNS topic for operator alerts (red flags); unset, alerts are structured log lines. */
  LEGWORK_ALERT_TOPIC_ARN: z.optional(z.string().check(z.minLength(1))),
  /** SQS queue for fan-out mode: the dispatcher enqueues due runner ids and the sender Lambda sends. */
  LEGWORK_FANOUT_QUEUE_URL: z.optional(z.url()),
  /** Largest inbound reply Legwork reads, in bytes; larger ones are dropped unread. */
  LEGWORK_INBOUND_MAX_BYTES: z._default(z.coerce.number().check(z.int(), z.positive()), 1024 * 1024),
  /** Most attachments an inbound reply may carry. */
  LEGWORK_INBOUND_MAX_ATTACHMENTS: z._default(z.coerce.number().check(z.int(), z.gte(0)), 5),
  /**
   * Link-token keys as flat JSON {"current":"k1","k1":"<secret>","k2":"<older secret>"}: the current key
   * signs, every listed key verifies, so keys can rotate. In AWS the same JSON lives in Secrets Manager.
   */
  LEGWORK_TOKEN_KEYS: z.optional(z.string().check(z.minLength(2))),
  LEGWORK_TOKEN_SECRET_ARN: z.optional(z.string().check(z.minLength(1))),
  /** Overrides SES GetAccount MaxSendRate (emails per second). */
  LEGWORK_SEND_RATE: z.optional(z.coerce.number().check(z.positive())),
  /**
   * Fan-out: how many sender instances run at once (the event source's maximum concurrency). Each paces to
   * the account rate divided by this, so together they never exceed it.
   */
  LEGWORK_SENDER_CONCURRENCY: z._default(z.coerce.number().check(z.int(), z.positive()), 1),
  /** Stop taking new work when the Lambda has less than this left (ms). */
  LEGWORK_SAFETY_MARGIN_MS: z._default(z.coerce.number().check(z.int(), z.positive()), 30_000),
  /** Days a check-in is kept before its TTL removes it. */
  LEGWORK_CHECKIN_RETENTION_DAYS: z._default(z.coerce.number().check(z.int(), z.positive()), 365),
  LEGWORK_SUBSCRIBE_PER_IP_PER_HOUR: z._default(z.coerce.number().check(z.int(), z.positive()), 20),
  LEGWORK_SUBSCRIBE_PER_ADDRESS_PER_HOUR: z._default(z.coerce.number().check(z.int(), z.positive()), 5),
  /** Who may sign in to /admin and receive test sends: comma-separated addresses (CDK context `operatorEmails`). */
  LEGWORK_OPERATOR_EMAILS: z._default(z.string(), ""),
  /** Confirmation emails per hour from the whole service, whatever the addresses: a flood sends no more. */
  LEGWORK_CONFIRMATIONS_PER_HOUR: z._default(z.coerce.number().check(z.int(), z.positive()), 200),
  /** SQS queue for signup work (record + confirmation email), so the answer never waits for it; unset: in-process after the answer. */
  LEGWORK_SIGNUP_QUEUE_URL: z.optional(z.string().check(z.minLength(1))),
});

export type Config = z.output<typeof configSchema>;

/** Parses the environment, failing fast with every bad key named. */
export const loadConfig = (env: Record<string, string | undefined> = process.env): Config => {
  const result = configSchema.safeParse(env);
  if (!result.success) {
    const keys = result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Invalid Legwork configuration: ${keys}`);
  }
  return result.data;
};

/** The operator list, normalised (lower case, trimmed, no empties). */
export const operatorEmails = (config: Pick<Config, "LEGWORK_OPERATOR_EMAILS">): string[] =>
  config.LEGWORK_OPERATOR_EMAILS.split(",")
    .map((a) => a.trim().toLowerCase())
    .filter((a) => a.length > 0);

/** Whether `email` is on the operator list (compared normalised). */
export const isOperator = (config: Pick<Config, "LEGWORK_OPERATOR_EMAILS">, email: string): boolean =>
  operatorEmails(config).includes(email.trim().toLowerCase());
