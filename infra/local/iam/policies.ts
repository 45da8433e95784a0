/**
 * The IAM policies CDK synthesizes for each Legwork function role, resolved to local ARNs. The app is
 * synthesized in-process (no bundling, no cdk-nag) with fan-out on, so every function and statement
 * exists; that costs seconds, so callers synthesize once (npm start at start, tests in globalSetup, which
 * writes the result to a file named by LEGWORK_IAM_POLICIES).
 */
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { RolePolicy } from "./guard.js";
import type { Statement } from "./evaluate.js";
import type { LocalNames } from "./resolve.js";
import { Resolver } from "./resolve.js";

export const LOCAL_ACCOUNT = "000000000000";
/** The operator the synthesized web function lets into /admin when cdk.json names none (npm start's dev operator too). */
const LOCAL_OPERATOR = "operator@legwork.example";
/** The functions and their construct ids in LegworkService. */
export const FUNCTIONS = ["web", "dispatcher", "sender", "inbound", "feedback"] as const;
export type FunctionName = (typeof FUNCTIONS)[number];

/** A function's role with what the local runs need: its resolved environment, log group and on-failure queue. */
export interface LocalRole extends RolePolicy {
  env: Record<string, string>;
  logGroupArn: string;
  /** The queue Lambda sends a failed asynchronous event to (with this role), if any. */
  onFailureArn?: string;
}

export interface LocalPolicies {
  region: string;
  account: string;
  roles: Record<FunctionName, LocalRole>;
  /** KMS key of each encrypted topic (publishers need it). */
  topicKeys: Record<string, string>;
}

type Template = {
  Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }>;
  Outputs?: Record<string, { Value: unknown }>;
};

const asList = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/** Every statement attached to a role: its inline policies (AWS::IAM::Policy) and its managed policies. */
const roleStatements = (resolver: Resolver, templates: Record<string, Template>, roleId: string): Statement[] => {
  const service = templates["LegworkService"]!;
  const documents: { stack: string; doc: unknown }[] = [];
  for (const resource of Object.values(service.Resources)) {
    const roles = asList(resource.Properties?.["Roles"] as unknown[] | undefined);
    if (resource.Type === "AWS::IAM::Policy" && roles.some((r) => (r as { Ref?: string }).Ref === roleId))
      documents.push({ stack: "LegworkService", doc: resource.Properties?.["PolicyDocument"] });
  }
  for (const arn of asList(service.Resources[roleId]?.Properties?.["ManagedPolicyArns"] as unknown[] | undefined)) {
    const out = resolver.output(arn) ?? { stack: "LegworkService", value: arn };
    const id = (out.value as { Ref?: string }).Ref;
    if (!id) throw new Error(`role ${roleId}: managed policy ${JSON.stringify(arn)} is not a Legwork policy`);
    documents.push({ stack: out.stack, doc: resolver.resource(out.stack, id).Properties?.["PolicyDocument"] });
  }
  return documents.flatMap(({ stack, doc }) =>
    asList((resolver.resolve(stack, doc) as { Statement: Statement | Statement[] }).Statement).map((s) => ({
      ...s,
      Action: asList(s.Action),
      Resource: asList(s.Resource),
    })),
  );
};

/** Environment variables that resolve locally (the base URL, from the function URL, does not: it is left out). */
const resolvedEnv = (resolver: Resolver, vars: Record<string, unknown>): Record<string, string> =>
  Object.fromEntries(
    Object.entries(vars).flatMap(([k, v]) => {
      try {
        return [[k, resolver.string("LegworkService", v)]];
      } catch {
        return [];
      }
    }),
  );

/** One function's role, environment, log group and on-failure queue, from its logical ids in LegworkService. */
const localRoleOf = (
  resolver: Resolver,
  templates: Record<string, Template>,
  fn: FunctionName,
  ids: { role: string; fn: string; logGroup: string },
): LocalRole => {
  const resources = templates["LegworkService"]!.Resources;
  const env = (resources[ids.fn]?.Properties?.["Environment"] as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {};
  const onFailure = Object.values(resources).find(
    (r) => r.Type === "AWS::Lambda::EventInvokeConfig" && (r.Properties?.["FunctionName"] as { Ref?: string })?.Ref === ids.fn,
  )?.Properties?.["DestinationConfig"] as { OnFailure?: { Destination: unknown } } | undefined;
  return {
    fn,
    roleArn: `arn:aws:iam::${LOCAL_ACCOUNT}:role/${ids.role}`,
    statements: roleStatements(resolver, templates, ids.role),
    env: resolvedEnv(resolver, env),
    logGroupArn: resolver.string("LegworkService", { "Fn::GetAtt": [ids.logGroup, "Arn"] }),
    ...(onFailure?.OnFailure ? { onFailureArn: resolver.string("LegworkService", onFailure.OnFailure.Destination) } : {}),
  };
};

/** Synthesizes the app in-process and extracts each function role's policy, resolved with `names`. */
export const synthLocalPolicies = async (names: Omit<LocalNames, "account">): Promise<LocalPolicies> => {
  const [{ App }, { buildLegwork }, { CONTEXT_KEY }, { PROJECT_ROOT }] = await Promise.all([
    import("aws-cdk-lib"),
    import("../../legwork.js"),
    import("../../config/operator.js"),
    import("../../constructs/legwork-function.js"),
  ]);
  const cdkJson = JSON.parse(readFileSync(path.join(PROJECT_ROOT, "cdk.json"), "utf8")) as {
    context: Record<string, Record<string, unknown>>;
  };
  const outdir = mkdtempSync(path.join(tmpdir(), "legwork-iam-synth-"));
  try {
    const { context } = cdkJson;
    // Fan-out on (every function exists) and an operator (the web function's /admin runs), as a club might deploy it.
    const operators = (context[CONTEXT_KEY]?.["operatorEmails"] as string[] | undefined) ?? [];
    const legwork = {
      ...context[CONTEXT_KEY],
      fanout: true,
      sandboxRecipients: [],
      operatorEmails: operators.length ? operators : [LOCAL_OPERATOR],
    };
    const app = new App({ outdir, context: { ...context, [CONTEXT_KEY]: legwork, "legwork:nag": false, "aws:cdk:bundling-stacks": [] } });
    const { service } = buildLegwork(app);
    const assembly = app.synth();
    const templates = Object.fromEntries(assembly.stacks.map((s) => [s.stackName, s.template as Template]));
    const resolver = new Resolver(templates, { ...names, account: LOCAL_ACCOUNT });
    const constructs = {
      web: service.web,
      dispatcher: service.dispatcher,
      sender: service.sender!,
      inbound: service.inbound,
      feedback: service.feedback,
    };
    const ids = (c: (typeof constructs)[FunctionName]) => ({
      role: service.getLogicalId(c.role.node.defaultChild as never),
      fn: service.getLogicalId(c.function.node.defaultChild as never),
      logGroup: service.getLogicalId(c.logGroup.node.defaultChild as never),
    });
    const roles = Object.fromEntries(
      FUNCTIONS.map((fn) => [fn, localRoleOf(resolver, templates, fn, ids(constructs[fn]))]),
    ) as LocalPolicies["roles"];
    const topicKeys: Record<string, string> = {};
    for (const [id, r] of Object.entries(templates["LegworkService"]!.Resources))
      if (r.Type === "AWS::SNS::Topic" && r.Properties?.["KmsMasterKeyId"])
        topicKeys[resolver.string("LegworkService", { Ref: id })] = resolver.string("LegworkService", r.Properties["KmsMasterKeyId"]);
    return { region: names.region, account: LOCAL_ACCOUNT, roles, topicKeys };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
};

/** What the synthesized policies depend on: the CDK code (not the local runner), cdk.json and the locked CDK version. */
const sourcesHash = (root: string, names: object): string => {
  const hash = createHash("sha256").update(JSON.stringify(names));
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true })
      .filter((e) => !(e.isDirectory() && e.name === "local"))
      .flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : e.name.endsWith(".ts") ? [path.join(dir, e.name)] : []));
  for (const file of [...walk(path.join(root, "infra")).sort(), path.join(root, "cdk.json"), path.join(root, "package-lock.json")])
    hash.update(file).update(readFileSync(file));
  return hash.digest("hex").slice(0, 16);
};

/**
 * The policies, synthesized once per change of the CDK code: a file in the temp folder named by a hash of
 * the stack's sources is reused by every later npm start, test run and check. Returns the policies and the file.
 */
export const cachedLocalPolicies = async (names: Omit<LocalNames, "account">): Promise<{ policies: LocalPolicies; file: string }> => {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
  const file = path.join(tmpdir(), `legwork-iam-policies-${sourcesHash(root, names)}.json`);
  if (existsSync(file)) return { policies: JSON.parse(readFileSync(file, "utf8")) as LocalPolicies, file };
  const policies = await synthLocalPolicies(names);
  // Written whole under a temp name, then renamed: two processes synthesizing at once never read half a file.
  const temp = `${file}.${process.pid}`;
  writeFileSync(temp, JSON.stringify(policies));
  renameSync(temp, file);
  return { policies, file };
};

/** The policies from the file LEGWORK_IAM_POLICIES names (tests: globalSetup wrote it). */
export const policiesFromEnv = (): LocalPolicies => {
  const file = process.env["LEGWORK_IAM_POLICIES"];
  if (!file) throw new Error("LEGWORK_IAM_POLICIES is not set: the test globalSetup writes the synthesized IAM policies there");
  return JSON.parse(readFileSync(file, "utf8")) as LocalPolicies;
};
