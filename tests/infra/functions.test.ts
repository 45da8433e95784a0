import { describe, expect, it } from "vitest";
import { Match } from "aws-cdk-lib/assertions";
import { LegworkFunction } from "../../infra/constructs/legwork-function.js";
import { CUSTOM_RESOURCE_PROVIDER, legworkFunctions, logicalId, resourcesOfType, synthLegwork } from "./harness.js";

// Prepare (shared): one synth of the example config.
const { service, serviceTemplate: template } = synthLegwork();
const functions = legworkFunctions(template);
type Variables = Record<string, unknown>;
const envOf = (fn: LegworkFunction): Variables => {
  const props = functions[logicalId(fn.function)]?.Properties as { Environment: { Variables: Variables } };
  return props.Environment.Variables;
};
const webUrlId = logicalId(service.web.function.node.findChild("FunctionUrl"));
const urlHost = { "Fn::Select": [2, { "Fn::Split": ["/", { "Fn::GetAtt": [webUrlId, "FunctionUrl"] }] }] };
const functionUrlBase = { "Fn::Join": ["", ["https://", urlHost]] };

describe("every Legwork function", () => {
  it("exists once per handler: web, dispatcher, inbound, feedback", () => {
    // Assess
    expect(Object.keys(functions)).toHaveLength(4);
    for (const fn of [service.web, service.dispatcher, service.inbound, service.feedback]) {
      expect(functions).toHaveProperty(logicalId(fn.function));
    }
  });

  it("runs Node.js 24 on arm64 with source maps enabled", () => {
    // Assess
    for (const [id, fn] of Object.entries(functions)) {
      expect(fn.Properties, id).toMatchObject({
        Runtime: "nodejs24.x",
        Architectures: ["arm64"],
        Handler: "index.handler",
        Environment: { Variables: { NODE_OPTIONS: "--enable-source-maps" } },
      });
    }
  });

  it("logs to its own log group with a retention", () => {
    // Prepare
    const logGroups = resourcesOfType(template, "AWS::Logs::LogGroup");

    // Assess
    for (const [id, fn] of Object.entries(functions)) {
      const ref = (fn.Properties?.LoggingConfig as { LogGroup: { Ref: string } }).LogGroup.Ref;
      expect(logGroups[ref]?.Properties?.RetentionInDays, id).toBe(30);
    }
  });

  it("carries the common Legwork environment from functions/config.ts", () => {
    // Prepare
    const dataOutput = (name: RegExp) => ({
      "Fn::GetStackOutput": expect.objectContaining({
        StackName: "LegworkData",
        OutputName: expect.stringMatching(name),
      }),
    });

    // Assess
    for (const [id, fn] of Object.entries(functions)) {
      const variables = (fn.Properties?.Environment as { Variables: Record<string, unknown> }).Variables;
      expect(variables, id).toMatchObject({
        LEGWORK_TABLE: dataOutput(/Runners/),
        LEGWORK_REPLY_BUCKET: dataOutput(/Replies/),
        LEGWORK_FROM: "Legwork Coach <coach@legwork.example>",
        LEGWORK_REPLY_DOMAIN: "reply.legwork.example",
        LEGWORK_POSTAL_ADDRESS: expect.stringContaining("Example Street"),
        SES_CONFIGURATION_SET: { Ref: logicalId(service.mail.configurationSet) },
        LEGWORK_CHECKIN_RETENTION_DAYS: "365",
        POWERTOOLS_SERVICE_NAME: expect.stringMatching(/^legwork-(web|dispatcher|inbound|feedback)$/),
      });
      expect(variables, id).not.toHaveProperty("LEGWORK_SEND_RATE");
      // The token secret only where links are signed or verified (and the role may read it).
      if (id === logicalId(service.feedback.function)) expect(variables, id).not.toHaveProperty("LEGWORK_TOKEN_SECRET_ARN");
      else expect(variables.LEGWORK_TOKEN_SECRET_ARN, id).toEqual(dataOutput(/TokenKeys/));
    }
  });

  it("uses its own role with no AWS-managed policy (no AWSLambdaBasicExecutionRole)", () => {
    // Prepare: CDK's custom resource provider (deploy-time only) keeps its basic execution role.
    const roles = Object.entries(resourcesOfType(template, "AWS::IAM::Role")).filter(([id]) => !id.startsWith(CUSTOM_RESOURCE_PROVIDER));

    // Assess
    expect(roles.length).toBeGreaterThanOrEqual(4);
    for (const [id, role] of roles) {
      expect(JSON.stringify(role.Properties?.ManagedPolicyArns ?? []), id).not.toContain("iam::aws:policy");
    }
  });

  it("passes sendRate and checkinRetentionDays through when configured", () => {
    // Act
    const { serviceTemplate: customTemplate } = synthLegwork({ config: { sendRate: 14, checkinRetentionDays: 90 } });

    // Assess
    const all = Object.values(legworkFunctions(customTemplate));
    expect(all).toHaveLength(4);
    for (const fn of all) {
      expect(fn.Properties).toMatchObject({
        Environment: { Variables: { LEGWORK_SEND_RATE: "14", LEGWORK_CHECKIN_RETENTION_DAYS: "90" } },
      });
    }
  });
});

describe("web function", () => {
  it("has a public Function URL (authType NONE) for the signup site", () => {
    // Assess
    template.hasResourceProperties("AWS::Lambda::Url", {
      AuthType: "NONE",
      TargetFunctionArn: { "Fn::GetAtt": [logicalId(service.web.function), "Arn"] },
    });
  });

  it("has a 10 s timeout and no reserved concurrency by default (new accounts' quotas refuse it)", () => {
    // Assess
    expect(functions[logicalId(service.web.function)]?.Properties).toMatchObject({ Timeout: 10 });
    expect(functions[logicalId(service.web.function)]?.Properties).not.toHaveProperty("ReservedConcurrentExecutions");
  });

  it("reserves concurrency only when webReservedConcurrency opts in", () => {
    // Act
    const { service: custom, serviceTemplate } = synthLegwork({ config: { webReservedConcurrency: 10 } });

    // Assess
    const web = resourcesOfType(serviceTemplate, "AWS::Lambda::Function")[logicalId(custom.web.function)];
    expect(web?.Properties).toMatchObject({ ReservedConcurrentExecutions: 10 });
  });

  it("gets LEGWORK_BASE_URL only from publicBaseUrl or domainName (its own URL would be a cycle)", () => {
    // Prepare
    const custom = synthLegwork({ config: { publicBaseUrl: "https://coach.legwork.example/" } });
    const customFunctions = legworkFunctions(custom.serviceTemplate);

    // Assess: every function that builds links (feedback builds none).
    expect(envOf(service.web)).not.toHaveProperty("LEGWORK_BASE_URL");
    const linkBuilders = [custom.service.web, custom.service.dispatcher, custom.service.inbound];
    for (const fn of linkBuilders.map((f) => customFunctions[logicalId(f.function)])) {
      expect(fn?.Properties).toMatchObject({
        Environment: { Variables: { LEGWORK_BASE_URL: "https://coach.legwork.example" } },
      });
    }
  });
});

describe("dispatcher function", () => {
  it("runs at :00, :15, :30 and :45 from an EventBridge rule that targets it", () => {
    // Assess
    template.hasResourceProperties("AWS::Events::Rule", {
      ScheduleExpression: "cron(0/15 * * * ? *)",
      State: "ENABLED",
      Targets: [Match.objectLike({ Arn: { "Fn::GetAtt": [logicalId(service.dispatcher.function), "Arn"] } })],
    });
    template.hasResourceProperties("AWS::Lambda::Permission", {
      Action: "lambda:InvokeFunction",
      Principal: "events.amazonaws.com",
      FunctionName: { "Fn::GetAtt": [logicalId(service.dispatcher.function), "Arn"] },
    });
  });

  it("has a 5 minute timeout and no async retries (the next tick retries)", () => {
    // Assess
    expect(functions[logicalId(service.dispatcher.function)]?.Properties).toMatchObject({ Timeout: 300 });
    template.hasResourceProperties("AWS::Lambda::EventInvokeConfig", {
      FunctionName: { Ref: logicalId(service.dispatcher.function) },
      MaximumRetryAttempts: 0,
    });
  });

  it("builds links from the web Function URL when no publicBaseUrl is set", () => {
    // Assess
    expect(envOf(service.dispatcher).LEGWORK_BASE_URL).toEqual(functionUrlBase);
    expect(envOf(service.inbound).LEGWORK_BASE_URL).toEqual(functionUrlBase);
  });

  it("has no fan-out queue URL when fanout is off", () => {
    // Assess
    expect(envOf(service.dispatcher)).not.toHaveProperty("LEGWORK_FANOUT_QUEUE_URL");
  });
});

describe("inbound and feedback functions", () => {
  it("give inbound the operator topic for red-flag alerts", () => {
    // Assess
    expect(envOf(service.inbound).LEGWORK_ALERT_TOPIC_ARN).toEqual({ Ref: logicalId(service.alerts.topic) });
  });

  it("send an inbound event that failed every retry to an encrypted, TLS-only failure queue, with an alarm on it", () => {
    // Assess: Lambda's on-failure destination for SES's asynchronous invocations
    const queue = logicalId(service.inboundFailures);
    template.hasResourceProperties("AWS::Lambda::EventInvokeConfig", {
      FunctionName: { Ref: logicalId(service.inbound.function) },
      DestinationConfig: { OnFailure: { Destination: { "Fn::GetAtt": [queue, "Arn"] } } },
    });
    expect(template.toJSON().Resources[queue].Properties).toMatchObject({
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 14 * 86_400,
    });
    template.hasResourceProperties("AWS::SQS::QueuePolicy", {
      Queues: [{ Ref: queue }],
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } })]),
      },
    });
    template.hasResourceProperties("AWS::CloudWatch::Alarm", {
      MetricName: "ApproximateNumberOfMessagesVisible",
      Dimensions: [{ Name: "QueueName", Value: { "Fn::GetAtt": [queue, "QueueName"] } }],
      Threshold: 0,
      ComparisonOperator: "GreaterThanThreshold",
      AlarmActions: Match.anyValue(),
    });
  });

  it("subscribe feedback to the SES feedback topic", () => {
    // Assess
    template.hasResourceProperties("AWS::SNS::Subscription", {
      Protocol: "lambda",
      TopicArn: { Ref: logicalId(service.mail.feedbackTopic) },
      Endpoint: { "Fn::GetAtt": [logicalId(service.feedback.function), "Arn"] },
    });
  });
});

describe("LegworkFunction house defaults", () => {
  it("pins Node 24 and a one-month log retention", () => {
    // Assess
    expect(LegworkFunction.RUNTIME.name).toBe("nodejs24.x");
    expect(LegworkFunction.LOG_RETENTION).toBe(30);
  });
});
