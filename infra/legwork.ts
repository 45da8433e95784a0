import { Tags, Validations } from "aws-cdk-lib";
import type { App } from "aws-cdk-lib";
import { AwsSolutionsChecks } from "cdk-nag";
import { CONTEXT_KEY, parseOperatorConfig } from "./config/operator.js";
import type { OperatorConfig } from "./config/operator.js";
import { LegworkDataStack } from "./stacks/data-stack.js";
import { LegworkServiceStack } from "./stacks/service-stack.js";

/** Context flag: `-c legwork:nag=false` skips the cdk-nag AwsSolutions checks (they run by default). */
export const NAG_CONTEXT_KEY = "legwork:nag";

export interface LegworkStacks {
  readonly config: OperatorConfig;
  readonly data: LegworkDataStack;
  readonly service: LegworkServiceStack;
}

const nagEnabled = (app: App): boolean => {
  const flag: unknown = app.node.tryGetContext(NAG_CONTEXT_KEY);
  return !(flag === false || flag === "false");
};

/**
 * Adds the Legwork stacks to `app` from the `legwork` context. The stacks are environment-agnostic
 * (no account or region, no lookups), so `cdk synth` runs offline; `cdk deploy` targets the
 * credentials' account and region.
 *
 * @example
 * const app = new App();
 * buildLegwork(app);
 */
export const buildLegwork = (app: App): LegworkStacks => {
  const config = parseOperatorConfig(app.node.tryGetContext(CONTEXT_KEY));

  const data = new LegworkDataStack(app, "LegworkData", {
    description: "Legwork stateful resources: runners table, raw-reply bucket, link-token keys (retained)",
  });
  const service = new LegworkServiceStack(app, "LegworkService", {
    description: "Legwork functions, SES sending/receiving, schedule and alarms (stateless)",
    config,
    table: data.table,
    replyBucket: data.replyBucket,
    tokenSecret: data.tokenSecret,
    inboundRepliesAccess: data.inboundRepliesAccess,
    allRepliesAccess: data.allRepliesAccess,
  });
  // CloudFormation takes no Tags on a dashboard (cfn-lint E3002).
  Tags.of(app).add("app", "legwork", { excludeResourceTypes: ["AWS::CloudWatch::Dashboard"] });

  // cdk-nag v3 is a policy-validation plugin: any unacknowledged finding fails the synth.
  if (nagEnabled(app)) Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { config, data, service };
};
