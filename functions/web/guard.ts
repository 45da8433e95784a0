import type { HttpEvent } from "./shared/http.js";
import { HttpError, header } from "./shared/http.js";

/** Body types a browser sends cross-site without asking first (no CORS preflight): the ones a forged form can use. */
const SIMPLE_TYPES = /^(application\/x-www-form-urlencoded|multipart\/form-data|text\/plain)/i;

/**
 * POST paths a third party may legitimately post to: the RFC 8058 one-click unsubscribe, which mail
 * providers send from their own servers, and which acts only with the signed token in its URL.
 */
const CROSS_SITE_PATHS = new Set(["/unsubscribe"]);

const originOf = (url: string | undefined): string | undefined => {
  if (!url) return undefined;
  try {
    const origin = new URL(url).origin;
    return origin === "null" ? "null" : origin;
  } catch {
    return "null";
  }
};

/** Where this site's own pages come from: the configured base URL, or the host the request came to. */
export const ownOrigins = (event: HttpEvent, baseUrl: string | undefined): Set<string> => {
  const host = header(event, "host") ?? event.requestContext.domainName;
  const own = new Set([`https://${host}`, `http://${host}`]);
  const configured = originOf(baseUrl);
  if (configured && configured !== "null") own.add(configured);
  return own;
};

/**
 * Refuses a form POST sent from another site (login CSRF, signup bombing through a third party's
 * visitors): the Origin header, or failing that the Referer, must be this site. A request with
 * neither comes from a program, not a browser page, and goes on to the usual checks. JSON is not
 * checked: a browser sends it cross-site only after a CORS preflight, which this site never grants.
 */
export const checkSameOrigin = (event: HttpEvent, baseUrl: string | undefined, path: string): void => {
  const method = event.requestContext.http.method.toUpperCase();
  if (method === "GET" || method === "HEAD" || CROSS_SITE_PATHS.has(path)) return;
  if (!SIMPLE_TYPES.test(header(event, "content-type") ?? "")) return;
  const from = originOf(header(event, "origin")) ?? originOf(header(event, "referer"));
  if (from === undefined || ownOrigins(event, baseUrl).has(from)) return;
  throw new HttpError(403, "cross_site", "This form was sent from another website, so we did not act on it.", [
    { path: "origin", message: "must be this site" },
  ]);
};

/**
 * Whether the caller asked for a page: a form post or a browser (Accept: text/html) gets HTML, a JSON
 * body or Accept: application/json gets JSON; otherwise the path decides (/api and /health are JSON).
 */
export const wantsHtml = (event: HttpEvent): boolean => {
  const type = (header(event, "content-type") ?? "").toLowerCase();
  if (type.startsWith("application/json")) return false;
  if (SIMPLE_TYPES.test(type)) return true;
  const accept = (header(event, "accept") ?? "").toLowerCase();
  if (accept.includes("text/html")) return true;
  if (accept.includes("application/json")) return false;
  return !event.rawPath.startsWith("/api/") && event.rawPath !== "/health";
};
