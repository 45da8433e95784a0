/**
 * What IAM checks for each AWS SDK call Legwork makes: the action(s) and resource ARN(s), as the service
 * documents them. Not one-to-one with the API: S3 HeadObject is s3:GetObject and ListObjectsV2 is
 * s3:ListBucket; SQS SendMessageBatch is sqs:SendMessage; SES v2 SendEmail is checked on the sending
 * identity and on the configuration set; DynamoDB TransactWriteItems is checked item by item; a Query
 * on an index is checked on the index ARN; publishing to an SSE-KMS topic also needs the key.
 */
import type { Authorization } from "./evaluate.js";

export interface CallContext {
  region: string;
  account: string;
  /** KMS key ARN of each encrypted SNS topic (by topic ARN): the publisher needs the key too. */
  topicKeys: Readonly<Record<string, string>>;
}

type Input = Record<string, unknown>;
type Mapper = (input: Input, ctx: CallContext) => Authorization[];

const str = (value: unknown): string => (typeof value === "string" ? value : "");

const tableArn = (ctx: CallContext, table: unknown, index?: unknown): string =>
  `arn:aws:dynamodb:${ctx.region}:${ctx.account}:table/${str(table)}${index ? `/index/${str(index)}` : ""}`;

const dynamo =
  (action: string): Mapper =>
  (input, ctx) => [{ action: `dynamodb:${action}`, resource: tableArn(ctx, input["TableName"], input["IndexName"]) }];

const TRANSACT_ACTIONS: Record<string, string> = {
  Put: "PutItem",
  Update: "UpdateItem",
  Delete: "DeleteItem",
  ConditionCheck: "ConditionCheckItem",
};

const transactWrite: Mapper = (input, ctx) =>
  ((input["TransactItems"] as Input[] | undefined) ?? []).flatMap((item) =>
    Object.entries(item).map(([kind, op]) => ({
      action: `dynamodb:${TRANSACT_ACTIONS[kind] ?? kind}`,
      resource: tableArn(ctx, (op as Input)["TableName"]),
    })),
  );

const transactGet: Mapper = (input, ctx) =>
  ((input["TransactItems"] as Input[] | undefined) ?? []).map((item) => ({
    action: "dynamodb:GetItem",
    resource: tableArn(ctx, (item["Get"] as Input | undefined)?.["TableName"]),
  }));

const batch =
  (action: string): Mapper =>
  (input, ctx) =>
    Object.keys((input["RequestItems"] as Input | undefined) ?? {}).map((table) => ({
      action: `dynamodb:${action}`,
      resource: tableArn(ctx, table),
    }));

/** The sending identity SES checks: the domain of the From address (FromEmailAddress, else the raw message's From header). */
const fromDomain = (input: Input): string => {
  let from = str(input["FromEmailAddress"]);
  if (!from) {
    const data = ((input["Content"] as Input | undefined)?.["Raw"] as Input | undefined)?.["Data"];
    const head =
      data instanceof Uint8Array
        ? Buffer.from(data)
            .toString("latin1")
            .split(/\r?\n\r?\n/)[0]
        : str(data);
    from = /^from:(.*)$/im.exec(head ?? "")?.[1] ?? "";
  }
  return /@([^>\s]+)/.exec(from)?.[1]?.toLowerCase() ?? "";
};

const sesSend: Mapper = (input, ctx) => {
  const arn = (resource: string) => `arn:aws:ses:${ctx.region}:${ctx.account}:${resource}`;
  const set = str(input["ConfigurationSetName"]);
  return [
    { action: "ses:SendEmail", resource: arn(`identity/${fromDomain(input)}`) },
    ...(set ? [{ action: "ses:SendEmail", resource: arn(`configuration-set/${set}`) }] : []),
  ];
};

const s3Object =
  (action: string): Mapper =>
  (input) => [{ action: `s3:${action}`, resource: `arn:aws:s3:::${str(input["Bucket"])}/${str(input["Key"])}` }];

/** The queue ARN from its URL: https://sqs.<region>.amazonaws.com/<account>/<name> (any host locally). */
export const queueArn = (queueUrl: string, ctx: CallContext): string => {
  const [account, name] = new URL(queueUrl).pathname.split("/").filter(Boolean);
  return `arn:aws:sqs:${ctx.region}:${account ?? ctx.account}:${name ?? ""}`;
};

const sqsSend: Mapper = (input, ctx) => [{ action: "sqs:SendMessage", resource: queueArn(str(input["QueueUrl"]), ctx) }];

const snsPublish: Mapper = (input, ctx) => {
  const topic = str(input["TopicArn"]);
  const key = ctx.topicKeys[topic];
  return [
    { action: "sns:Publish", resource: topic },
    ...(key ? ["kms:GenerateDataKey", "kms:Decrypt"].map((action) => ({ action, resource: key })) : []),
  ];
};

const secretArn = (input: Input, ctx: CallContext): string => {
  const id = str(input["SecretId"]);
  return id.startsWith("arn:") ? id : `arn:aws:secretsmanager:${ctx.region}:${ctx.account}:secret:${id}-??????`;
};

const CALLS: Record<string, Record<string, Mapper>> = {
  DynamoDBClient: {
    GetItem: dynamo("GetItem"),
    PutItem: dynamo("PutItem"),
    UpdateItem: dynamo("UpdateItem"),
    DeleteItem: dynamo("DeleteItem"),
    Query: dynamo("Query"),
    Scan: dynamo("Scan"),
    DescribeTable: dynamo("DescribeTable"),
    BatchGetItem: batch("BatchGetItem"),
    BatchWriteItem: batch("BatchWriteItem"),
    TransactWriteItems: transactWrite,
    TransactGetItems: transactGet,
  },
  SESv2Client: { SendEmail: sesSend, GetAccount: () => [{ action: "ses:GetAccount", resource: "*" }] },
  S3Client: {
    PutObject: s3Object("PutObject"),
    GetObject: s3Object("GetObject"),
    HeadObject: s3Object("GetObject"),
    DeleteObject: s3Object("DeleteObject"),
    ListObjectsV2: (input) => [{ action: "s3:ListBucket", resource: `arn:aws:s3:::${str(input["Bucket"])}` }],
  },
  SQSClient: { SendMessage: sqsSend, SendMessageBatch: sqsSend },
  SNSClient: { Publish: snsPublish },
  SecretsManagerClient: {
    GetSecretValue: (input, ctx) => [{ action: "secretsmanager:GetSecretValue", resource: secretArn(input, ctx) }],
  },
};

const SERVICE_PREFIX: Record<string, string> = {
  DynamoDBClient: "dynamodb",
  SESv2Client: "ses",
  S3Client: "s3",
  SQSClient: "sqs",
  SNSClient: "sns",
  SecretsManagerClient: "secretsmanager",
};

/**
 * The authorizations one SDK call needs. A call this table does not know is checked as `<service>:<Op>`
 * on "*", which only a "*" resource allows: a new kind of call fails loudly until it is described here.
 */
export const authorizationsFor = (clientName: string, commandName: string, input: Input, ctx: CallContext): Authorization[] => {
  const operation = commandName.replace(/Command$/, "");
  const mapper = CALLS[clientName]?.[operation];
  if (mapper) return mapper(input, ctx);
  const prefix = SERVICE_PREFIX[clientName] ?? clientName.replace(/Client$/, "").toLowerCase();
  return [{ action: `${prefix}:${operation}`, resource: "*" }];
};
