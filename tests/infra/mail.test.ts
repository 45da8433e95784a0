import { describe, expect, it } from "vitest";
import { Match } from "aws-cdk-lib/assertions";
import { logicalId, resourcesOfType, synthLegwork } from "./harness.js";

// Prepare (shared): one synth of the example config.
const { service, serviceTemplate: template } = synthLegwork();
const topicRef = { Ref: logicalId(service.alerts.topic) };

describe("SES inbound (replies)", () => {
  it("has one receipt rule for the reply domain: S3 under inbound/ first, then the inbound Lambda", () => {
    // Assess
    template.resourceCountIs("AWS::SES::ReceiptRuleSet", 1);
    template.resourceCountIs("AWS::SES::ReceiptRule", 1);
    template.hasResourceProperties("AWS::SES::ReceiptRule", {
      Rule: {
        Enabled: true,
        Recipients: ["reply.legwork.example"],
        ScanEnabled: true,
        TlsPolicy: "Require",
        Actions: [
          { S3Action: { BucketName: Match.anyValue(), ObjectKeyPrefix: "inbound/" } },
          {
            LambdaAction: {
              FunctionArn: { "Fn::GetAtt": [logicalId(service.inbound.function), "Arn"] },
              InvocationType: "Event",
            },
          },
        ],
      },
    });
  });

  it("relies on the sender domain's verification for a reply subdomain, and verifies any other reply domain", () => {
    // Act
    const other = synthLegwork({ config: { replyDomain: "replies.example" } }).serviceTemplate;

    // Assess
    template.resourceCountIs("AWS::SES::EmailIdentity", 1);
    other.resourceCountIs("AWS::SES::EmailIdentity", 2);
    other.hasResourceProperties("AWS::SES::EmailIdentity", { EmailIdentity: "replies.example" });
    const replyDkim = Object.keys(other.findOutputs("*")).filter((id) => id.startsWith("ReplyDomainDkimCname"));
    expect(replyDkim).toHaveLength(3);
  });

  it("lets only SES from this account invoke the inbound function", () => {
    // Assess
    template.hasResourceProperties("AWS::Lambda::Permission", {
      Action: "lambda:InvokeFunction",
      Principal: "ses.amazonaws.com",
      SourceAccount: { Ref: "AWS::AccountId" },
      FunctionName: { "Fn::GetAtt": [logicalId(service.inbound.function), "Arn"] },
    });
  });
});

describe("SES outbound", () => {
  it("verifies the sender domain with Easy DKIM, a custom MAIL FROM and the configuration set", () => {
    // Assess
    template.hasResourceProperties("AWS::SES::EmailIdentity", {
      EmailIdentity: "legwork.example",
      MailFromAttributes: { MailFromDomain: "mail.legwork.example" },
      ConfigurationSetAttributes: { ConfigurationSetName: { Ref: logicalId(service.mail.configurationSet) } },
      DkimSigningAttributes: Match.absent(),
    });
  });

  it("has a configuration set with reputation metrics, sending on, and BOUNCE/COMPLAINT suppression", () => {
    // Assess
    template.hasResourceProperties("AWS::SES::ConfigurationSet", {
      ReputationOptions: { ReputationMetricsEnabled: true },
      SendingOptions: { SendingEnabled: true },
      SuppressionOptions: { SuppressedReasons: ["BOUNCE", "COMPLAINT"] },
    });
  });

  it("publishes bounce, complaint, delivery and reject events to the feedback topic", () => {
    // Assess
    template.hasResourceProperties("AWS::SES::ConfigurationSetEventDestination", {
      ConfigurationSetName: { Ref: logicalId(service.mail.configurationSet) },
      EventDestination: {
        Enabled: true,
        MatchingEventTypes: ["bounce", "complaint", "delivery", "reject"],
        SnsDestination: { TopicARN: { Ref: logicalId(service.mail.feedbackTopic) } },
      },
    });
  });

  it("outputs the three DKIM CNAMEs, the MAIL FROM domain and the rule set to activate", () => {
    // Prepare
    const outputs = template.findOutputs("*");

    // Assess
    for (const i of [1, 2, 3]) {
      expect(JSON.stringify(outputs[`DkimCname${i}`]?.Value)).toContain(`DkimDNSTokenName${i}`);
    }
    expect(outputs.MailFromDomain?.Value).toBe("mail.legwork.example");
    const ruleSet = service.node.findChild("InboundMail").node.findChild("RuleSet");
    expect(outputs.ReceiptRuleSetName?.Value).toEqual({ Ref: logicalId(ruleSet) });
    expect(outputs.WebFunctionUrl).toBeDefined();
  });
});

describe("operator alerts", () => {
  it("encrypts both topics with a rotating customer key that CloudWatch and SES may use", () => {
    // Assess
    template.resourcePropertiesCountIs("AWS::SNS::Topic", { KmsMasterKeyId: Match.anyValue() }, 2);
    template.hasResourceProperties("AWS::KMS::Key", {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: "Allow",
            Principal: { Service: ["cloudwatch.amazonaws.com", "ses.amazonaws.com"] },
            Action: ["kms:Decrypt", "kms:GenerateDataKey"],
            Condition: { StringEquals: { "aws:SourceAccount": { Ref: "AWS::AccountId" } } },
          }),
        ]),
      },
    });
  });

  it("enforces TLS on both topics", () => {
    // Assess
    template.resourcePropertiesCountIs(
      "AWS::SNS::TopicPolicy",
      {
        PolicyDocument: {
          Statement: Match.arrayWith([Match.objectLike({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } })]),
        },
      },
      2,
    );
  });

  it.each([
    ["Reputation.BounceRate", 0.02],
    ["Reputation.ComplaintRate", 0.0008],
  ])("alarms on %s >= %s over one hour, notifying the operator topic", (metricName, threshold) => {
    // Assess
    template.hasResourceProperties("AWS::CloudWatch::Alarm", {
      Namespace: "AWS/SES",
      MetricName: metricName,
      Statistic: "Maximum",
      Period: 3600,
      Threshold: threshold,
      ComparisonOperator: "GreaterThanOrEqualToThreshold",
      AlarmActions: [topicRef],
    });
  });

  it("alarms on dispatcher errors", () => {
    // Assess
    template.hasResourceProperties("AWS::CloudWatch::Alarm", {
      Namespace: "AWS/Lambda",
      MetricName: "Errors",
      Dimensions: [{ Name: "FunctionName", Value: { Ref: logicalId(service.dispatcher.function) } }],
      Threshold: 1,
      AlarmActions: [topicRef],
    });
  });

  it("subscribes alarmEmail to the operator topic only when it is set", () => {
    // Act
    const withEmail = synthLegwork({ config: { alarmEmail: "ops@legwork.example" } }).serviceTemplate;

    // Assess
    template.resourcePropertiesCountIs("AWS::SNS::Subscription", { Protocol: "email" }, 0);
    withEmail.hasResourceProperties("AWS::SNS::Subscription", {
      Protocol: "email",
      Endpoint: "ops@legwork.example",
      TopicArn: Match.objectLike({ Ref: Match.stringLikeRegexp("^AlertsTopic") }),
    });
  });

  it("gives every alarm an action", () => {
    // Assess
    const alarms = Object.entries(resourcesOfType(template, "AWS::CloudWatch::Alarm"));
    expect(alarms.length).toBeGreaterThanOrEqual(5);
    for (const [id, alarm] of alarms) expect(alarm.Properties?.AlarmActions, id).toEqual([topicRef]);
  });
});
