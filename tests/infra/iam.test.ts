import { describe, expect, it } from "vitest";
import type { Template } from "aws-cdk-lib/assertions";
import type { LegworkFunction } from "../../infra/constructs/legwork-function.js";
import { actionsOf, iamStatements, logicalId, resourcesOf, resourcesOfType, synthLegwork } from "./harness.js";
import type { Statement } from "./harness.js";

// Prepare (shared): fanout on, so every function and permission exists.
const { data, service, dataTemplate, serviceTemplate } = synthLegwork({ config: { fanout: true } });

/** IAM statements from inline and managed policies of both stacks. */
const allStatements = (): { policy: string; statement: Statement }[] => {
  const managed = (template: Template) =>
    Object.entries(resourcesOfType(template, "AWS::IAM::ManagedPolicy")).flatMap(([policy, resource]) =>
      (resource.Properties?.PolicyDocument as { Statement: Statement[] }).Statement.map((statement) => ({
        policy,
        statement,
      })),
    );
  return [...iamStatements(serviceTemplate), ...managed(serviceTemplate), ...managed(dataTemplate)];
};

const statementsOf = (fn: LegworkFunction): Statement[] => {
  const policyId = logicalId(fn.role.node.findChild("DefaultPolicy"));
  return iamStatements(serviceTemplate)
    .filter(({ policy }) => policy === policyId)
    .map(({ statement }) => statement);
};

const withAction = (statements: Statement[], prefix: string): Statement[] =>
  statements.filter((statement) => actionsOf(statement).some((action) => action.startsWith(prefix)));

const tableArn = expect.objectContaining({
  "Fn::GetStackOutput": expect.objectContaining({ OutputName: expect.stringMatching(/FnGetAttRunners.*Arn/) }),
});
const configSetArn = {
  "Fn::Join": ["", expect.arrayContaining([":configuration-set/", { Ref: logicalId(service.mail.configurationSet) }])],
};
const identityArn = {
  "Fn::Join": ["", expect.arrayContaining([":identity/", { Ref: logicalId(service.mail.identity) }])],
};
const sender = service.sender as LegworkFunction;
const allFunctions = [service.web, service.dispatcher, service.inbound, service.feedback, sender];

describe("IAM least privilege", () => {
  it("has no wildcard action in any policy (no '*', no 'service:*', no glob)", () => {
    // Act
    const statements = allStatements();

    // Assess
    expect(statements.length).toBeGreaterThan(20);
    for (const { policy, statement } of statements) {
      for (const action of actionsOf(statement)) expect(action, policy).not.toContain("*");
    }
  });

  it("uses Resource '*' only for ses:GetAccount and ses:SetActiveReceiptRuleSet, which have no resource type", () => {
    // Act
    const starred = allStatements().filter(({ statement }) => resourcesOf(statement).includes("*"));

    // Assess: dispatcher and sender read the account; the deploy-time custom resource activates the rule set.
    expect(starred.map(({ statement }) => actionsOf(statement).join()).sort()).toEqual([
      "ses:GetAccount",
      "ses:GetAccount",
      "ses:SetActiveReceiptRuleSet",
    ]);
  });

  it("scopes SES sending to the email identity and the configuration set", () => {
    // Prepare
    const senders = [service.web, service.dispatcher, service.inbound, sender];

    // Assess
    for (const fn of senders) {
      const ses = withAction(statementsOf(fn), "ses:Send");
      expect(ses, fn.node.id).toHaveLength(1);
      // SES v2 SendEmail (raw content included) is ses:SendEmail; SendRawEmail is the v1 API's.
      expect(actionsOf(ses[0] as Statement)).toEqual(["ses:SendEmail"]);
      expect(resourcesOf(ses[0] as Statement)).toEqual(expect.arrayContaining([configSetArn, identityArn]));
      expect(resourcesOf(ses[0] as Statement)).toHaveLength(2);
    }
    expect(withAction(statementsOf(service.feedback), "ses:")).toEqual([]);
  });

  it("adds sandbox recipient identities to SES sending only when configured", () => {
    // Prepare
    const sandbox = synthLegwork({ config: { sandboxRecipients: ["tester@legwork.example"] } });
    const dispatcherPolicy = logicalId(sandbox.service.dispatcher.role.node.findChild("DefaultPolicy"));
    const statements = iamStatements(sandbox.serviceTemplate)
      .filter(({ policy }) => policy === dispatcherPolicy)
      .map(({ statement }) => statement);

    // Assess
    const ses = withAction(statements, "ses:Send")[0] as Statement;
    expect(resourcesOf(ses)).toHaveLength(3);
    expect(JSON.stringify(resourcesOf(ses)[2])).toContain(":identity/tester@legwork.example");
  });

  it("scopes DynamoDB to the runners table and its gsi1 index, with Scan of the table for the web function's dashboard only", () => {
    // Assess: the operator dashboard (/admin, on the web function) reads the whole table; nothing else scans.
    const scans = withAction(statementsOf(service.web), "dynamodb:Scan");
    expect(scans).toEqual([{ Effect: "Allow", Action: "dynamodb:Scan", Resource: tableArn }]);
    for (const fn of allFunctions) {
      const dynamo = withAction(statementsOf(fn), "dynamodb:").filter((s) => !actionsOf(s).includes("dynamodb:Scan"));
      expect(dynamo, fn.node.id).toHaveLength(1);
      const statement = dynamo[0] as Statement;
      expect(resourcesOf(statement)).toEqual([tableArn, { "Fn::Join": ["", [tableArn, "/index/gsi1"]] }]);
      expect(actionsOf(statement)).not.toContain("dynamodb:Scan");
      // No function makes a batch call (npm run iam:check reports actions no call uses).
      expect(actionsOf(statement).filter((a) => a.startsWith("dynamodb:Batch"))).toEqual([]);
      expect(actionsOf(statement)).toEqual(expect.arrayContaining(["dynamodb:Query", "dynamodb:UpdateItem"]));
    }
  });

  it("lets every function but feedback read the token secret, and only that secret", () => {
    // Prepare
    const secretArn = expect.objectContaining({
      "Fn::GetStackOutput": expect.objectContaining({ OutputName: expect.stringMatching(/RefTokenKeys/) }),
    });

    // Assess
    for (const fn of [service.web, service.dispatcher, service.inbound, sender]) {
      expect(withAction(statementsOf(fn), "secretsmanager:"), fn.node.id).toEqual([
        { Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: secretArn },
      ]);
    }
    expect(withAction(statementsOf(service.feedback), "secretsmanager:")).toEqual([]);
  });

  it("attaches reply-bucket access only where needed: inbound/ to inbound, all replies to web", () => {
    // Prepare
    const managedOf = (fn: LegworkFunction) =>
      resourcesOfType(serviceTemplate, "AWS::IAM::Role")[logicalId(fn.role)]?.Properties?.ManagedPolicyArns ?? [];
    const published = (construct: typeof data.inboundRepliesAccess) => [
      {
        "Fn::GetStackOutput": expect.objectContaining({
          OutputName: expect.stringContaining(`Ref${logicalId(construct)}`),
        }),
      },
    ];

    // Assess
    expect(managedOf(service.inbound)).toEqual(published(data.inboundRepliesAccess));
    expect(managedOf(service.web)).toEqual(published(data.allRepliesAccess));
    for (const fn of [service.dispatcher, service.feedback, sender]) expect(managedOf(fn), fn.node.id).toEqual([]);
    for (const fn of allFunctions) expect(withAction(statementsOf(fn), "s3:"), fn.node.id).toEqual([]);
  });

  it("lets only inbound publish to the operator topic, with the topic key", () => {
    // Assess
    expect(withAction(statementsOf(service.inbound), "sns:")).toEqual([
      { Effect: "Allow", Action: "sns:Publish", Resource: { Ref: logicalId(service.alerts.topic) } },
    ]);
    expect(withAction(statementsOf(service.inbound), "kms:")).toEqual([
      {
        Effect: "Allow",
        Action: ["kms:Decrypt", "kms:GenerateDataKey"],
        Resource: { "Fn::GetAtt": [logicalId(service.alerts.key), "Arn"] },
      },
    ]);
    for (const fn of [service.web, service.dispatcher, service.feedback, sender]) {
      expect(withAction(statementsOf(fn), "sns:"), fn.node.id).toEqual([]);
    }
  });

  it("writes logs only to the function's own log group", () => {
    // Assess
    for (const fn of allFunctions) {
      expect(withAction(statementsOf(fn), "logs:"), fn.node.id).toEqual([
        {
          Effect: "Allow",
          Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
          Resource: { "Fn::GetAtt": [logicalId(fn.logGroup), "Arn"] },
        },
      ]);
    }
  });
});
