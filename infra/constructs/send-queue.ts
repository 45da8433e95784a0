import { Duration } from "aws-cdk-lib";
import { Queue, QueueEncryption } from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import { deadLetterQueue } from "./dead-letter-queue.js";

/** Receives before a message moves to the dead-letter queue. */
export const MAX_RECEIVE_COUNT = 5;

export interface SendQueueProps {
  /** Timeout of the consuming function; the visibility timeout is six times this. */
  readonly consumerTimeout: Duration;
}

/**
 * The fan-out path: the dispatcher enqueues due runners, the sender function consumes.
 * Visibility is 6x the consumer timeout (the AWS guidance for Lambda event sources) so a
 * batch retried after throttling is not delivered twice while still in flight.
 *
 * @example
 * const sends = new SendQueue(this, "Sends", { consumerTimeout: Duration.minutes(1) });
 */
export class SendQueue extends Construct {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;

  constructor(scope: Construct, id: string, props: SendQueueProps) {
    super(scope, id);

    this.deadLetterQueue = deadLetterQueue(this, "DeadLetters", "sends that failed on every receive of the send queue");

    this.queue = new Queue(this, "Queue", {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: Duration.seconds(props.consumerTimeout.toSeconds() * 6),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: MAX_RECEIVE_COUNT },
    });
  }
}
