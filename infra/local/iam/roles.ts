/**
 * Per-function guards from the synthesized policies: the role's statements with the local table and bucket
 * names in place of the ones they were synthesized with, and checks for the calls AWS services make with a
 * function's role on its behalf (the Lambda runtime writing its logs, an SQS event source polling, an
 * on-failure destination).
 */
import type { ClientHook } from "../../../functions/ports/client-hook.js";
import type { Authorization } from "./evaluate.js";
import { evaluate } from "./evaluate.js";
import type { CheckedCall } from "./guard.js";
import { AccessDeniedError, iamGuard } from "./guard.js";
import type { FunctionName, LocalPolicies, LocalRole } from "./policies.js";

/** The names the app is synthesized with for local runs; roles are renamed to each run's own. */
export const SYNTH_NAMES = { region: "eu-west-1", table: "legwork-runners", bucket: "legwork-replies" };

export interface LocalNames {
  table: string;
  bucket?: string;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** A function's role with `names` in place of the synthesized table and bucket. */
export const localRole = (policies: LocalPolicies, fn: FunctionName, names: LocalNames): LocalRole => {
  let json = JSON.stringify(policies.roles[fn]);
  json = json.replace(new RegExp(`:table/${escape(SYNTH_NAMES.table)}(?=[/"])`, "g"), `:table/${names.table}`);
  if (names.bucket) json = json.replace(new RegExp(`:::${escape(SYNTH_NAMES.bucket)}(?=[/"])`, "g"), `:::${names.bucket}`);
  return JSON.parse(json) as LocalRole;
};

export interface RoleGuard {
  fn: FunctionName;
  role: LocalRole;
  /** For buildDeps: guards every SDK client the function makes. */
  hook: ClientHook;
  /** A call an AWS service makes with this role (not through the SDK here); throws AccessDeniedError like the guard. */
  service(call: string, auths: Authorization[]): void;
  /** The Lambda runtime writing this function's logs (and embedded metrics) for one invocation. */
  runtimeLogs(): void;
}

export const roleGuard = (
  policies: LocalPolicies,
  fn: FunctionName,
  names: LocalNames,
  onCall?: (call: CheckedCall) => void,
  drop?: number,
): RoleGuard => {
  const role = localRole(policies, fn, names);
  if (drop !== undefined) role.statements = role.statements.filter((_, i) => i !== drop);
  const context = { region: policies.region, account: policies.account, topicKeys: policies.topicKeys };
  const service = (call: string, auths: Authorization[]): void => {
    const checks = auths.map((a) => ({ ...a, decision: evaluate(role.statements, a) }));
    const checked = { fn, call, checks, allowed: checks.every((c) => c.decision.allowed) };
    onCall?.(checked);
    const denied = checks.find((c) => !c.decision.allowed);
    if (denied) throw new AccessDeniedError("AccessDeniedException", fn, role.roleArn, denied);
  };
  const stream = `${role.logGroupArn.replace(/:\*$/, "")}:log-stream:local`;
  return {
    fn,
    role,
    hook: iamGuard({ policy: role, context, onCall }),
    service,
    runtimeLogs: () =>
      service("Lambda runtime.logs", [
        { action: "logs:CreateLogStream", resource: stream },
        { action: "logs:PutLogEvents", resource: stream },
      ]),
  };
};

/** What the Lambda SQS event source does with the consuming function's role before each batch. */
export const eventSourcePoll = (queueArn: string): Authorization[] =>
  ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"].map((action) => ({ action, resource: queueArn }));
