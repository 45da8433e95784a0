import middy from "@middy/core";
import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import { logMetrics } from "@aws-lambda-powertools/metrics/middleware";
import type { Context, ScheduledEvent } from "aws-lambda";
import { dispatch } from "../app/dispatch.js";
import type { DispatchResult } from "../app/dispatch.js";
import { dispatchDeps, fanoutDeps } from "../app/dispatch-deps.js";
import type { EnqueueResult } from "../app/fanout.js";
import { enqueueDue } from "../app/fanout.js";
import { logger } from "../lib/logger.js";
import { metrics } from "../lib/metrics.js";
import type { Deps } from "../wiring.js";
import { getDeps } from "../wiring.js";
import { parseEvent, scheduleEventSchema } from "./events.js";

/**
 * The scheduled dispatcher. "Now" is the schedule's own event time, so a duplicate delivery of the
 * same event sees the same due set, and `legwork tick --now` can replay any instant. With
 * LEGWORK_FANOUT_QUEUE_URL set it only queues the due runners for the sender function.
 */
export const createDispatcherHandler = (load: () => Promise<Deps>) =>
  middy<Pick<ScheduledEvent, "time">, DispatchResult | EnqueueResult>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metrics))
    .handler(async function dispatcherHandler(event, context: Context) {
      const { time } = parseEvent(scheduleEventSchema, event, "schedule event");
      const deps = await load();
      const now = time ? new Date(time) : deps.now();
      const input = { now, remainingMs: () => context.getRemainingTimeInMillis() };
      return deps.config.LEGWORK_FANOUT_QUEUE_URL ? enqueueDue(fanoutDeps(deps), input) : dispatch(dispatchDeps(deps), input);
    });

export const handler = createDispatcherHandler(getDeps);
