import { describe, expect, it } from "vitest";
import { Match } from "aws-cdk-lib/assertions";
import { INBOUND_PREFIX, RECEIPT_RULE_NAME, RECEIPT_RULE_SET_NAME } from "../../infra/constructs/inbound-mail.js";
import { REPLY_RETENTION_DAYS } from "../../infra/stacks/data-stack.js";
import { logicalId, resourcesOfType, synthLegwork } from "./harness.js";

// Prepare (shared): one synth of the example config.
const { data, dataTemplate: template } = synthLegwork();
const bucketId = logicalId(data.replyBucket);
const bucketArn = { "Fn::GetAtt": [bucketId, "Arn"] };

describe("runners table", () => {
  it("has pk/sk string keys, on-demand billing, PITR, TTL on `ttl` and AWS-managed encryption", () => {
    // Assess
    template.hasResourceProperties("AWS::DynamoDB::Table", {
      KeySchema: [
        { AttributeName: "pk", KeyType: "HASH" },
        { AttributeName: "sk", KeyType: "RANGE" },
      ],
      AttributeDefinitions: Match.arrayWith([
        { AttributeName: "pk", AttributeType: "S" },
        { AttributeName: "sk", AttributeType: "S" },
      ]),
      BillingMode: "PAY_PER_REQUEST",
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      TimeToLiveSpecification: { AttributeName: "ttl", Enabled: true },
      SSESpecification: { SSEEnabled: true },
      DeletionProtectionEnabled: true,
    });
  });

  it("has the sparse due index gsi1 on gsi1pk/gsi1sk projecting all attributes", () => {
    // Assess
    template.hasResourceProperties("AWS::DynamoDB::Table", {
      AttributeDefinitions: Match.arrayWith([
        { AttributeName: "gsi1pk", AttributeType: "S" },
        { AttributeName: "gsi1sk", AttributeType: "S" },
      ]),
      GlobalSecondaryIndexes: [
        {
          IndexName: "gsi1",
          KeySchema: [
            { AttributeName: "gsi1pk", KeyType: "HASH" },
            { AttributeName: "gsi1sk", KeyType: "RANGE" },
          ],
          Projection: { ProjectionType: "ALL" },
        },
      ],
    });
  });

  it("is retained when the stack is deleted", () => {
    // Assess
    template.hasResource("AWS::DynamoDB::Table", { DeletionPolicy: "Retain", UpdateReplacePolicy: "Retain" });
  });
});

describe("reply bucket", () => {
  it("is encrypted, blocks all public access, enforces bucket-owner ownership and is retained", () => {
    // Assess
    template.hasResource("AWS::S3::Bucket", {
      DeletionPolicy: "Retain",
      Properties: Match.objectLike({
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" } }],
        },
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        OwnershipControls: { Rules: [{ ObjectOwnership: "BucketOwnerEnforced" }] },
      }),
    });
  });

  it("expires raw replies after the retention period", () => {
    // Assess
    expect(REPLY_RETENTION_DAYS).toBe(30);
    template.hasResourceProperties("AWS::S3::Bucket", {
      LifecycleConfiguration: {
        Rules: Match.arrayWith([Match.objectLike({ ExpirationInDays: REPLY_RETENTION_DAYS, Status: "Enabled" })]),
      },
    });
  });

  it("denies every request that is not over TLS", () => {
    // Assess
    template.hasResourceProperties("AWS::S3::BucketPolicy", {
      Bucket: { Ref: bucketId },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: "Deny",
            Principal: { AWS: "*" },
            Action: "s3:*",
            Condition: { Bool: { "aws:SecureTransport": "false" } },
          }),
        ]),
      },
    });
  });

  it("lets only Legwork's receipt rule in this account write (SourceAccount and SourceArn), only under inbound/", () => {
    // Prepare
    const ruleArn = {
      "Fn::Join": [
        "",
        [
          "arn:",
          { Ref: "AWS::Partition" },
          ":ses:",
          { Ref: "AWS::Region" },
          ":",
          { Ref: "AWS::AccountId" },
          `:receipt-rule-set/${RECEIPT_RULE_SET_NAME}:receipt-rule/${RECEIPT_RULE_NAME}`,
        ],
      ],
    };

    // Assess
    template.hasResourceProperties("AWS::S3::BucketPolicy", {
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Sid: "AllowSesReceiptRuleToStoreReplies",
            Effect: "Allow",
            Principal: { Service: "ses.amazonaws.com" },
            Action: "s3:PutObject",
            Resource: { "Fn::Join": ["", [bucketArn, `/${INBOUND_PREFIX}*`]] },
            Condition: { StringEquals: { "aws:SourceAccount": { Ref: "AWS::AccountId" }, "aws:SourceArn": ruleArn } },
          },
        ]),
      },
    });
  });

  it("offers object access as two managed policies: inbound/ plus keeping replies, and everything for data rights", () => {
    // Prepare
    const statementsOf = (construct: typeof data.inboundRepliesAccess) => {
      const policy = resourcesOfType(template, "AWS::IAM::ManagedPolicy")[logicalId(construct)];
      return (policy?.Properties?.PolicyDocument as { Statement: unknown[] }).Statement;
    };

    // Assess
    expect(statementsOf(data.inboundRepliesAccess)).toEqual([
      {
        Effect: "Allow",
        Action: ["s3:DeleteObject", "s3:GetObject"],
        Resource: { "Fn::Join": ["", [bucketArn, "/inbound/*"]] },
      },
      { Effect: "Allow", Action: "s3:PutObject", Resource: { "Fn::Join": ["", [bucketArn, "/replies/*"]] } },
      // A missing object reads as 404, not 403, only with ListBucket.
      { Effect: "Allow", Action: "s3:ListBucket", Resource: bucketArn },
    ]);
    // The web function lists and deletes stored replies, and never reads one (npm run iam:check).
    expect(statementsOf(data.allRepliesAccess)).toEqual([
      {
        Effect: "Allow",
        Action: "s3:DeleteObject",
        Resource: { "Fn::Join": ["", [bucketArn, "/*"]] },
      },
      { Effect: "Allow", Action: "s3:ListBucket", Resource: bucketArn },
    ]);
  });
});

describe("link-token secret", () => {
  it("generates {current: k1, k1: 64 alphanumeric chars} and is retained", () => {
    // Assess
    template.hasResource("AWS::SecretsManager::Secret", {
      DeletionPolicy: "Retain",
      Properties: Match.objectLike({
        GenerateSecretString: {
          SecretStringTemplate: JSON.stringify({ current: "k1" }),
          GenerateStringKey: "k1",
          PasswordLength: 64,
          ExcludePunctuation: true,
        },
      }),
    });
  });

  it("never puts a secret value in the template", () => {
    // Prepare
    const secrets = Object.values(resourcesOfType(template, "AWS::SecretsManager::Secret"));

    // Assess
    expect(secrets).toHaveLength(1);
    for (const secret of secrets) expect(secret.Properties).not.toHaveProperty("SecretString");
  });
});
