import { describe, expect, it } from "vitest";
import { Match } from "aws-cdk-lib/assertions";
import type { LegworkFunction } from "../../infra/constructs/legwork-function.js";
import { legworkFunctions, logicalId, resourcesOfType, synthLegwork } from "./harness.js";

describe("fanout = false (the default)", () => {
  // Prepare
  const { service, serviceTemplate: template } = synthLegwork({ config: { fanout: false } });

  it("has no sender function and no send queues", () => {
    // Assess
    expect(service.sender).toBeUndefined();
    expect(Object.keys(legworkFunctions(template))).toHaveLength(4);
    // The inbound and feedback failure queues, and the signup queue with its dead letters, which the web function consumes.
    expect(
      Object.keys(resourcesOfType(template, "AWS::SQS::Queue"))
        .sort()
        .map((k) => k.replace(/[0-9A-F]{8}$/, "")),
    ).toEqual(["FeedbackFailures", "InboundFailures", "SignupsDeadLetters", "SignupsQueue"]);
    template.resourceCountIs("AWS::Lambda::EventSourceMapping", 1);
  });
});

describe("fanout = true", () => {
  // Prepare
  const { service, serviceTemplate: template } = synthLegwork({ config: { fanout: true } });
  const sender = service.sender as LegworkFunction;
  const functions = resourcesOfType(template, "AWS::Lambda::Function");
  const queues = resourcesOfType(template, "AWS::SQS::Queue");
  const queueId = Object.keys(queues).find((id) => id.startsWith("SendsQueue")) as string;
  const dlqId = Object.keys(queues).find((id) => id.startsWith("SendsDeadLetters")) as string;

  it("adds the sender function on Node 24 / arm64", () => {
    // Assess
    expect(Object.keys(legworkFunctions(template))).toHaveLength(5);
    expect(functions[logicalId(sender.function)]?.Properties).toMatchObject({
      Runtime: "nodejs24.x",
      Architectures: ["arm64"],
      Environment: { Variables: { POWERTOOLS_SERVICE_NAME: "legwork-sender" } },
    });
  });

  it("adds an encrypted send queue (visibility >= 6x the sender timeout) with a DLQ after 5 receives", () => {
    // Prepare
    const senderTimeout = functions[logicalId(sender.function)]?.Properties?.Timeout as number;
    const queue = queues[queueId]?.Properties as { VisibilityTimeout: number };

    // Assess
    expect(Object.keys(queues).filter((id) => id.startsWith("Sends"))).toHaveLength(2); // and the inbound failure queue
    expect(queue.VisibilityTimeout).toBeGreaterThanOrEqual(6 * senderTimeout);
    expect(queue).toMatchObject({
      SqsManagedSseEnabled: true,
      RedrivePolicy: { deadLetterTargetArn: { "Fn::GetAtt": [dlqId, "Arn"] }, maxReceiveCount: 5 },
    });
    expect(queues[dlqId]?.Properties).toMatchObject({ SqsManagedSseEnabled: true });
  });

  it("enforces TLS on both queues", () => {
    // Assess
    for (const id of [queueId, dlqId]) {
      template.hasResourceProperties("AWS::SQS::QueuePolicy", {
        Queues: [{ Ref: id }],
        PolicyDocument: {
          Statement: Match.arrayWith([Match.objectLike({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } })]),
        },
      });
    }
  });

  it("alarms when anything reaches the dead-letter queue", () => {
    // Assess
    template.hasResourceProperties("AWS::CloudWatch::Alarm", {
      Namespace: "AWS/SQS",
      MetricName: "ApproximateNumberOfMessagesVisible",
      Dimensions: [{ Name: "QueueName", Value: { "Fn::GetAtt": [dlqId, "QueueName"] } }],
      Threshold: 0,
      ComparisonOperator: "GreaterThanThreshold",
      AlarmActions: [{ Ref: logicalId(service.alerts.topic) }],
    });
  });

  it("feeds the sender from the queue in batches of 10 with partial-batch failures and capped concurrency", () => {
    // Assess
    template.hasResourceProperties("AWS::Lambda::EventSourceMapping", {
      EventSourceArn: { "Fn::GetAtt": [queueId, "Arn"] },
      FunctionName: { Ref: logicalId(sender.function) },
      BatchSize: 10,
      FunctionResponseTypes: ["ReportBatchItemFailures"],
      ScalingConfig: { MaximumConcurrency: 2 },
    });
  });

  it("matches the sender's maximum concurrency to senderMaxConcurrency", () => {
    // Act
    const custom = synthLegwork({ config: { fanout: true, senderMaxConcurrency: 7 } }).serviceTemplate;

    // Assess
    custom.hasResourceProperties("AWS::Lambda::EventSourceMapping", { ScalingConfig: { MaximumConcurrency: 7 } });
  });

  it("gives the dispatcher the queue URL and sqs:SendMessage on that queue only", () => {
    // Prepare
    const dispatcher = functions[logicalId(service.dispatcher.function)]?.Properties;

    // Assess
    expect(dispatcher).toMatchObject({
      Environment: { Variables: { LEGWORK_FANOUT_QUEUE_URL: { Ref: queueId } } },
    });
    template.hasResourceProperties("AWS::IAM::Policy", {
      Roles: [{ Ref: logicalId(service.dispatcher.role) }],
      PolicyDocument: {
        Statement: Match.arrayWith([{ Effect: "Allow", Action: "sqs:SendMessage", Resource: { "Fn::GetAtt": [queueId, "Arn"] } }]),
      },
    });
  });
});
