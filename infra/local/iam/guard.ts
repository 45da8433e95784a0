/**
 * The IAM guard: an AWS SDK v3 middleware that checks every call against one function role's statements
 * before the request is built, and fails a call the role may not make the way AWS would (403,
 * AccessDeniedException, or AccessDenied for S3), so the request never reaches the local engine.
 */
import type { ClientHook } from "../../../functions/ports/client-hook.js";
import type { CallContext } from "./calls.js";
import { authorizationsFor } from "./calls.js";
import type { Authorization, Decision, Statement } from "./evaluate.js";
import { evaluate } from "./evaluate.js";

/** One function's role: its name (web, dispatcher, …), ARN, and every statement attached to it. */
export interface RolePolicy {
  fn: string;
  roleArn: string;
  statements: Statement[];
}

export interface CheckedCall {
  fn: string;
  call: string;
  checks: (Authorization & { decision: Decision })[];
  allowed: boolean;
}

export interface GuardOptions {
  policy: RolePolicy;
  context: CallContext;
  /** Sees every call with its decisions (the statement-removal check records them). */
  onCall?: (call: CheckedCall) => void;
}

/** The error AWS answers a denied call with: same name, status and fault, so callers' error handling runs as in AWS. */
export class AccessDeniedError extends Error {
  readonly $fault = "client";
  readonly $metadata = { httpStatusCode: 403, attempts: 1, totalRetryDelay: 0 };
  readonly Code: string;

  constructor(
    name: "AccessDeniedException" | "AccessDenied",
    readonly fn: string,
    readonly roleArn: string,
    readonly denied: Authorization,
  ) {
    super(
      `User: ${roleArn.replace(":iam::", ":sts::").replace(":role/", ":assumed-role/")}/legwork-${fn} is not authorized to perform: ` +
        `${denied.action} on resource: ${denied.resource} because no identity-based policy allows the ${denied.action} action`,
    );
    this.name = name;
    this.Code = name;
  }
}

type Args = { input: Record<string, unknown> };
type Ctx = { clientName?: string; commandName?: string };
type Handler = (args: Args) => Promise<unknown>;
type Stack = { add: (mw: (next: Handler, context: Ctx) => Handler, options: Record<string, unknown>) => void };

const isMissingObject = (error: unknown): boolean => error instanceof Error && (error.name === "NoSuchKey" || error.name === "NotFound");

/**
 * A client hook that guards every client with `policy`. S3 answers a missing object with 403 instead of
 * 404 when the caller may not list the bucket, and so does this guard.
 */
export const iamGuard = ({ policy, context, onCall }: GuardOptions): ClientHook => {
  const check = (clientName: string, commandName: string, input: Record<string, unknown>, auths?: Authorization[]): CheckedCall => {
    const checks = (auths ?? authorizationsFor(clientName, commandName, input, context)).map((a) => ({
      ...a,
      decision: evaluate(policy.statements, a),
    }));
    const checked = {
      fn: policy.fn,
      call: `${clientName.replace(/Client$/, "")}.${commandName.replace("Command", "")}`,
      checks,
      allowed: checks.every((c) => c.decision.allowed),
    };
    onCall?.(checked);
    return checked;
  };
  const deny = (clientName: string, checked: CheckedCall): AccessDeniedError => {
    const denied = checked.checks.find((c) => !c.decision.allowed)!;
    const name = clientName === "S3Client" ? "AccessDenied" : "AccessDeniedException";
    return new AccessDeniedError(name, policy.fn, policy.roleArn, { action: denied.action, resource: denied.resource });
  };
  const middleware =
    (next: Handler, ctx: Ctx): Handler =>
    async (args) => {
      const clientName = ctx.clientName ?? "UnknownClient";
      const commandName = ctx.commandName ?? "UnknownCommand";
      const checked = check(clientName, commandName, args.input);
      if (!checked.allowed) throw deny(clientName, checked);
      try {
        return await next(args);
      } catch (error) {
        if (clientName !== "S3Client" || !isMissingObject(error)) throw error;
        const list = check(clientName, `${commandName} (missing key)`, args.input, [
          { action: "s3:ListBucket", resource: `arn:aws:s3:::${String(args.input["Bucket"])}` },
        ]);
        throw list.allowed ? error : deny(clientName, list);
      }
    };
  return (client) => {
    (client.middlewareStack as Stack).add(middleware, { step: "initialize", priority: "high", name: "legworkIamGuard", override: true });
  };
};
