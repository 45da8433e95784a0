import type { OperatorSession } from "../../ports/operator.js";
import { NoSessionError, csrfMatches, csrfTokenOf, sessionOf } from "../../app/operator/auth.js";
import { TOKEN_TTL_SECONDS } from "../../domain/tokens.js";
import type { Deps } from "../../wiring.js";
import type { BodyFields, HttpEvent, HttpResult } from "../shared/http.js";
import { HttpError, first, header, html, parseBody } from "../shared/http.js";
import { ADMIN_CSP, signInForm } from "./layout.js";

/** `__Host-`: Secure, Path=/, no Domain, so no other host can set or read it. */
export const SESSION_COOKIE = "__Host-legwork_admin";

export const sessionCookie = (value: string): string =>
  `${SESSION_COOKIE}=${value}; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age=${TOKEN_TTL_SECONDS.session}`;
export const clearedCookie = (): string => `${SESSION_COOKIE}=; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age=0`;

/** The session cookie's value, from the Function URL's `cookies` array or a Cookie header. */
export const cookieValue = (event: HttpEvent): string | undefined => {
  const all = [...(event.cookies ?? []), ...(header(event, "cookie") ?? "").split(";")];
  for (const c of all) {
    const [name, ...rest] = c.trim().split("=");
    if (name === SESSION_COOKIE) return rest.join("=");
  }
  return undefined;
};

/** An admin page's security headers: no script, never cached, never framed. */
export const adminHtml = (status: number, body: string, headers: Record<string, string> = {}): HttpResult =>
  html(status, body, { "content-security-policy": ADMIN_CSP, ...headers });

/** Thrown by a route without a valid session: the answer is the sign-in form (401) and nothing else. */
export class SignInRequired extends HttpError {
  constructor() {
    super(401, "sign_in_required", "Sign in to see this page.");
  }
}

export interface SignedIn {
  session: OperatorSession;
  csrf: string;
}

/** The operator's session, or SignInRequired: a forged, expired, ended or missing cookie shows nothing. */
export const requireSession = async (event: HttpEvent, deps: Deps): Promise<SignedIn> => {
  try {
    const session = await sessionOf(deps, cookieValue(event));
    return { session, csrf: csrfTokenOf(deps, session) };
  } catch (error) {
    if (error instanceof NoSessionError) throw new SignInRequired();
    throw error;
  }
};

/** A POST made in a session: the session, then its form with a matching CSRF token (403 otherwise). */
export const requireSessionPost = async (event: HttpEvent, deps: Deps): Promise<SignedIn & { form: BodyFields }> => {
  const signedIn = await requireSession(event, deps);
  const body = parseBody(event);
  const form = body.kind === "form" ? body.value : (Object.create(null) as BodyFields);
  if (!csrfMatches(deps, signedIn.session, first(form["csrf"])))
    throw new HttpError(403, "csrf_mismatch", "This form is out of date or came from another site. Reload the page and try again.", [
      { path: "csrf", message: "is missing or does not match this session" },
    ]);
  return { ...signedIn, form };
};

/** Wraps an admin route: without a session the answer is the sign-in form, with 401. */
export const adminRoute =
  (handler: (event: HttpEvent, deps: Deps) => Promise<HttpResult>) =>
  async (event: HttpEvent, deps: Deps): Promise<HttpResult> => {
    try {
      return await handler(event, deps);
    } catch (error) {
      if (error instanceof SignInRequired)
        return adminHtml(401, signInForm("Sign in to see this page."), { "set-cookie": clearedCookie() });
      throw error;
    }
  };
