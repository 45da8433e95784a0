import { afterEach, describe, expect, it, vi } from "vitest";
import { Stack } from "aws-cdk-lib";
import { Match, Template } from "aws-cdk-lib/assertions";
import { ORIGIN_VERIFY_HEADER, UNSTABLE_LINKS_WARNING } from "../../infra/constructs/public-entry.js";
import { parseOperatorConfig } from "../../infra/config/operator.js";
import { RECEIPT_RULE_SET_NAME } from "../../infra/constructs/inbound-mail.js";
import { SES_RECEIVING_REGIONS, requireReceivingRegion } from "../../infra/config/region.js";
import { cdkJson, logicalId, resourcesOfType, synthLegwork } from "./harness.js";

// Prepare (shared): the default config.
const { service, serviceTemplate: template } = synthLegwork();
const CERTIFICATE_ARN = "arn:aws:acm:us-east-1:123456789012:certificate/12345678-1234-1234-1234-123456789012";
const alarms = () => Object.values(resourcesOfType(template, "AWS::CloudWatch::Alarm")).map((a) => a.Properties ?? {});

afterEach(() => {
  vi.restoreAllMocks();
});

describe("what a fresh account needs", () => {
  it("sends failed SES feedback events to an encrypted dead-letter queue, with an alarm", () => {
    // Assess
    const dlq = logicalId(service.feedbackFailures);
    template.hasResourceProperties("AWS::SNS::Subscription", {
      Protocol: "lambda",
      RedrivePolicy: { deadLetterTargetArn: { "Fn::GetAtt": [dlq, "Arn"] } },
    });
    template.hasResourceProperties("AWS::SQS::Queue", { SqsManagedSseEnabled: true });
    expect(alarms().some((a) => JSON.stringify(a.Dimensions ?? []).includes(dlq))).toBe(true);
  });

  it("activates the receipt rule set on create and deactivates it on delete", () => {
    // Act
    const resources = Object.values(template.findResources("Custom::ActiveReceiptRuleSet"));

    // Assess
    expect(resources).toHaveLength(1);
    const call = (phase: string) => JSON.parse(String(resources[0]?.Properties?.[phase])) as Record<string, unknown>;
    expect(call("Create")).toMatchObject({ action: "SetActiveReceiptRuleSet", parameters: { RuleSetName: RECEIPT_RULE_SET_NAME } });
    expect(call("Delete")).toMatchObject({ action: "SetActiveReceiptRuleSet", parameters: {} });
    template.hasResourceProperties("AWS::SES::ReceiptRuleSet", { RuleSetName: RECEIPT_RULE_SET_NAME });
  });

  it("leaves the active rule set alone with activateReceiptRuleSet: false", () => {
    // Act
    const custom = synthLegwork({ config: { activateReceiptRuleSet: false } });

    // Assess
    expect(custom.serviceTemplate.findResources("Custom::ActiveReceiptRuleSet")).toEqual({});
  });

  it("runs the dispatcher at :00, :15, :30 and :45", () => {
    // Assess
    template.hasResourceProperties("AWS::Events::Rule", { ScheduleExpression: "cron(0/15 * * * ? *)" });
  });

  it("alarms on throttles, web 5xx, dispatcher duration, failed weekly sends over two ticks and the daily quota", () => {
    // Act
    const all = alarms();
    const named = (metric: string) => all.filter((a) => a.MetricName === metric);

    // Assess
    expect(named("Throttles")).toHaveLength(4);
    expect(named("Url5xxCount")).toHaveLength(1);
    expect(named("Duration")[0]).toMatchObject({ Threshold: 240_000, Statistic: "Maximum" });
    expect(named("EmailsFailed")[0]).toMatchObject({
      Namespace: "Legwork",
      EvaluationPeriods: 2,
      Dimensions: expect.arrayContaining([
        { Name: "type", Value: "weekly" },
        { Name: "service", Value: "legwork" },
      ]),
    });
    expect(named("DailyQuotaUsedPercent")[0]).toMatchObject({ Namespace: "Legwork", Threshold: 80 });
    for (const alarm of all) expect(alarm.AlarmActions, String(alarm.MetricName)).toHaveLength(1);
  });

  it("has a dashboard and counts signups and confirmations from the web log", () => {
    // Assess
    template.resourceCountIs("AWS::CloudWatch::Dashboard", 1);
    template.hasResourceProperties("AWS::Logs::MetricFilter", {
      FilterPattern: '{ $.message = "runner confirmed" }',
      MetricTransformations: [Match.objectLike({ MetricName: "Confirmations", MetricNamespace: "Legwork" })],
    });
  });

  it("names the outputs that operators and `legwork --stack` read", () => {
    // Act
    const outputs = Object.keys(template.findOutputs("*"));

    // Assess
    expect(outputs).toEqual(
      expect.arrayContaining([
        "PublicBaseUrl",
        "WebFunctionUrl",
        "WebFunctionName",
        "DispatcherFunctionName",
        "InboundFunctionName",
        "FeedbackFunctionName",
        "DashboardName",
        "ReceiptRuleSetName",
      ]),
    );
  });
});

describe("stable links", () => {
  it("with domainName: CloudFront on the domain, links on it, the origin header and the viewer address", () => {
    // Act
    const custom = synthLegwork({ config: { domainName: "coach.legwork.example", certificateArn: CERTIFICATE_ARN } });
    const web = resourcesOfType(custom.serviceTemplate, "AWS::Lambda::Function")[logicalId(custom.service.web.function)];
    const dispatcher = resourcesOfType(custom.serviceTemplate, "AWS::Lambda::Function")[logicalId(custom.service.dispatcher.function)];

    // Assess
    custom.serviceTemplate.hasResourceProperties("AWS::CloudFront::Distribution", {
      DistributionConfig: Match.objectLike({
        Aliases: ["coach.legwork.example"],
        ViewerCertificate: Match.objectLike({ AcmCertificateArn: CERTIFICATE_ARN, MinimumProtocolVersion: "TLSv1.2_2021" }),
        Origins: [Match.objectLike({ OriginCustomHeaders: [Match.objectLike({ HeaderName: ORIGIN_VERIFY_HEADER })] })],
      }),
    });
    custom.serviceTemplate.hasResourceProperties("AWS::CloudFront::OriginRequestPolicy", {
      OriginRequestPolicyConfig: Match.objectLike({
        HeadersConfig: { HeaderBehavior: "whitelist", Headers: Match.arrayWith(["CloudFront-Viewer-Address"]) },
      }),
    });
    const variables = (web?.Properties?.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(variables).toMatchObject({ LEGWORK_BASE_URL: "https://coach.legwork.example", LEGWORK_TRUST_VIEWER_ADDRESS: "true" });
    expect(variables["LEGWORK_ORIGIN_VERIFY"]).toBeDefined();
    expect(dispatcher?.Properties).toMatchObject({ Environment: { Variables: { LEGWORK_BASE_URL: "https://coach.legwork.example" } } });
  });

  it("without a domain: no CloudFront, and synth warns that links break on a redeploy", () => {
    // Prepare
    const written: string[] = [];
    vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });

    // Act
    const plain = synthLegwork();

    // Assess
    plain.serviceTemplate.resourceCountIs("AWS::CloudFront::Distribution", 0);
    expect(written.join("")).toContain(UNSTABLE_LINKS_WARNING);
  });

  it("refuses domainName without certificateArn", () => {
    // Act
    const parse = () => parseOperatorConfig({ ...cdkJson().context.legwork, domainName: "coach.legwork.example" });

    // Assess
    expect(parse).toThrow(/legwork\.certificateArn: domainName and certificateArn go together/);
  });
});

describe("synth-time validation", () => {
  it("refuses a MAIL FROM domain equal to the reply domain (each needs its own MX)", () => {
    // Act
    const parse = () => parseOperatorConfig({ ...cdkJson().context.legwork, mailFromSubdomain: "reply" });

    // Assess
    expect(parse).toThrow(/legwork\.mailFromSubdomain: MAIL FROM domain reply\.legwork\.example must differ from replyDomain/);
  });

  it("fails the synth in a region without SES receiving, and guards any region with a template rule", () => {
    // Prepare
    const stack = new Stack();

    // Act
    requireReceivingRegion(stack, "us-west-1");
    const template = Template.fromStack(stack);

    // Assess
    const errors = stack.node.metadata.filter((m) => m.type === "aws:cdk:error").map((m) => String(m.data));
    expect(errors).toEqual([expect.stringContaining("us-west-1 has none")]);
    expect(JSON.stringify(template.toJSON()["Rules"])).toContain('"Fn::Contains"');
    expect(SES_RECEIVING_REGIONS).toContain("eu-west-1");
  });

  it("accepts a region with SES receiving", () => {
    // Prepare
    const stack = new Stack();

    // Act
    requireReceivingRegion(stack, "eu-west-1");

    // Assess
    expect(stack.node.metadata.filter((m) => m.type === "aws:cdk:error")).toEqual([]);
  });
});
