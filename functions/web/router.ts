import { DeliveryUnavailableError, RateLimitedError } from "../app/signup.js";
import { ValidationError } from "../domain/errors.js";
import { ExpiredTokenError, TokenError } from "../domain/tokens.js";
import { RunnerNotFoundError, StateConflictError } from "../app/subscriber-errors.js";
import { logger } from "../lib/logger.js";
import type { Deps } from "../wiring.js";
import type { HttpEvent, HttpResult } from "./shared/http.js";
import { HttpError, errorBody, html, json } from "./shared/http.js";
import { errorPage } from "./error-page.js";
import { checkSameOrigin, wantsHtml } from "./guard.js";
import { CSP, signupPage } from "./shared/pages.js";
import { privacyPage } from "./privacy.js";
import { getCheckin, postCheckin } from "./routes/checkin.js";
import { postDelete, postExport } from "./routes/data.js";
import { getPreferences, postPreferences } from "./routes/preferences.js";
import { getConfirm, postConfirm } from "./routes/confirm.js";
import { postSubscribe } from "./routes/subscribe.js";
import { getUnsubscribe, postResubscribe, postUnsubscribe } from "./routes/unsubscribe.js";
import { ADMIN_PATTERN_ROUTES, ADMIN_ROUTES } from "./admin/index.js";

export type Route = (event: HttpEvent, deps: Deps) => Promise<HttpResult>;

const routes: Record<string, Route> = {
  "GET /": async () => html(200, signupPage(), { "content-security-policy": CSP }),
  "GET /health": async () => json(200, { status: "ok" }),
  "GET /privacy": async () => html(200, privacyPage()),
  "POST /api/subscribe": postSubscribe,
  "GET /confirm": getConfirm,
  "POST /confirm": postConfirm,
  "GET /unsubscribe": getUnsubscribe,
  "POST /unsubscribe": postUnsubscribe,
  "POST /unsubscribe/undo": postResubscribe,
  "GET /checkin": getCheckin,
  "POST /checkin": postCheckin,
  "GET /preferences": getPreferences,
  "POST /preferences": postPreferences,
  "POST /api/export": postExport,
  "POST /api/delete": postDelete,
  ...ADMIN_ROUTES,
};

/** A route with an id in its path (the admin dashboard's). */
const patternRoute = (method: string, path: string): Route | undefined =>
  ADMIN_PATTERN_ROUTES.find((r) => r.method === method && r.pattern.test(path))?.route;

/** Adds more routes (later features register theirs here). */
export const registerRoutes = (more: Record<string, Route>): void => {
  Object.assign(routes, more);
};

/** The one place errors become HTTP: 4xx say what is wrong; anything else is a generic 5xx. */
export const toHttpError = (error: unknown): HttpError => {
  if (error instanceof HttpError) return error;
  if (error instanceof ValidationError) return new HttpError(400, "invalid_input", error.message, error.fields);
  if (error instanceof ExpiredTokenError)
    return new HttpError(410, "expired_token", "This link has expired.", [{ path: "token", message: "has expired" }]);
  if (error instanceof TokenError)
    return new HttpError(400, "invalid_token", "This link is not valid.", [{ path: "token", message: "is not valid" }]);
  if (error instanceof RunnerNotFoundError) return new HttpError(404, "not_found", error.message);
  if (error instanceof StateConflictError) return new HttpError(409, "conflict", error.message);
  if (error instanceof RateLimitedError)
    return new HttpError(429, "rate_limited", error.message, [], { "retry-after": String(error.retryAfterSeconds) });
  if (error instanceof DeliveryUnavailableError)
    return new HttpError(503, "email_unavailable", "We could not send email just now. Please try again in a few minutes.", [], {
      "retry-after": "60",
    });
  return new HttpError(500, "internal_error", "Something went wrong on our side. Please try again.");
};

/** HEAD is GET without the body, on every GET route. */
const withoutBody = (result: HttpResult): HttpResult => ({ ...result, body: "" });

export const route = async (event: HttpEvent, deps: Deps): Promise<HttpResult> => {
  const method = event.requestContext.http.method.toUpperCase();
  const path = event.rawPath.replace(/\/+$/, "") || "/";
  const asMethod = method === "HEAD" ? "GET" : method;
  const handler = routes[`${asMethod} ${path}`] ?? patternRoute(asMethod, path);
  try {
    if (!handler) {
      const allowed = [
        ...Object.keys(routes)
          .filter((k) => k.endsWith(` ${path}`))
          .map((k) => k.split(" ")[0]!),
        ...ADMIN_PATTERN_ROUTES.filter((r) => r.pattern.test(path)).map((r) => r.method),
      ];
      if (allowed.includes("GET")) allowed.push("HEAD");
      throw allowed.length > 0
        ? new HttpError(405, "method_not_allowed", `${method} is not allowed here.`, [], { allow: [...new Set(allowed)].join(", ") })
        : new HttpError(404, "not_found", "There is nothing here.");
    }
    checkSameOrigin(event, deps.config.LEGWORK_BASE_URL, path);
    const result = await handler(event, deps);
    return method === "HEAD" ? withoutBody(result) : result;
  } catch (error) {
    const http = toHttpError(error);
    if (http.status >= 500)
      logger.error("request failed", {
        path,
        error: error instanceof Error ? error.name : "unknown",
        stack: error instanceof Error ? error.stack : undefined,
      });
    else logger.info("request rejected", { path, status: http.status, code: http.code });
    const answer = wantsHtml(event)
      ? html(http.status, errorPage(http), http.headers)
      : json(http.status, errorBody(http.code, http.message, http.fields), http.headers);
    return method === "HEAD" ? withoutBody(answer) : answer;
  }
};
