import { readFileSync } from "node:fs";
import path from "node:path";
import { App, Stack } from "aws-cdk-lib";
import type { CfnElement } from "aws-cdk-lib";
import type { IConstruct } from "constructs";
import { Template } from "aws-cdk-lib/assertions";
import { PROJECT_ROOT } from "../../infra/constructs/legwork-function.js";
import { CONTEXT_KEY } from "../../infra/config/operator.js";
import type { OperatorConfigInput } from "../../infra/config/operator.js";
import { buildLegwork } from "../../infra/legwork.js";
import type { LegworkStacks } from "../../infra/legwork.js";

interface CdkJson {
  readonly context: Record<string, unknown> & { readonly legwork: OperatorConfigInput };
}

/** The context the real `cdk synth` uses: feature flags and the example operator config from cdk.json. */
export const cdkJson = (): CdkJson => JSON.parse(readFileSync(path.join(PROJECT_ROOT, "cdk.json"), "utf8")) as CdkJson;

export interface Synthesised extends LegworkStacks {
  readonly app: App;
  readonly dataTemplate: Template;
  readonly serviceTemplate: Template;
}

export interface SynthOptions {
  /** Merged over the cdk.json `legwork` config. */
  readonly config?: Partial<OperatorConfigInput>;
  /** Run esbuild for real; off by default to keep tests fast. */
  readonly bundle?: boolean;
  /** Register the cdk-nag plugin on the app (it fails synth on any finding). */
  readonly nag?: boolean;
}

/** Builds (without synthesising) the Legwork app the way infra/app.ts does, with cdk.json context plus overrides. */
export const buildLegworkApp = (options: SynthOptions = {}): LegworkStacks & { readonly app: App } => {
  const { context } = cdkJson();
  const app = new App({
    context: {
      ...context,
      [CONTEXT_KEY]: { ...context.legwork, ...options.config },
      "legwork:nag": options.nag ?? false,
      ...(options.bundle ? {} : { "aws:cdk:bundling-stacks": [] }),
    },
  });
  return { ...buildLegwork(app), app };
};

/** Builds the Legwork app and synthesises both stack templates. */
export const synthLegwork = (options: SynthOptions = {}): Synthesised => {
  const built = buildLegworkApp(options);
  return {
    ...built,
    dataTemplate: Template.fromStack(built.data),
    serviceTemplate: Template.fromStack(built.service),
  };
};

type Resources = Record<string, { Type: string; Properties?: Record<string, unknown> }>;

/** All resources of one type in a template, keyed by logical id. */
export const resourcesOfType = (template: Template, type: string): Resources => template.findResources(type) as Resources;

/** CDK's AwsCustomResource provider (it activates the receipt rule set): not a Legwork function. */
export const CUSTOM_RESOURCE_PROVIDER = "AWS679f53fac002430cb0da5b7982bd2287";

/** Legwork's own functions in a template (every function but CDK's custom resource provider). */
export const legworkFunctions = (template: Template): Resources =>
  Object.fromEntries(
    Object.entries(resourcesOfType(template, "AWS::Lambda::Function")).filter(([id]) => !id.startsWith(CUSTOM_RESOURCE_PROVIDER)),
  );

export interface Statement {
  readonly Effect: string;
  readonly Action: string | string[];
  readonly Resource: unknown;
  readonly Condition?: unknown;
}

/** Every statement of every AWS::IAM::Policy in the template, with the policy's logical id. */
export const iamStatements = (template: Template): { policy: string; statement: Statement }[] =>
  Object.entries(resourcesOfType(template, "AWS::IAM::Policy")).flatMap(([policy, resource]) => {
    const document = resource.Properties?.PolicyDocument as { Statement: Statement[] };
    return document.Statement.map((statement) => ({ policy, statement }));
  });

export const actionsOf = (statement: Statement): string[] => (Array.isArray(statement.Action) ? statement.Action : [statement.Action]);

export const resourcesOf = (statement: Statement): unknown[] =>
  Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource];

/** The CloudFormation logical id of a construct's default resource (or of the CfnElement itself). */
export const logicalId = (construct: IConstruct): string => {
  const element = (construct.node.defaultChild ?? construct) as CfnElement;
  return Stack.of(element).getLogicalId(element);
};
