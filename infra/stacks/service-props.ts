import { Validations } from "aws-cdk-lib";
import type { StackProps } from "aws-cdk-lib";
import type { ITable } from "aws-cdk-lib/aws-dynamodb";
import type { IManagedPolicy } from "aws-cdk-lib/aws-iam";
import type { IBucket } from "aws-cdk-lib/aws-s3";
import type { ISecret } from "aws-cdk-lib/aws-secretsmanager";
import type { OperatorConfig } from "../config/operator.js";
import type { LegworkFunction } from "../constructs/legwork-function.js";

export interface LegworkServiceStackProps extends StackProps {
  readonly config: OperatorConfig;
  readonly table: ITable;
  readonly replyBucket: IBucket;
  readonly tokenSecret: ISecret;
  /** Read/delete of raw replies under inbound/ (owned by the data stack). */
  readonly inboundRepliesAccess: IManagedPolicy;
  /** List/read/delete of all stored replies, for data-rights requests (owned by the data stack). */
  readonly allRepliesAccess: IManagedPolicy;
}

/** ses:GetAccount has no resource type: "*" is the only resource IAM accepts for it. */
export const acknowledgeGetAccount = (fn: LegworkFunction): void => {
  Validations.of(fn.role).acknowledge({
    id: "AwsSolutions-IAM5[Resource::*]",
    reason: "Only ses:GetAccount (reads MaxSendRate and the 24-hour quota) uses Resource '*': the action has no resource type.",
  });
};
