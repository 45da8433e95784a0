import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import type { FieldIssue } from "../../domain/errors.js";
import { LegworkError } from "../../domain/errors.js";

export type HttpEvent = APIGatewayProxyEventV2;
export type HttpResult = APIGatewayProxyStructuredResultV2 & { headers: Record<string, string> };

/** Largest request body accepted, in bytes. */
export const MAX_BODY_BYTES = 16 * 1024;

/** An error with an HTTP status that is safe to show the caller (always 4xx). */
export class HttpError extends LegworkError {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: FieldIssue[] = [],
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

const SECURITY_HEADERS: Record<string, string> = {
  "x-content-type-options": "nosniff",
  // Not "no-referrer": under it a browser sends `Origin: null` on this site's own form posts, which
  // the same-origin check (guard.ts) must refuse. "same-origin" keeps token URLs off other sites all the same.
  "referrer-policy": "same-origin",
  "x-frame-options": "DENY",
  "cache-control": "no-store",
  "cross-origin-opener-policy": "same-origin",
  "cross-origin-resource-policy": "same-origin",
  "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=()",
  "strict-transport-security": "max-age=31536000; includeSubDomains",
};

/**
 * The policy every HTML answer carries unless a page brings its own (one that runs an inline script
 * names its hash): no script, inline styles only, forms post only here, never framed.
 */
export const BASE_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

export const json = (status: number, body: unknown, headers: Record<string, string> = {}): HttpResult => ({
  statusCode: status,
  headers: { ...SECURITY_HEADERS, "content-type": "application/json; charset=utf-8", ...headers },
  body: JSON.stringify(body),
});

export const html = (status: number, body: string, headers: Record<string, string> = {}): HttpResult => ({
  statusCode: status,
  headers: { ...SECURITY_HEADERS, "content-security-policy": BASE_CSP, "content-type": "text/html; charset=utf-8", ...headers },
  body,
});

export const redirect = (location: string): HttpResult => ({
  statusCode: 303,
  headers: { ...SECURITY_HEADERS, location },
  body: "",
});

export const errorBody = (code: string, message: string, fields: FieldIssue[] = []) => ({
  error: { code, message, fields },
});

export const header = (event: HttpEvent, name: string): string | undefined => {
  const wanted = name.toLowerCase();
  for (const [k, v] of Object.entries(event.headers ?? {})) if (k.toLowerCase() === wanted) return v;
  return undefined;
};

export const query = (event: HttpEvent, name: string): string | undefined => {
  const value = event.queryStringParameters?.[name];
  return typeof value === "string" ? value : undefined;
};

export type BodyFields = Record<string, string | string[]>;

const addField = (fields: BodyFields, key: string, value: string): void => {
  const prev = fields[key];
  if (prev === undefined) fields[key] = value;
  else fields[key] = Array.isArray(prev) ? [...prev, value] : [prev, value];
};

/** Minimal multipart/form-data reader for plain text fields (RFC 8058 one-click posts use it). */
const parseMultipart = (raw: string, contentType: string): BodyFields => {
  // The boundary is case-sensitive (RFC 2046): Chrome's is "----WebKitFormBoundary…".
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
  if (!boundary)
    throw new HttpError(400, "invalid_body", "multipart body has no boundary", [{ path: "body", message: "missing boundary" }]);
  const fields: BodyFields = Object.create(null) as BodyFields; // a field named "__proto__" or "constructor" is just a field
  for (const part of raw.split(`--${boundary}`)) {
    const split = part.indexOf("\r\n\r\n");
    if (split < 0) continue;
    const head = part.slice(0, split);
    const name = /content-disposition:[^\r\n]*\bname="([^"]*)"/i.exec(head)?.[1];
    if (name === undefined || /filename=/i.test(head)) continue;
    addField(fields, name, part.slice(split + 4).replace(/\r\n$/, ""));
  }
  return fields;
};

export type ParsedBody = { kind: "json"; value: unknown } | { kind: "form"; value: BodyFields } | { kind: "empty" };

/**
 * Decodes a request body: JSON, urlencoded or multipart form. Too large → 413, another type → 415,
 * broken JSON → 400. Nothing is read before the size check.
 */
export const parseBody = (event: HttpEvent): ParsedBody => {
  const raw = event.body ?? "";
  const bytes = event.isBase64Encoded ? Buffer.from(raw, "base64") : Buffer.from(raw, "utf8");
  if (bytes.length > MAX_BODY_BYTES)
    throw new HttpError(413, "body_too_large", `The request body must be at most ${MAX_BODY_BYTES} bytes.`, [
      { path: "body", message: `at most ${MAX_BODY_BYTES} bytes` },
    ]);
  if (bytes.length === 0) return { kind: "empty" };
  const rawType = header(event, "content-type") ?? "";
  const contentType = rawType.toLowerCase();
  const text = bytes.toString("utf8");
  if (contentType.startsWith("application/json")) {
    try {
      return { kind: "json", value: JSON.parse(text) };
    } catch {
      throw new HttpError(400, "invalid_json", "The request body is not valid JSON.", [{ path: "body", message: "must be valid JSON" }]);
    }
  }
  if (contentType.startsWith("application/x-www-form-urlencoded")) {
    const fields: BodyFields = Object.create(null) as BodyFields; // a field named "__proto__" or "constructor" is just a field
    for (const [k, v] of new URLSearchParams(text)) addField(fields, k, v);
    return { kind: "form", value: fields };
  }
  if (contentType.startsWith("multipart/form-data")) return { kind: "form", value: parseMultipart(text, rawType) };
  throw new HttpError(415, "unsupported_media_type", "Send JSON or a form (application/json or application/x-www-form-urlencoded).", [
    { path: "content-type", message: `${contentType || "(none)"} is not supported` },
  ]);
};

export const first = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v);

/** The public base URL for links: configured, or the host this request came to. */
export const baseUrlOf = (event: HttpEvent, configured: string | undefined): string =>
  configured ?? `https://${event.requestContext.domainName}`;
