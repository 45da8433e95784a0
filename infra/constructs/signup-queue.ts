import { Duration } from "aws-cdk-lib";
import { ComparisonOperator } from "aws-cdk-lib/aws-cloudwatch";
import { SqsEventSource } from "aws-cdk-lib/aws-lambda-event-sources";
import { Queue, QueueEncryption } from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import { deadLetterQueue } from "./dead-letter-queue.js";
import type { LegworkFunction } from "./legwork-function.js";
import type { OperatorAlerts } from "./operator-alerts.js";
import { sendToQueue } from "./permissions.js";

export interface SignupQueueProps {
  /** The web function: it enqueues each signup's work after answering, and consumes the queue. */
  readonly web: LegworkFunction;
  readonly alerts: OperatorAlerts;
}

/**
 * Signup work (the runner record and the confirmation email) off the request path, so the signup
 * answer takes the same time for a known and a new address. Lambda freezes a function once its
 * handler returns, so the work cannot simply run after the answer: it goes through this queue and
 * the web function consumes it (at most two at once, so it never takes the public site's reserved
 * concurrency). Failures retry; after five receives a message goes to the dead-letter queue and
 * raises an alarm.
 */
export class SignupQueue extends Construct {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;

  constructor(scope: Construct, id: string, props: SignupQueueProps) {
    super(scope, id);
    this.deadLetterQueue = deadLetterQueue(this, "DeadLetters", "signups whose confirmation failed on every receive");
    this.queue = new Queue(this, "Queue", {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: Duration.seconds(props.web.function.timeout!.toSeconds() * 6),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: 5 },
    });
    props.web.function.addEnvironment("LEGWORK_SIGNUP_QUEUE_URL", this.queue.queueUrl);
    props.web.function.addToRolePolicy(sendToQueue(this.queue));
    props.web.function.addEventSource(new SqsEventSource(this.queue, { batchSize: 10, maxConcurrency: 2, reportBatchItemFailures: true }));
    props.alerts.alarm("SignupDeadLetters", {
      metric: this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: "Maximum" }),
      threshold: 0,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      description: "Legwork: signup confirmations failed 5 times and reached the dead-letter queue",
    });
  }
}
