/**
 * The statement-removal check: the flows run once with every role's full policy (nothing may be denied),
 * then once per statement of each function role with that statement left out. A statement some call
 * depends on must make a flow fail, with the denied call; one no flow needs is UNUSED. The full-policy
 * run records which statements allowed each call, so each removal reruns only the flow predicted to fail
 * (and every flow, to prove an UNUSED statement).
 */
import { FLOWS } from "./flows.js";
import type { Flow } from "./flows.js";
import type { CheckedCall } from "../iam/guard.js";
import { globMatches } from "../iam/evaluate.js";
import type { FunctionName, LocalPolicies } from "../iam/policies.js";
import { FUNCTIONS } from "../iam/policies.js";
import type { StandIns } from "./stand-ins.js";
import { World } from "./world.js";

export interface FlowResult {
  flow: string;
  error?: string;
  /** The first denied call, as "<call> denied <action> on <resource>". */
  denied?: string;
  calls: CheckedCall[];
}

export interface StatementResult {
  fn: FunctionName;
  index: number;
  statement: string;
  /** The flow that failed without it, and why; undefined when nothing needed it. */
  failed?: { flow: string; denied?: string; error?: string };
  /** Actions of the statement that no call used (reported, not failed on). */
  unusedActions: string[];
}

export interface CheckReport {
  baseline: FlowResult[];
  statements: StatementResult[];
}

const short = (arn: string): string => arn.replace(/^arn:aws:([a-z0-9-]+):[^:]*:[^:]*:/, "$1:");

const describeDenied = (call: CheckedCall): string => {
  const denied = call.checks.find((c) => !c.decision.allowed)!;
  return `${call.fn} ${call.call} denied ${denied.action} on ${short(denied.resource)}`;
};

const runFlow = async (options: WorldContext, flow: Flow, drop?: { fn: FunctionName; index: number }): Promise<FlowResult> => {
  const calls: CheckedCall[] = [];
  const world = new World({ ...options, onCall: (c) => calls.push(c), drop });
  await world.start();
  let error: string | undefined;
  try {
    await flow.run(world);
  } catch (e) {
    error = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  }
  const denied = calls.find((c) => !c.allowed);
  return { flow: flow.name, calls, ...(error ? { error } : {}), ...(denied ? { denied: describeDenied(denied) } : {}) };
};

export interface WorldContext {
  policies: LocalPolicies;
  standIns: StandIns;
  env: Record<string, string | undefined>;
}

export const runAllFlows = async (
  context: WorldContext,
  drop?: { fn: FunctionName; index: number },
  flows = FLOWS,
): Promise<FlowResult[]> => {
  const results: FlowResult[] = [];
  for (const flow of flows) results.push(await runFlow(context, flow, drop));
  return results;
};

const failed = (r: FlowResult): boolean => r.error !== undefined || r.denied !== undefined;

/** Flows whose full-policy calls include one that only statement `index` of `fn` allowed. */
const dependents = (baseline: FlowResult[], fn: FunctionName, index: number): Flow[] =>
  FLOWS.filter((flow) =>
    baseline
      .find((r) => r.flow === flow.name)
      ?.calls.some((c) => c.fn === fn && c.checks.some((k) => k.decision.allowedBy.length === 1 && k.decision.allowedBy[0] === index)),
  );

const usedActions = (baseline: FlowResult[], fn: FunctionName, index: number): string[] =>
  baseline.flatMap((r) =>
    r.calls.filter((c) => c.fn === fn).flatMap((c) => c.checks.filter((k) => k.decision.allowedBy.includes(index)).map((k) => k.action)),
  );

export const describeStatement = (actions: string[], resources: string[]): string => {
  const service = actions[0]?.split(":")[0] ?? "";
  const names = actions.map((a) => (a.startsWith(`${service}:`) ? a.slice(service.length + 1) : a));
  return `${service}:${names.join(",")} on ${resources.map(short).join(", ")}`;
};

export const runRemovalCheck = async (
  context: WorldContext,
  progress?: (line: string) => void,
  onlyBaseline = false,
): Promise<CheckReport> => {
  const baseline = await runAllFlows(context);
  for (const r of baseline.filter(failed)) progress?.(`FULL POLICY: ${r.flow} failed: ${r.denied ?? r.error}`);
  const statements: StatementResult[] = [];
  if (onlyBaseline) return { baseline, statements };
  for (const fn of FUNCTIONS) {
    for (const [index, s] of context.policies.roles[fn].statements.entries()) {
      const actions = [s.Action ?? []].flat();
      const used = usedActions(baseline, fn, index);
      const result: StatementResult = {
        fn,
        index,
        statement: describeStatement(actions, [s.Resource ?? []].flat()),
        unusedActions: actions.filter((a) => !used.some((u) => globMatches(a, u, true))),
      };
      // The predicted flow first; if it passes after all, every flow, so an UNUSED verdict is proved by running.
      const predicted = dependents(baseline, fn, index).slice(0, 1);
      let runs = await runAllFlows(context, { fn, index }, predicted);
      if (!runs.some(failed)) runs = await runAllFlows(context, { fn, index });
      const fail = runs.find(failed);
      if (fail)
        result.failed = { flow: fail.flow, ...(fail.denied ? { denied: fail.denied } : {}), ...(fail.error ? { error: fail.error } : {}) };
      statements.push(result);
      progress?.(formatStatement(result));
    }
  }
  return { baseline, statements };
};

/** One line per statement: function, statement, and the flow that failed without it with the denied call (or UNUSED). */
export const formatStatement = (r: StatementResult): string => {
  const outcome = r.failed ? `${r.failed.flow}: ${r.failed.denied ?? r.failed.error}` : "UNUSED";
  const extra = r.unusedActions.length ? `  [actions no call used: ${r.unusedActions.join(", ")}]` : "";
  return `${r.fn.padEnd(10)} ${r.statement}  ->  ${outcome}${extra}`;
};
