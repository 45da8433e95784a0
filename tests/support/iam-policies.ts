import { cachedLocalPolicies } from "../../infra/local/iam/policies.js";
import { SYNTH_NAMES } from "../../infra/local/iam/roles.js";

/**
 * A globalSetup step of both vitest configs: the IAM policies CDK synthesizes for each function role,
 * synthesized once per change of the stack, in a file the guarded test deps read
 * (tests/support/stack.ts testDeps({ role })).
 */
export default async function setup(): Promise<void> {
  const { file } = await cachedLocalPolicies(SYNTH_NAMES);
  process.env["LEGWORK_IAM_POLICIES"] = file;
}
