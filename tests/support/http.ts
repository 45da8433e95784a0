import type { APIGatewayProxyEventV2 } from "aws-lambda";
import type { HttpResult } from "../../functions/web/shared/http.js";
import { route } from "../../functions/web/router.js";
import type { Deps } from "../../functions/wiring.js";
import { AfterAnswerSignupQueue } from "../../functions/adapters/local-queue/after-answer.js";

/** Builds a Function URL (payload v2) event the way Lambda delivers it. */
export const httpEvent = (
  method: string,
  pathAndQuery: string,
  options: { body?: string | Buffer; contentType?: string; sourceIp?: string; headers?: Record<string, string> } = {},
): APIGatewayProxyEventV2 => {
  const url = new URL(pathAndQuery, "https://coach.legwork.example");
  const query = Object.fromEntries(url.searchParams);
  const body = options.body === undefined ? undefined : Buffer.isBuffer(options.body) ? options.body.toString("base64") : options.body;
  return {
    version: "2.0",
    routeKey: "$default",
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers: { host: "coach.legwork.example", ...(options.contentType ? { "content-type": options.contentType } : {}), ...options.headers },
    queryStringParameters: Object.keys(query).length ? query : undefined,
    requestContext: {
      accountId: "anonymous",
      apiId: "test",
      domainName: "coach.legwork.example",
      domainPrefix: "coach",
      http: { method, path: url.pathname, protocol: "HTTP/1.1", sourceIp: options.sourceIp ?? "203.0.113.7", userAgent: "vitest" },
      requestId: "test",
      routeKey: "$default",
      stage: "$default",
      time: new Date(0).toUTCString(),
      timeEpoch: 0,
    },
    body,
    isBase64Encoded: Buffer.isBuffer(options.body),
  };
};

/** Waits for signup work queued after an answer (in-process in tests), so a test sees its emails. */
export const settle = async (deps: Deps): Promise<void> => {
  if (deps.signupQueue instanceof AfterAnswerSignupQueue) await deps.signupQueue.drain();
};

/** One request through the router, then the work it left for after the answer. */
export const call = async (deps: Deps, event: APIGatewayProxyEventV2): Promise<HttpResult> => {
  const result = await route(event, deps);
  await settle(deps);
  return result;
};

export const postJson = (deps: Deps, path: string, body: unknown, sourceIp?: string) =>
  call(deps, httpEvent("POST", path, { body: JSON.stringify(body), contentType: "application/json", sourceIp }));

export const postForm = (deps: Deps, path: string, fields: Record<string, string | string[]>) => {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) params.append(k, x);
  return call(deps, httpEvent("POST", path, { body: params.toString(), contentType: "application/x-www-form-urlencoded" }));
};
