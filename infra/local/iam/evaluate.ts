/**
 * IAM policy evaluation for local runs, as AWS does it for one principal's identity policies: an explicit
 * Deny wins, else any Allow, else denied by default. Actions match case-insensitively with * and ? wildcards
 * (dynamodb:Get*), resources case-sensitively (arn:...:table/T/index/*). Conditions are not evaluated: an
 * Allow with a Condition never matches and a Deny with one always does, so the local check is never more
 * permissive than AWS (no Legwork function role has a conditioned statement today).
 */

export interface Statement {
  Sid?: string;
  Effect: "Allow" | "Deny";
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  NotResource?: string | string[];
  Condition?: Record<string, unknown>;
}

/** One IAM authorization a call needs: AWS checks some calls against several (SES: identity and configuration set). */
export interface Authorization {
  action: string;
  resource: string;
}

export interface Decision {
  allowed: boolean;
  /** Indexes of the Allow statements that grant it (empty when denied). */
  allowedBy: number[];
  /** Index of the Deny statement that refused it, if one did. */
  deniedBy?: number;
}

const list = (value: string | string[] | undefined): string[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

const globCache = new Map<string, RegExp>();

/** IAM glob: * is any run of characters, ? one character; nothing else is special. */
export const globMatches = (pattern: string, value: string, ignoreCase = false): boolean => {
  const key = `${ignoreCase ? "i" : "s"}${pattern}`;
  let re = globCache.get(key);
  if (!re) {
    const body = pattern
      .replace(/[.+^${}()|[\]\\]/g, "\\$&")
      .replace(/\*/g, ".*")
      .replace(/\?/g, ".");
    re = new RegExp(`^${body}$`, ignoreCase ? "is" : "s");
    globCache.set(key, re);
  }
  return re.test(value);
};

const actionMatches = (statement: Statement, action: string): boolean =>
  statement.NotAction !== undefined
    ? !list(statement.NotAction).some((p) => globMatches(p, action, true))
    : list(statement.Action).some((p) => globMatches(p, action, true));

const resourceMatches = (statement: Statement, resource: string): boolean =>
  statement.NotResource !== undefined
    ? !list(statement.NotResource).some((p) => globMatches(p, resource))
    : list(statement.Resource).some((p) => globMatches(p, resource));

const applies = (statement: Statement, { action, resource }: Authorization): boolean =>
  actionMatches(statement, action) && resourceMatches(statement, resource);

const hasCondition = (statement: Statement): boolean => statement.Condition !== undefined && Object.keys(statement.Condition).length > 0;

/** Evaluates one authorization against a role's statements. */
export const evaluate = (statements: readonly Statement[], request: Authorization): Decision => {
  const allowedBy: number[] = [];
  for (const [i, statement] of statements.entries()) {
    if (!applies(statement, request)) continue;
    if (statement.Effect === "Deny") return { allowed: false, allowedBy: [], deniedBy: i };
    if (!hasCondition(statement)) allowedBy.push(i);
  }
  return { allowed: allowedBy.length > 0, allowedBy };
};

/** Conditions found in statements, for the check's report ("not evaluated locally"). */
export const conditionKeys = (statements: readonly Statement[]): string[] =>
  statements.flatMap((s) =>
    Object.entries(s.Condition ?? {}).flatMap(([op, keys]) => Object.keys(keys as object).map((k) => `${op} ${k}`)),
  );
