import { PolicyStatement } from "aws-cdk-lib/aws-iam";
import type { ITable } from "aws-cdk-lib/aws-dynamodb";
import type { IBucket } from "aws-cdk-lib/aws-s3";
import type { ISecret } from "aws-cdk-lib/aws-secretsmanager";
import type { IKey } from "aws-cdk-lib/aws-kms";
import type { ITopic } from "aws-cdk-lib/aws-sns";
import type { IQueue } from "aws-cdk-lib/aws-sqs";

/*
 * Explicit, least-privilege statements. The CDK grant helpers are avoided on purpose:
 * several emit action globs (s3:GetObject*, kms:GenerateDataKey*) or index/* resources.
 */

/** The due index the dispatcher Queries; the only index the functions may read. */
export const DUE_INDEX_NAME = "gsi1";

/**
 * Item reads and writes on the runners table and its due index. No Scan (the send path never scans) and no
 * Batch* (no function makes a batch call; `npm run iam:check` shows what each statement is needed for).
 */
export const tableReadWrite = (table: ITable): PolicyStatement =>
  new PolicyStatement({
    actions: ["dynamodb:GetItem", "dynamodb:Query", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"],
    resources: [table.tableArn, `${table.tableArn}/index/${DUE_INDEX_NAME}`],
  });

/**
 * Scan of the runners table (not the index): only the web function's operator dashboard (/admin overview,
 * triage queue, runner search) reads the whole table; without it every dashboard page is AccessDenied.
 */
export const tableScan = (table: ITable): PolicyStatement =>
  new PolicyStatement({ actions: ["dynamodb:Scan"], resources: [table.tableArn] });

/**
 * SES v2 SendEmail is authorised against the sending identity and the configuration set
 * (and, in the sandbox only, each verified recipient identity). It is ses:SendEmail for raw content
 * too: ses:SendRawEmail is the v1 API's, which Legwork never calls.
 */
export const sesSend = (identityArn: string, configurationSetArn: string, sandboxRecipientArns: readonly string[] = []): PolicyStatement =>
  new PolicyStatement({
    actions: ["ses:SendEmail"],
    resources: [identityArn, configurationSetArn, ...sandboxRecipientArns],
  });

/** GetAccount reads MaxSendRate; the action supports no resource type, so "*" is the only valid resource. */
export const sesGetAccount = (): PolicyStatement => new PolicyStatement({ actions: ["ses:GetAccount"], resources: ["*"] });

export const readSecret = (secret: ISecret): PolicyStatement =>
  new PolicyStatement({ actions: ["secretsmanager:GetSecretValue"], resources: [secret.secretArn] });

/** Read and delete raw messages under one key prefix (or the whole bucket when prefix is ""). */
export const bucketObjects = (bucket: IBucket, prefix: string, actions: readonly string[]): PolicyStatement =>
  new PolicyStatement({ actions: [...actions], resources: [bucket.arnForObjects(`${prefix}*`)] });

export const bucketList = (bucket: IBucket): PolicyStatement =>
  new PolicyStatement({ actions: ["s3:ListBucket"], resources: [bucket.bucketArn] });

/** Publishing to an SSE-KMS topic needs the key as well as sns:Publish. */
export const publishToTopic = (topic: ITopic, key: IKey): PolicyStatement[] => [
  new PolicyStatement({ actions: ["sns:Publish"], resources: [topic.topicArn] }),
  new PolicyStatement({ actions: ["kms:GenerateDataKey", "kms:Decrypt"], resources: [key.keyArn] }),
];

export const sendToQueue = (queue: IQueue): PolicyStatement =>
  new PolicyStatement({ actions: ["sqs:SendMessage"], resources: [queue.queueArn] });
