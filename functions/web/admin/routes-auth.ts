import { checkSignInToken, requestSignIn, signIn, signOut } from "../../app/operator/auth.js";
import { operatorStats } from "../../app/operator/reads.js";
import { escapeHtml as e } from "../../lib/escape.js";
import type { Deps } from "../../wiring.js";
import type { HttpEvent, HttpResult } from "../shared/http.js";
import { HttpError, baseUrlOf, first, parseBody, query } from "../shared/http.js";
import { requireToken } from "../routes/tokens.js";
import { adminPage, signInForm } from "./layout.js";
import { overviewBody } from "./overview.js";
import { SignInRequired, adminHtml, adminRoute, clearedCookie, requireSession, requireSessionPost, sessionCookie } from "./session.js";

/** GET /admin: the overview with a session; the sign-in form (and nothing else) without one. */
export const getAdmin = async (event: HttpEvent, deps: Deps): Promise<HttpResult> => {
  let signedIn;
  try {
    signedIn = await requireSession(event, deps);
  } catch (error) {
    if (error instanceof SignInRequired) return adminHtml(200, signInForm());
    throw error;
  }
  const [stats, actions] = await Promise.all([operatorStats(deps), deps.operator.recentActions(20)]);
  return adminHtml(200, adminPage("Overview", overviewBody(stats, actions), { csrf: signedIn.csrf, operator: signedIn.session.operator }));
};

const checkYourInbox = (): string =>
  adminPage(
    "Check your inbox",
    `<div class="card"><p>If that address is on the operator list, a one-time sign-in link is on its way. It works once, for 15 minutes.</p>
<p><a href="/admin">Back to sign-in</a></p></div>`,
  );

/**
 * POST /admin/sign-in: with `email`, emails a link to an operator and answers the same 202 page for any
 * address; with `token` (from the link's page), uses the link up and starts the session.
 */
export const postSignIn = async (event: HttpEvent, deps: Deps): Promise<HttpResult> => {
  const body = parseBody(event);
  const form = body.kind === "form" ? body.value : undefined;
  const token = first(form?.["token"]);
  if (token) {
    const { cookie } = await signIn(deps, requireToken(token));
    return { statusCode: 303, headers: { location: "/admin", "cache-control": "no-store", "set-cookie": sessionCookie(cookie) }, body: "" };
  }
  const email = first(form?.["email"])?.trim() ?? "";
  if (!email || email.length > 254 || !email.includes("@"))
    throw new HttpError(400, "invalid_input", "Enter your operator email address.", [
      { path: "email", message: "must be an email address" },
    ]);
  await requestSignIn(deps, { email, baseUrl: baseUrlOf(event, deps.config.LEGWORK_BASE_URL) });
  return adminHtml(202, checkYourInbox());
};

/** GET /admin/sign-in?token=: a page with a button. A GET signs nobody in (mail scanners follow links). */
export const getSignIn = async (event: HttpEvent, deps: Deps): Promise<HttpResult> => {
  const token = requireToken(query(event, "token"));
  checkSignInToken(deps, token);
  return adminHtml(
    200,
    adminPage(
      "Sign in to Legwork admin",
      `<form class="card" method="post" action="/admin/sign-in"><p>Press the button to sign in on this device. The link then stops working.</p>
<input type="hidden" name="token" value="${e(token)}"><button type="submit">Sign in</button></form>`,
    ),
  );
};

/** POST /admin/sign-out: ends the session (CSRF-checked) and clears the cookie. */
export const postSignOut = adminRoute(async (event, deps) => {
  const { session } = await requireSessionPost(event, deps);
  await signOut(deps, session);
  return adminHtml(200, signInForm("You are signed out."), { "set-cookie": clearedCookie() });
});
