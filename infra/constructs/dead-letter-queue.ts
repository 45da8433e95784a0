import { Duration, Validations } from "aws-cdk-lib";
import { Queue, QueueEncryption } from "aws-cdk-lib/aws-sqs";
import type { Construct } from "constructs";

/** How long a failed message waits in a dead-letter queue for an operator to look at it. */
export const DEAD_LETTER_RETENTION = Duration.days(14);

/**
 * An encrypted, TLS-only queue that keeps what failed every retry, for an operator to inspect and
 * re-drive. It is itself the last stop, so it has no dead-letter queue of its own (cdk-nag SQS3).
 *
 * @example
 * const failures = deadLetterQueue(this, "InboundFailures", "inbound events that failed every retry");
 */
export const deadLetterQueue = (scope: Construct, id: string, holds: string): Queue => {
  const queue = new Queue(scope, id, {
    encryption: QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: DEAD_LETTER_RETENTION,
  });
  Validations.of(queue).acknowledge({
    id: "AwsSolutions-SQS3",
    reason: `This queue is itself a dead-letter queue (${holds}); an alarm fires on any message in it.`,
  });
  return queue;
};
