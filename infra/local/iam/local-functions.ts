/**
 * The functions `npm start` runs (web, dispatcher, inbound), each with its own deps guarded by its own
 * role's synthesized statements, so a call the deployed function could not make fails locally too.
 */
import type { Config } from "../../../functions/config.js";
import { createDispatcherHandler } from "../../../functions/handlers/dispatcher.js";
import { createInboundHandler } from "../../../functions/handlers/inbound.js";
import { createWebHandler } from "../../../functions/handlers/web.js";
import type { Deps } from "../../../functions/wiring.js";
import { buildDeps } from "../../../functions/wiring.js";
import { cachedLocalPolicies } from "./policies.js";
import type { FunctionName } from "./policies.js";
import { SYNTH_NAMES, roleGuard } from "./roles.js";

type Handler<E, R, C> = (event: E, context: C) => Promise<R>;

/** Each invocation first checks that the Lambda runtime may write the function's logs with its role. */
const withRuntimeLogs =
  <E, R, C>(check: () => void, handler: Handler<E, R, C>): Handler<E, R, C> =>
  (event, context) => {
    check();
    return handler(event, context);
  };

export const guardedFunctions = async (config: Config) => {
  const { policies } = await cachedLocalPolicies({ ...SYNTH_NAMES, region: config.AWS_REGION });
  const guarded = (fn: FunctionName) => {
    const guard = roleGuard(policies, fn, { table: config.LEGWORK_TABLE });
    let deps: Promise<Deps> | undefined;
    return { guard, load: () => (deps ??= buildDeps(config, { clientHook: guard.hook })) };
  };
  const web = guarded("web");
  const dispatcher = guarded("dispatcher");
  const inbound = guarded("inbound");
  return {
    web: withRuntimeLogs(web.guard.runtimeLogs, createWebHandler(web.load)),
    webDeps: web.load,
    dispatcher: withRuntimeLogs(dispatcher.guard.runtimeLogs, createDispatcherHandler(dispatcher.load)),
    inbound: withRuntimeLogs(inbound.guard.runtimeLogs, createInboundHandler(inbound.load)),
  };
};
