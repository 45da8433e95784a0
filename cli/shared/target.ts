import { createInterface } from "node:readline/promises";
import { localContext } from "../../infra/local/lambda-context.js";
import { applyRecordedLocalEnv } from "../../infra/local/env.js";
import type { CliIo } from "./io.js";
import { UsageError } from "./io.js";

/**
 * Where an operator command runs: the local stack (`npm start`, found by the ports it recorded in its
 * data folder) or a deployed stack (`--stack NAME` or LEGWORK_STACK), found through its CloudFormation
 * outputs and the operator's AWS credentials. The same use cases run on both; only the config differs.
 */
export type Target = { kind: "local" } | { kind: "stack"; name: string; outputs: Record<string, string> };

/**
 * The outputs the CLI needs from the deployed service stack (infra/stacks/service-outputs.ts). The table name
 * comes with the web function's environment (LEGWORK_TABLE), like the rest of the deployed config.
 */
export const REQUIRED_OUTPUTS = ["WebFunctionName", "DispatcherFunctionName", "FeedbackFunctionName"] as const;

const state: { stack?: string; yes: boolean; target?: Promise<Target> } = { yes: false };

/** Set once by main from the global options. */
export const setTargetOptions = (options: { stack?: string; yes: boolean }): void => {
  state.stack = options.stack ?? (process.env["LEGWORK_STACK"] || undefined);
  state.yes = options.yes;
  state.target = undefined;
};

export const isDeployed = (): boolean => state.stack !== undefined;

const lambdaClient = async () => {
  const { LambdaClient } = await import("@aws-sdk/client-lambda");
  return new LambdaClient({});
};

/** Reads the stack's outputs, then the web function's environment: the deployed system's own config. */
const resolveStack = async (name: string): Promise<Target> => {
  const { CloudFormationClient, DescribeStacksCommand } = await import("@aws-sdk/client-cloudformation");
  const cfn = new CloudFormationClient({});
  // The functions' config needs the region the operator's profile names, not the local default.
  process.env["AWS_REGION"] ??= await cfn.config.region();
  let outputs: Record<string, string>;
  try {
    const out = await cfn.send(new DescribeStacksCommand({ StackName: name }));
    outputs = Object.fromEntries((out.Stacks?.[0]?.Outputs ?? []).map((o) => [o.OutputKey ?? "", o.OutputValue ?? ""]));
  } catch (error) {
    throw new Error(`cannot read stack "${name}": ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  } finally {
    cfn.destroy();
  }
  const missing = REQUIRED_OUTPUTS.filter((k) => !outputs[k]);
  if (missing.length) throw new Error(`stack "${name}" has no output ${missing.join(", ")}: deploy this version of Legwork first`);
  const { GetFunctionConfigurationCommand } = await import("@aws-sdk/client-lambda");
  const lambda = await lambdaClient();
  // Nothing local carries over: no local endpoints, dev keys or reply folder (the function's own config may set them).
  for (const k of ["DYNAMODB_ENDPOINT", "SES_ENDPOINT", "S3_ENDPOINT", "LEGWORK_TOKEN_KEYS", "LEGWORK_REPLY_STORE_DIR"])
    delete process.env[k];
  try {
    const fn = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: outputs["WebFunctionName"] }));
    // The deployed config wins over anything local in this shell (a local table name, local endpoints).
    for (const [k, v] of Object.entries(fn.Environment?.Variables ?? {}))
      if (k.startsWith("LEGWORK_") || k === "SES_CONFIGURATION_SET") process.env[k] = v;
  } finally {
    lambda.destroy();
  }
  return { kind: "stack", name, outputs };
};

/** The target, resolved once per run; the local one also points the environment at the recorded ports. */
export const currentTarget = (): Promise<Target> => {
  state.target ??= state.stack ? resolveStack(state.stack) : Promise.resolve((applyRecordedLocalEnv(), { kind: "local" as const }));
  return state.target;
};

/**
 * Asks before a command changes data in AWS, unless --yes. Locally it never asks. Without a terminal to
 * ask on, it refuses (UsageError: exit 2) rather than guess.
 */
export const confirmChange = async (io: CliIo, what: string): Promise<boolean> => {
  const target = await currentTarget();
  if (target.kind === "local" || state.yes) return true;
  if (!process.stdin.isTTY) throw new UsageError(`${what} changes data in stack "${target.name}": add --yes to go ahead without a prompt`);
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await rl.question(`${what} in stack "${target.name}". Go ahead? [y/N] `);
    if (/^y(es)?$/i.test(answer.trim())) return true;
    io.stderr("Nothing changed.");
    return false;
  } finally {
    rl.close();
  }
};

type Role = "dispatcher" | "feedback";
const OUTPUT_OF: Record<Role, string> = { dispatcher: "DispatcherFunctionName", feedback: "FeedbackFunctionName" };

/**
 * Runs one Lambda function once with `event`: locally the real handler in this process, deployed the
 * function itself (Lambda Invoke, RequestResponse). Returns what the function returned.
 */
export const invokeFunction = async (role: Role, event: unknown): Promise<unknown> => {
  const target = await currentTarget();
  if (target.kind === "local") {
    const { handler } =
      role === "dispatcher" ? await import("../../functions/handlers/dispatcher.js") : await import("../../functions/handlers/feedback.js");
    return (handler as (e: unknown, c: unknown) => Promise<unknown>)(event, localContext(`legwork-${role}`, 5 * 60_000));
  }
  const { InvokeCommand } = await import("@aws-sdk/client-lambda");
  const lambda = await lambdaClient();
  try {
    const out = await lambda.send(
      new InvokeCommand({ FunctionName: target.outputs[OUTPUT_OF[role]], Payload: Buffer.from(JSON.stringify(event)) }),
    );
    const text = out.Payload ? Buffer.from(out.Payload).toString("utf8") : "null";
    if (out.FunctionError) throw new Error(`the deployed ${role} failed: ${text.slice(0, 500)}`);
    return JSON.parse(text) as unknown;
  } finally {
    lambda.destroy();
  }
};
