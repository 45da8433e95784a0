import middy from "@middy/core";
import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import type { Context, ScheduledEvent } from "aws-lambda";
import { dispatch } from "../app/dispatch.js";
import type { DispatchResult } from "../app/dispatch.js";
import { dispatchDeps } from "../app/dispatch-deps.js";
import { logger } from "../lib/logger.js";
import { getDeps } from "../wiring.js";

/**
 * The scheduled dispatcher. "Now" is the schedule's own event time, so a duplicate delivery of the
 * same event sees the same due set, and `legwork tick --now` can replay any instant.
 */
export const handler = middy<Pick<ScheduledEvent, "time">, DispatchResult>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async function dispatcherHandler(event, context: Context) {
    const deps = await getDeps();
    const now = event.time ? new Date(event.time) : deps.now();
    if (Number.isNaN(now.getTime())) throw new Error("scheduled event has an invalid time");
    return dispatch(await dispatchDeps(deps), { now, remainingMs: () => context.getRemainingTimeInMillis() });
  });
