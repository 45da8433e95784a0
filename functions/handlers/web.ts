import middy from "@middy/core";
import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { logger } from "../lib/logger.js";
import { route } from "../web/router.js";
import { getDeps } from "../wiring.js";

/** The web Lambda (Function URL, payload v2): pages and the JSON API. Thin: it only wires. */
export const handler = middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async function webHandler(event) {
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
