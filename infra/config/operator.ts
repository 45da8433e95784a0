import { z } from "zod";

/** The CDK context key (in cdk.json) that holds the operator's settings. */
export const CONTEXT_KEY = "legwork";

const DOMAIN_PATTERN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;
const LABEL_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;
// "Name <addr@domain>" or a bare "addr@domain"; the address must be on the sending domain.
const FROM_PATTERN = /^(?:[^<>\r\n]*<([^<>\s@]+@([^<>\s@]+))>|([^<>\s@]+@([^<>\s@]+)))$/;

const domain = z.string().regex(DOMAIN_PATTERN, "must be a domain name such as legwork.example");

const fromDomain = (from: string): string | undefined => {
  const match = FROM_PATTERN.exec(from.trim());
  return (match?.[2] ?? match?.[4])?.toLowerCase();
};

/**
 * What an operator sets in cdk.json under `context.legwork`.
 * Unknown keys are rejected so a typo never silently falls back to a default.
 */
export const operatorConfigSchema = z
  .strictObject({
    /** Domain SES sends from; verified with Easy DKIM. */
    senderDomain: domain.transform((d) => d.toLowerCase()),
    /** The From header, e.g. "Legwork Coach <coach@legwork.example>". */
    fromAddress: z
      .string()
      .min(3)
      .max(320)
      .refine((v) => fromDomain(v) !== undefined, 'must look like "Name <user@domain>" or "user@domain"'),
    /** Domain whose MX points at SES inbound; replies land on checkin+<token>@replyDomain. */
    replyDomain: domain.transform((d) => d.toLowerCase()),
    /** Label for the custom MAIL FROM domain: <mailFromSubdomain>.<senderDomain>. */
    mailFromSubdomain: z.string().regex(LABEL_PATTERN, "must be one DNS label such as mail"),
    /** Postal address shown in every email footer (anti-spam law). */
    postalAddress: z.string().trim().min(3).max(300),
    /** Public URL for links in emails; unset means the web Function URL. */
    publicBaseUrl: z
      .url({ protocol: /^https$/, error: "must be an https:// URL" })
      .transform((u) => u.replace(/\/+$/, ""))
      .optional(),
    /** Emails per second; overrides SES GetAccount MaxSendRate. */
    sendRate: z.number().positive().optional(),
    /** Address subscribed to the operator alerts topic (alarms, red flags). */
    alarmEmail: z.email().optional(),
    /** Who may sign in to /admin and receive test sends (LEGWORK_OPERATOR_EMAILS in the functions). */
    operatorEmails: z
      .array(z.email().transform((e) => e.toLowerCase()))
      .max(50)
      .default([]),
    /** Dispatch through SQS and a sender Lambda instead of sending inline. */
    fanout: z.boolean().default(false),
    /** Maximum concurrent sender Lambdas when fanout is on (2 is the Lambda minimum). */
    senderMaxConcurrency: z.number().int().min(2).max(1000).default(2),
    /** Days a check-in is kept before its TTL removes it. */
    checkinRetentionDays: z.number().int().positive().default(365),
    /**
     * Reserved concurrency of the public web function: opt-in. Lambda must keep 100 executions unreserved,
     * and new accounts often have a quota of 10 in all, so a default would fail the first deploy.
     */
    webReservedConcurrency: z.number().int().min(1).nullable().default(null),
    /**
     * Make Legwork's receipt rule set the account's active one on deploy (and deactivate it on destroy).
     * false for an account whose active rule set is someone else's: add Legwork's rule to it by hand.
     */
    activateReceiptRuleSet: z.boolean().default(true),
    /** A custom domain for the links in emails, served by CloudFront in front of the web function. */
    domainName: domain.transform((d) => d.toLowerCase()).optional(),
    /** ACM certificate for domainName, in us-east-1 (CloudFront's rule). */
    certificateArn: z
      .string()
      .regex(/^arn:aws[a-z-]*:acm:us-east-1:\d{12}:certificate\/[0-9a-f-]{36}$/, "must be an ACM certificate ARN in us-east-1")
      .optional(),
    /**
     * While the SES account is in the sandbox, SendEmail is also authorised against each verified
     * recipient identity; list those addresses (or domains) here. Empty once out of the sandbox.
     */
    sandboxRecipients: z.array(z.union([z.email(), domain], { error: "must be an email address or a domain" })).default([]),
  })
  .superRefine((config, ctx) => {
    const mailFrom = `${config.mailFromSubdomain}.${config.senderDomain}`.toLowerCase();
    // Both need an MX record of their own: the MAIL FROM one points at feedback-smtp, the reply one at inbound-smtp.
    if (mailFrom === config.replyDomain) {
      ctx.addIssue({
        code: "custom",
        path: ["mailFromSubdomain"],
        message: `MAIL FROM domain ${mailFrom} must differ from replyDomain: each needs its own MX record`,
      });
    }
    if ((config.domainName === undefined) !== (config.certificateArn === undefined)) {
      ctx.addIssue({
        code: "custom",
        path: [config.domainName === undefined ? "domainName" : "certificateArn"],
        message: "domainName and certificateArn go together (CloudFront serves the domain with that certificate)",
      });
    }
    if (config.domainName !== undefined && config.publicBaseUrl !== undefined) {
      ctx.addIssue({ code: "custom", path: ["publicBaseUrl"], message: "set domainName or publicBaseUrl, not both" });
    }
    const from = fromDomain(config.fromAddress);
    // Only compare once senderDomain itself is valid, so one typo yields one message.
    if (from !== undefined && DOMAIN_PATTERN.test(config.senderDomain) && from !== config.senderDomain) {
      ctx.addIssue({
        code: "custom",
        path: ["fromAddress"],
        message: `address must be on senderDomain ${config.senderDomain}, got ${from}`,
      });
    }
  });

export type OperatorConfigInput = z.input<typeof operatorConfigSchema>;
export type OperatorConfig = z.output<typeof operatorConfigSchema>;

/** Raised when the `legwork` context is missing or invalid; names every bad key. */
export class OperatorConfigError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "OperatorConfigError";
  }
}

/**
 * Parses the operator settings from the raw CDK context value.
 * `-c legwork='{"fanout":true,...}'` on the command line arrives as a JSON string, so strings are parsed too.
 *
 * @example
 * const config = parseOperatorConfig(app.node.tryGetContext(CONTEXT_KEY));
 */
export const parseOperatorConfig = (raw: unknown): OperatorConfig => {
  if (raw === undefined || raw === null) {
    throw new OperatorConfigError(`CDK context "${CONTEXT_KEY}" is missing: add it to cdk.json (see infra/README.md)`);
  }
  let value = raw;
  if (typeof raw === "string") {
    try {
      value = JSON.parse(raw);
    } catch (error) {
      throw new OperatorConfigError(`CDK context "${CONTEXT_KEY}" is not valid JSON`, { cause: error });
    }
  }
  const result = operatorConfigSchema.safeParse(value);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const keys = issue.code === "unrecognized_keys" ? issue.keys : [issue.path.join(".")];
      return keys.map((key) => `${key ? `${CONTEXT_KEY}.${key}` : CONTEXT_KEY}: ${issue.message}`).join("; ");
    });
    throw new OperatorConfigError(`Invalid Legwork operator config: ${problems.join("; ")}`);
  }
  return result.data;
};
