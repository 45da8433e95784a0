import type { HttpEvent } from "../shared/http.js";
import { HttpError, first, parseBody, query } from "../shared/http.js";

/** A token parameter that is present and of sane length; the signature check comes after. */
export const requireToken = (token: string | undefined): string => {
  if (!token) throw new HttpError(400, "missing_token", "This link is missing its token.", [{ path: "token", message: "is required" }]);
  if (token.length > 200)
    throw new HttpError(400, "invalid_token", "This link is not valid.", [{ path: "token", message: "is malformed" }]);
  return token;
};

/** The token of a POST: from the query string (one-click links) or the form/JSON body. */
export const tokenFrom = (event: HttpEvent): string => {
  const fromQuery = query(event, "token");
  if (fromQuery) return requireToken(fromQuery);
  const body = parseBody(event);
  const value =
    body.kind === "form"
      ? first(body.value["token"])
      : body.kind === "json"
        ? (body.value as { token?: unknown } | null)?.token
        : undefined;
  return requireToken(typeof value === "string" ? value : undefined);
};
