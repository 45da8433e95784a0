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
    return route(event, await getDeps());
  });
