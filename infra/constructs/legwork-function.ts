import { fileURLToPath } from "node:url";
import path from "node:path";
import { RemovalPolicy, Validations } from "aws-cdk-lib";
import type { Duration } from "aws-cdk-lib";
import { Role, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import type { IManagedPolicy, PolicyStatement } from "aws-cdk-lib/aws-iam";
import { Architecture, Runtime } from "aws-cdk-lib/aws-lambda";
import type { IDestination } from "aws-cdk-lib/aws-lambda";
import type { BundlingOptions } from "aws-cdk-lib/aws-lambda-nodejs";
import { NodejsFunction, OutputFormat } from "aws-cdk-lib/aws-lambda-nodejs";
import { LogGroup, RetentionDays } from "aws-cdk-lib/aws-logs";
import { Construct } from "constructs";
import { LEGWORK_BUNDLING } from "./bundling.js";

/** The repository root: entries, package-lock.json and tsconfig.json are resolved from here. */
export const PROJECT_ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** The shared settings (infra/constructs/bundling.ts), in the CDK's terms; `legwork bench` bundles with the same ones. */
const bundling = (): BundlingOptions => ({
  format: { cjs: OutputFormat.CJS, esm: OutputFormat.ESM }[LEGWORK_BUNDLING.format],
  minify: LEGWORK_BUNDLING.minify,
  sourceMap: LEGWORK_BUNDLING.sourceMap,
  sourcesContent: LEGWORK_BUNDLING.sourcesContent,
  target: LEGWORK_BUNDLING.target,
  externalModules: [...LEGWORK_BUNDLING.externalModules],
  mainFields: [...LEGWORK_BUNDLING.mainFields],
  esbuildArgs: Object.fromEntries(
    Object.entries(LEGWORK_BUNDLING.supported).map(([feature, on]) => [`--supported:${feature}`, String(on)]),
  ),
  forceDockerBundling: false,
});

export interface LegworkFunctionProps {
  /** Handler file relative to the repository root; it must export `handler`. */
  readonly entry: string;
  /** Short name, used for the Powertools service name and descriptions. */
  readonly name: string;
  readonly description: string;
  readonly memorySize: number;
  readonly timeout: Duration;
  /** The environment every Legwork function shares (see functions/config.ts). */
  readonly commonEnvironment: Readonly<Record<string, string>>;
  /** Extra variables for this function only; they win over the common ones. */
  readonly environment?: Readonly<Record<string, string>>;
  readonly reservedConcurrentExecutions?: number;
  /** Retries of asynchronous invocations (Lambda default: 2). */
  readonly retryAttempts?: number;
  /** Where an asynchronous invocation goes after its last retry fails (e.g. an SQS dead-letter queue). */
  readonly onFailure?: IDestination;
  /** Least-privilege statements for the function's own role. */
  readonly statements?: readonly PolicyStatement[];
  /** Customer-managed policies to attach (never AWS-managed ones). */
  readonly managedPolicies?: readonly IManagedPolicy[];
}

/**
 * A Lambda function with the Legwork house defaults: Node 24 on arm64, a CommonJS bundle with
 * source maps built by the local esbuild (never Docker), an explicit log group with a
 * retention, and its own role holding only the log-write permissions plus `statements`.
 *
 * @example
 * const web = new LegworkFunction(this, "Web", {
 *   entry: "functions/handlers/web.ts",
 *   name: "web",
 *   description: "Signup site and JSON API",
 *   memorySize: 512,
 *   timeout: Duration.seconds(10),
 *   commonEnvironment,
 * });
 */
export class LegworkFunction extends Construct {
  static readonly RUNTIME = Runtime.NODEJS_24_X;
  static readonly LOG_RETENTION = RetentionDays.ONE_MONTH;

  readonly function: NodejsFunction;
  readonly role: Role;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: LegworkFunctionProps) {
    super(scope, id);

    this.logGroup = new LogGroup(this, "Logs", {
      retention: LegworkFunction.LOG_RETENTION,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    // An own role instead of AWSLambdaBasicExecutionRole: that policy allows
    // logs:CreateLogGroup on "*", which a function with an explicit log group never needs.
    this.role = new Role(this, "Role", {
      assumedBy: new ServicePrincipal("lambda.amazonaws.com"),
      description: `Legwork ${props.name} function`,
      managedPolicies: [...(props.managedPolicies ?? [])],
    });
    this.logGroup.grantWrite(this.role);
    for (const statement of props.statements ?? []) this.role.addToPolicy(statement);

    this.function = new NodejsFunction(this, "Function", {
      entry: path.join(PROJECT_ROOT, props.entry),
      handler: "handler",
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: path.join(PROJECT_ROOT, "package-lock.json"),
      runtime: LegworkFunction.RUNTIME,
      architecture: Architecture.ARM_64,
      description: props.description,
      memorySize: props.memorySize,
      timeout: props.timeout,
      role: this.role,
      logGroup: this.logGroup,
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      retryAttempts: props.retryAttempts,
      onFailure: props.onFailure,
      environment: {
        NODE_OPTIONS: "--enable-source-maps",
        POWERTOOLS_SERVICE_NAME: `legwork-${props.name}`,
        ...props.commonEnvironment,
        ...props.environment,
      },
      bundling: bundling(),
    });
    Validations.of(this.function).acknowledge({
      id: "AwsSolutions-L1",
      reason:
        "Node.js 24 is the house runtime on purpose (the bundle targets node22, a subset it runs); moving to a " +
        "newer runtime is a deliberate, tested change of LegworkFunction.RUNTIME, not a drift.",
    });
  }

  /** Adds a least-privilege statement to this function's role. */
  addToRolePolicy(statement: PolicyStatement): void {
    this.role.addToPolicy(statement);
  }
}
