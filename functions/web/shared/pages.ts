import { createHash } from "node:crypto";
import type { FieldIssue } from "../../domain/errors.js";
import { escapeHtml as e } from "../../lib/escape.js";
import { BASE_CSP } from "./http.js";
import type { FormValues } from "./form-parts.js";
import { errorSummary, fieldError, invalidAttrs, one } from "./form-parts.js";

export type { FormValues } from "./form-parts.js";

// Sizes: body text 16 px, footers and hints at least 14 px; every control and link a 44 px tap
// target; the focus ring (#1d4ed8 on white, 6.7:1) well over 3:1.
const STYLE = `
*{box-sizing:border-box}body{margin:0;font:16px/1.5 -apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:#1d2b36;background:#f3f6f4}
main{max-width:560px;margin:0 auto;padding:24px 16px 48px}h1{font-size:1.6rem;line-height:1.2;margin:.2em 0 .4em;color:#14532d}
.brand{font-weight:700;color:#15803d;letter-spacing:.02em}.card{background:#fff;border-radius:12px;padding:20px;box-shadow:0 1px 3px rgba(0,0,0,.08)}
label{display:block;font-weight:600;margin:16px 0 4px}input,select,textarea{width:100%;min-height:44px;font:inherit;padding:10px 12px;border:1px solid #6b8577;border-radius:8px;background:#fff;color:inherit}
fieldset{border:0;padding:0;margin:16px 0 0}legend{font-weight:600;margin-bottom:4px}.areas{display:grid;grid-template-columns:repeat(auto-fill,minmax(130px,1fr));gap:0 12px}
.check{display:flex;gap:10px;align-items:center;font-weight:400;margin:0;min-height:44px;padding:4px 0}.check input{width:24px;min-height:24px;height:24px;margin:0;flex:none}
.row{display:grid;grid-template-columns:1fr 1fr;gap:0 12px}button,.button{display:block;margin-top:20px;width:100%;min-height:44px;font:inherit;font-weight:700;padding:12px;border:0;border-radius:8px;background:#15803d;color:#fff;cursor:pointer;text-align:center;text-decoration:none}
button.secondary,.button.secondary{background:#fff;color:#15803d;border:2px solid #15803d}button.danger{background:#b91c1c}
a{color:#14532d}a.next,.links a{display:inline-flex;align-items:center;min-height:44px;padding:0 2px}
:focus-visible,button:focus,input:focus,select:focus,textarea:focus,a:focus{outline:3px solid #1d4ed8;outline-offset:2px}
.hint{color:#3f514b;font-size:.9rem;margin:4px 0 0}.err{color:#b91c1c;font-weight:600;margin:4px 0 0}
.errors{border:3px solid #b91c1c;border-radius:8px;padding:8px 16px;background:#fef2f2;margin:0 0 16px}.errors h2{font-size:1.15rem;margin:4px 0;color:#b91c1c}
.errors a{color:#b91c1c;font-weight:600;display:inline-flex;align-items:center;min-height:44px}
.notice{border:2px solid #15803d;border-radius:8px;padding:8px 12px;background:#f0fdf4;margin:0 0 16px}
.hp{position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden}footer{color:#3f514b;font-size:.875rem;margin-top:24px}
footer a{display:inline-flex;align-items:center;min-height:44px}
`;

// Progressive enhancement only: fill in the browser's time zone and, from its locale, the units. The
// form works without it (UTC and metric, both changeable later).
const DETECT_SCRIPT =
  'try{var z=Intl.DateTimeFormat().resolvedOptions().timeZone,t=document.getElementById("timezone");if(z&&t&&!t.value)t.value=z;' +
  'var u=document.getElementById("units"),l=(navigator.language||"").toUpperCase();if(u&&!u.value)u.value=/-(US|LR|MM)$/.test(l)?"imperial":"metric"}catch(_){}';
const DETECT_SCRIPT_HASH = createHash("sha256").update(DETECT_SCRIPT).digest("base64");

/** The signup page's policy: the base policy plus its one inline script, by hash. */
export const CSP = BASE_CSP.replace("default-src 'none';", `default-src 'none'; script-src 'sha256-${DETECT_SCRIPT_HASH}';`);

export const layout = (title: string, body: string): string => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${e(title)} · Legwork</title><style>${STYLE}</style></head>
<body><main><div class="brand">Legwork</div>${body}
<footer>Legwork is an email running coach. It gives general coaching, not medical advice. <a href="/privacy">Privacy notice</a></footer></main></body></html>`;

const SIGNUP_FIELDS = ["email", "name", "consent"];

/**
 * Step one of signing up: an email address and consent, a first name if they like. The rest (level,
 * runs, usual run, goal, units, run days, send time) is step two, on the page after confirming, and
 * always on the preferences page; time zone and units are filled in from the browser meanwhile.
 */
export const signupPage = (values: FormValues = {}, errors: FieldIssue[] = []): string => {
  const body = `
<h1>Sore legs? Get a running coach in your inbox.</h1>
<p>One short email a week on warming up, easy running, strength, sleep and recovery, shaped to you. Reply any time to tell your coach how your legs feel.</p>
${errorSummary(errors, SIGNUP_FIELDS)}
<form class="card" method="post" action="/api/subscribe" novalidate>
<label for="email">Email</label><input id="email" name="email" type="email" autocomplete="email" required maxlength="254" value="${e(one(values["email"]))}"${invalidAttrs(errors, "email")}>${fieldError(errors, "email")}
<label for="name">First name <span class="hint">(optional)</span></label><input id="name" name="name" autocomplete="given-name" maxlength="60" value="${e(one(values["name"]))}"${invalidAttrs(errors, "name")}>${fieldError(errors, "name")}
<input type="hidden" id="timezone" name="timezone" value="${e(one(values["timezone"]))}"><input type="hidden" id="units" name="units" value="${e(one(values["units"]))}">
<div class="hp" aria-hidden="true"><label for="website">Leave this empty</label><input id="website" name="website" tabindex="-1" autocomplete="off"></div>
<label class="check"><input type="checkbox" id="consent" name="consent" value="true"${one(values["consent"]) ? " checked" : ""} required${invalidAttrs(errors, "consent")}>
<span>I agree to get Legwork's weekly coaching emails.</span></label>
<p class="hint">When I reply about soreness or pain, that is <strong>health data</strong>: Legwork keeps it only to coach me, for up to a year, and I can download or delete it at any time.</p>
<p class="links"><a href="/privacy" id="privacy">Read the privacy notice</a></p>${fieldError(errors, "consent")}
<button type="submit">Start my coaching</button>
<p class="hint">Next, we'll email you a link to confirm. After that you can tell us about your running in a few taps. Every email has a one-click unsubscribe.</p>
</form>
<script>${DETECT_SCRIPT}</script>`;
  return layout("Your running coach by email", body);
};

export const messagePage = (title: string, paragraphs: string[], next?: { href: string; text: string }): string =>
  layout(
    title,
    `<h1>${e(title)}</h1><div class="card">${paragraphs.map((p) => `<p>${e(p)}</p>`).join("")}${
      next ? `<p><a class="next" href="${e(next.href)}">${e(next.text)}</a></p>` : ""
    }</div>`,
  );

/** After signing up: which address, how to get the email again, and how to fix a typo. */
export const checkInboxPage = (email: string): string =>
  layout(
    "Check your inbox",
    `<h1>Check your inbox</h1><div class="card">
<p>We've sent a confirmation link to <strong id="address">${e(email)}</strong>. Open it and press the button to start your coaching.</p>
<p class="hint">Nothing after a few minutes? Check your spam folder, then ask for another. We send a few a day at most.</p>
<form method="post" action="/api/subscribe"><input type="hidden" name="email" value="${e(email)}"><input type="hidden" name="consent" value="true">
<button type="submit" class="secondary" id="resend">Send the email again</button></form>
<p class="links"><a href="/" id="wrong-address">Wrong address? Sign up with another one</a></p></div>`,
  );

/** A page with a POST button: link scanners follow GETs, so a GET must never act. */
export const actionPage = (input: {
  title: string;
  intro: string;
  action: string;
  token: string;
  button: string;
  extra?: string;
  after?: string;
}): string =>
  layout(
    input.title,
    `<h1>${e(input.title)}</h1><form class="card" method="post" action="${e(input.action)}">
<p>${e(input.intro)}</p><input type="hidden" name="token" value="${e(input.token)}">${input.extra ?? ""}
<button type="submit">${e(input.button)}</button></form>${input.after ?? ""}`,
  );
