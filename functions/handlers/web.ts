import middy from "@middy/core";
import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, SQSBatchResponse, SQSEvent } from "aws-lambda";
import { processSignup } from "../app/signup.js";
import { logger } from "../lib/logger.js";
import { parseSignupJob } from "../ports/signup-queue.js";
import { route } from "../web/router.js";
import { getDeps } from "../wiring.js";
import { parseEvent, sqsEventSchema } from "./events.js";

const isQueueEvent = (event: unknown): event is SQSEvent => Array.isArray((event as Partial<SQSEvent> | null)?.Records);

/**
 * Signup work from the signup queue: each message is done on its own; a failed one is reported back
 * (ReportBatchItemFailures) so SQS retries only it, and after its retries it goes to the queue's DLQ.
 * An unreadable message is logged and dropped: retrying would never make it readable.
 */
const signupWork = async (event: unknown): Promise<SQSBatchResponse> => {
  const { Records } = parseEvent(sqsEventSchema, event, "SQS signup batch");
  const deps = await getDeps();
  const batchItemFailures: SQSBatchResponse["batchItemFailures"] = [];
  for (const record of Records) {
    const job = parseSignupJob(record.body);
    if (!job) {
      logger.error("unreadable signup job dropped", { messageId: record.messageId });
      continue;
    }
    await processSignup(deps, job).catch(() => batchItemFailures.push({ itemIdentifier: record.messageId }));
  }
  return { batchItemFailures };
};

/** The web Lambda (Function URL, payload v2): pages and the JSON API, plus the signup queue's work. Thin: it only wires. */
export const handler = middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async function webHandler(event) {
    // One function, two event sources: typed for the Function URL, which is what callers of the handler use.
    const queued: unknown = event;
    if (isQueueEvent(queued)) return (await signupWork(queued)) as unknown as APIGatewayProxyStructuredResultV2;
    const deps = await getDeps();
    // Behind CloudFront (a custom domain), only requests CloudFront forwarded carry its origin header.
    const verify = deps.config.LEGWORK_ORIGIN_VERIFY;
    if (verify !== undefined && event.headers?.[ORIGIN_VERIFY_HEADER] !== verify) {
      return { statusCode: 403, headers: { "content-type": "text/plain; charset=utf-8" }, body: "Forbidden" };
    }
    return route(event, deps);
  });

/** Set by CloudFront on each origin request (infra/constructs/public-entry.ts, same name). */
export const ORIGIN_VERIFY_HEADER = "x-legwork-origin";
