import { describe, expect, it } from "vitest";
import { Validations } from "aws-cdk-lib";
import { Bucket } from "aws-cdk-lib/aws-s3";
import { AwsSolutionsChecks } from "cdk-nag";
import type { IConstruct } from "constructs";
import { buildLegworkApp, synthLegwork } from "./harness.js";

const CERTIFICATE_ARN = "arn:aws:acm:us-east-1:123456789012:certificate/12345678-1234-1234-1234-123456789012";

/** Unacknowledged AwsSolutions findings as readable "rule @ path" lines. */
const findings = (scope: IConstruct): string[] => {
  const report = new AwsSolutionsChecks().validateScope(scope);
  return report.violations.flatMap((violation) =>
    violation.violatingResources.map((resource) => {
      const where = (resource as { constructPath?: string }).constructPath ?? resource.resourceLogicalId;
      return `${violation.ruleName} @ ${where}`;
    }),
  );
};

/** Every acknowledgement recorded in the construct tree: rule id -> reason. */
const acknowledgements = (scope: IConstruct): { path: string; id: string; reason: string }[] =>
  scope.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) =>
        Object.entries(entry.data as Record<string, string>).map(([id, reason]) => ({
          path: construct.node.path,
          id: id.replace(/^annotation::/i, ""),
          reason,
        })),
      ),
  );

describe("cdk-nag AwsSolutions", () => {
  it("reports no unacknowledged finding with a custom domain (CloudFront in front)", () => {
    // Prepare
    const { app } = synthLegwork({ config: { domainName: "coach.legwork.example", certificateArn: CERTIFICATE_ARN } });

    // Act
    const unacknowledged = findings(app);

    // Assess
    expect(unacknowledged).toEqual([]);
  });

  it.each([false, true])("reports no unacknowledged finding (fanout=%s)", (fanout) => {
    // Prepare
    const { app } = synthLegwork({ config: { fanout, alarmEmail: "ops@legwork.example" } });

    // Act
    const unacknowledged = findings(app);

    // Assess
    expect(unacknowledged).toEqual([]);
  });

  it("runs as a validation plugin in the app and lets the synth through", () => {
    // Prepare
    const { app } = synthLegwork({ config: { fanout: true }, nag: true });

    // Act
    const assembly = app.synth();

    // Assess
    expect(assembly.stacks.map((stack) => stack.stackName).sort()).toEqual(["LegworkData", "LegworkService"]);
  });

  it("fails the app synth when a resource is non-compliant (the plugin is live)", () => {
    // Prepare
    const { app, service } = buildLegworkApp({ nag: true });
    new Bucket(service, "Plain");

    // Act
    const act = () => app.synth();

    // Assess
    expect(findings(app)).toEqual(expect.arrayContaining([expect.stringMatching(/^AwsSolutions-S10 @ LegworkService\/Plain/)]));
    expect(act).toThrow(/AwsSolutions-S10/);
  });

  it("gives every acknowledgement a specific written reason", () => {
    // Prepare
    const { app } = synthLegwork({ config: { fanout: true } });

    // Act
    const acks = acknowledgements(app).filter((ack) => ack.id.startsWith("AwsSolutions-"));

    // Assess
    expect(new Set(acks.map((ack) => ack.id.replace(/\[.*$/, "")))).toEqual(
      new Set(["AwsSolutions-S1", "AwsSolutions-SMG4", "AwsSolutions-IAM4", "AwsSolutions-IAM5", "AwsSolutions-L1", "AwsSolutions-SQS3"]),
    );
    for (const ack of acks) expect(ack.reason.length, `${ack.id} @ ${ack.path}`).toBeGreaterThanOrEqual(60);
  });
});
