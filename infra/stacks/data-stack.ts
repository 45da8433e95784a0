import { Aws, CfnOutput, Duration, RemovalPolicy, Stack, Validations } from "aws-cdk-lib";
import type { StackProps } from "aws-cdk-lib";
import { AttributeType, BillingMode, ProjectionType, Table, TableEncryption } from "aws-cdk-lib/aws-dynamodb";
import { ManagedPolicy, PolicyStatement, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from "aws-cdk-lib/aws-s3";
import type { CfnBucket } from "aws-cdk-lib/aws-s3";
import { Secret } from "aws-cdk-lib/aws-secretsmanager";
import type { Construct } from "constructs";
import { INBOUND_PREFIX, RECEIPT_RULE_NAME, RECEIPT_RULE_SET_NAME } from "../constructs/inbound-mail.js";
import { bucketList, bucketObjects, DUE_INDEX_NAME } from "../constructs/permissions.js";

/** Where accepted replies are kept per runner (functions/ports/raw-mail.ts repliesPrefix). */
const RUNNER_REPLIES_PREFIX = "replies/";
/** Days a raw inbound reply is kept in S3; the inbound function has parsed it long before. */
export const REPLY_RETENTION_DAYS = 30;

/** Runners, their check-ins and the due index, retained and point-in-time recoverable. */
const runnersTable = (stack: Stack): Table => {
  const table = new Table(stack, "Runners", {
    partitionKey: { name: "pk", type: AttributeType.STRING },
    sortKey: { name: "sk", type: AttributeType.STRING },
    billingMode: BillingMode.PAY_PER_REQUEST,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    // Check-ins are health data: the TTL enforces the retention period.
    timeToLiveAttribute: "ttl",
    encryption: TableEncryption.AWS_MANAGED,
    deletionProtection: true,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  // Sparse: only active runners carry gsi1pk = DUE#<shard>, gsi1sk = <nextSendAt ISO>.
  table.addGlobalSecondaryIndex({
    indexName: DUE_INDEX_NAME,
    partitionKey: { name: "gsi1pk", type: AttributeType.STRING },
    sortKey: { name: "gsi1sk", type: AttributeType.STRING },
    // ALL is the smallest projection the due query can use: the dispatcher renders each email from the index
    // item itself (bench readsPerDue = 1). KEYS_ONLY or INCLUDE would add a GetItem per due runner (2 reads),
    // and only profile items carry gsi1pk, so the sparse index projects nothing but due and paused profiles.
    projectionType: ProjectionType.ALL,
  });
  return table;
};

/** Raw replies as SES stores them, private, expiring after REPLY_RETENTION_DAYS. */
const replyBucket = (stack: Stack): Bucket => {
  const bucket = new Bucket(stack, "Replies", {
    encryption: BucketEncryption.S3_MANAGED,
    blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
    objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
    enforceSSL: true,
    versioned: false,
    lifecycleRules: [
      { id: "expire-raw-replies", expiration: Duration.days(REPLY_RETENTION_DAYS) },
      { id: "abort-incomplete-uploads", abortIncompleteMultipartUploadAfter: Duration.days(1) },
    ],
    removalPolicy: RemovalPolicy.RETAIN,
  });
  Validations.of(bucket).acknowledge({
    id: "AwsSolutions-S1",
    reason:
      "Only SES writes here and only Legwork functions read; objects expire after 30 days. Access logs would keep " +
      "a second copy of reply metadata; operators who need an audit trail enable CloudTrail S3 data events.",
  });

  // SES stores each reply under inbound/, and only for Legwork's receipt rule in this account (the
  // confused-deputy guard AWS recommends: aws:SourceAccount and aws:SourceArn).
  bucket.addToResourcePolicy(
    new PolicyStatement({
      sid: "AllowSesReceiptRuleToStoreReplies",
      principals: [new ServicePrincipal("ses.amazonaws.com")],
      actions: ["s3:PutObject"],
      resources: [bucket.arnForObjects(`${INBOUND_PREFIX}*`)],
      conditions: {
        StringEquals: {
          "aws:SourceAccount": Aws.ACCOUNT_ID,
          "aws:SourceArn": `arn:${Aws.PARTITION}:ses:${Aws.REGION}:${Aws.ACCOUNT_ID}:receipt-rule-set/${RECEIPT_RULE_SET_NAME}:receipt-rule/${RECEIPT_RULE_NAME}`,
        },
      },
    }),
  );
  return bucket;
};

/** The link-token HMAC keys. */
const tokenKeys = (stack: Stack): Secret => {
  // Two-key rotation is manual by design: add k2, point "current" at it, drop k1 once
  // every emailed link signed with k1 has expired. Automatic rotation would break live links.
  const secret = new Secret(stack, "TokenKeys", {
    description: "Legwork link-token HMAC keys: {current, k1, ...}",
    generateSecretString: {
      secretStringTemplate: JSON.stringify({ current: "k1" }),
      generateStringKey: "k1",
      passwordLength: 64,
      excludePunctuation: true,
    },
    removalPolicy: RemovalPolicy.RETAIN,
  });
  Validations.of(secret).acknowledge({
    id: "AwsSolutions-SMG4",
    reason:
      "The token keys rotate by hand with two live keys (current + previous) so links already in inboxes keep " +
      "verifying; a rotation Lambda replacing the single key would invalidate every unsubscribe link.",
  });
  return secret;
};

/**
 * The stateful half of Legwork: the runners table, the raw-reply bucket and the link-token key.
 * Everything here is retained on stack deletion, so the stateless service stack can be
 * destroyed and redeployed freely without losing runners or invalidating emailed links.
 */
export class LegworkDataStack extends Stack {
  readonly table: Table;
  readonly replyBucket: Bucket;
  readonly tokenSecret: Secret;
  /** Read and delete raw replies under inbound/: attached to the inbound function. */
  readonly inboundRepliesAccess: ManagedPolicy;
  /** List and delete every stored reply (data-rights export lists them, deletion removes them): attached to the web function. */
  readonly allRepliesAccess: ManagedPolicy;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    this.table = runnersTable(this);

    this.replyBucket = replyBucket(this);

    // Object access is a managed policy owned here, next to the bucket, so the unavoidable
    // object-ARN wildcard is reviewed (and acknowledged) in one place with a stable id.
    // The inbound function reads and removes what SES stored under inbound/, and keeps an accepted
    // reply under replies/<runner>/ so the runner's data export and deletion can find it.
    this.inboundRepliesAccess = this.replyAccessPolicy(
      "InboundRepliesAccess",
      INBOUND_PREFIX,
      [
        bucketObjects(this.replyBucket, INBOUND_PREFIX, ["s3:GetObject", "s3:DeleteObject"]),
        bucketObjects(this.replyBucket, RUNNER_REPLIES_PREFIX, ["s3:PutObject"]),
        // Without ListBucket, S3 answers a missing object with 403 instead of 404 (a redelivered event whose
        // object was already removed must read as "gone", not as "access denied").
        bucketList(this.replyBucket),
      ],
      [RUNNER_REPLIES_PREFIX],
    );
    // No GetObject: the export lists a runner's stored replies by key and never reads one.
    this.allRepliesAccess = this.replyAccessPolicy("AllRepliesAccess", "", [
      bucketObjects(this.replyBucket, "", ["s3:DeleteObject"]),
      bucketList(this.replyBucket),
    ]);

    this.tokenSecret = tokenKeys(this);

    new CfnOutput(this, "TableName", { value: this.table.tableName });
    new CfnOutput(this, "ReplyBucketName", { value: this.replyBucket.bucketName });
    new CfnOutput(this, "TokenSecretArn", { value: this.tokenSecret.secretArn });
  }

  private replyAccessPolicy(id: string, prefix: string, statements: PolicyStatement[], morePrefixes: string[] = []): ManagedPolicy {
    const policy = new ManagedPolicy(this, id, {
      description: `Legwork: raw replies under s3://<reply bucket>/${prefix}*`,
      statements,
    });
    const bucketId = this.getLogicalId(this.replyBucket.node.defaultChild as CfnBucket);
    for (const p of [prefix, ...morePrefixes])
      Validations.of(policy).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/${p}*]`,
        reason:
          "S3 object ARNs need a key wildcard: raw replies are keyed by SES message id, unknown in advance. " +
          `Scoped to this one bucket${p ? ` and the ${p} prefix` : ""}; actions are explicit.`,
      });
    return policy;
  }
}
