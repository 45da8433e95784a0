import { createHash } from "node:crypto";
import type { FieldIssue } from "../domain/errors.js";
import { GOALS, LEVELS, SEND_DAYS, SORE_AREAS } from "../domain/profile.js";
import { escapeHtml as e } from "../lib/escape.js";

const STYLE = `
*{box-sizing:border-box}body{margin:0;font:16px/1.5 -apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:#1d2b36;background:#f3f6f4}
main{max-width:560px;margin:0 auto;padding:24px 16px 48px}h1{font-size:1.6rem;line-height:1.2;margin:.2em 0 .4em;color:#14532d}
.brand{font-weight:700;color:#15803d;letter-spacing:.02em}.card{background:#fff;border-radius:12px;padding:20px;box-shadow:0 1px 3px rgba(0,0,0,.08)}
label{display:block;font-weight:600;margin:16px 0 4px}input,select{width:100%;font:inherit;padding:10px 12px;border:1px solid #9fb3a8;border-radius:8px;background:#fff;color:inherit}
fieldset{border:0;padding:0;margin:16px 0 0}legend{font-weight:600;margin-bottom:4px}.areas{display:grid;grid-template-columns:repeat(auto-fill,minmax(130px,1fr));gap:4px 12px}
.check{display:flex;gap:8px;align-items:flex-start;font-weight:400;margin:6px 0}.check input{width:auto;margin-top:4px}
.row{display:grid;grid-template-columns:1fr 1fr;gap:0 12px}button{margin-top:20px;width:100%;font:inherit;font-weight:700;padding:14px;border:0;border-radius:8px;background:#15803d;color:#fff;cursor:pointer}
button:focus,input:focus,select:focus{outline:3px solid #fbbf24;outline-offset:1px}.hint{color:#4b5d58;font-size:.9rem;margin:4px 0 0}
.err{color:#b91c1c;font-size:.9rem;margin:4px 0 0}.errors{border:2px solid #b91c1c;border-radius:8px;padding:8px 12px;background:#fef2f2}
.hp{position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden}footer{color:#4b5d58;font-size:.85rem;margin-top:24px}
`;

// Progressive enhancement only: preselect the browser's time zone. The form works without it.
const TZ_SCRIPT =
  'try{var z=Intl.DateTimeFormat().resolvedOptions().timeZone,s=document.getElementById("timezone");if(z&&s&&!s.dataset.chosen){for(var i=0;i<s.options.length;i++){if(s.options[i].value===z){s.value=z;break}}}}catch(_){}';
const TZ_SCRIPT_HASH = createHash("sha256").update(TZ_SCRIPT).digest("base64");

export const CSP = `default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-${TZ_SCRIPT_HASH}'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'`;

export const layout = (title: string, body: string): string => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${e(title)} · Legwork</title><style>${STYLE}</style></head>
<body><main><div class="brand">Legwork</div>${body}
<footer>Legwork is an email running coach. It gives general coaching, not medical advice.</footer></main></body></html>`;

const TIME_ZONES: string[] = Intl.supportedValuesOf("timeZone").concat("UTC").filter((z, i, a) => a.indexOf(z) === i);

const LABELS = {
  level: { new: "New to running", returning: "Returning after a break", regular: "Running regularly", experienced: "Experienced" },
  goal: { general: "Run for fitness", "5k": "5 km", "10k": "10 km", half: "Half marathon", marathon: "Marathon", ultra: "Ultra" },
  sendDay: { mon: "Monday", tue: "Tuesday", wed: "Wednesday", thu: "Thursday", fri: "Friday", sat: "Saturday", sun: "Sunday" },
} as const;

export type FormValues = Partial<Record<string, string | string[]>>;

const one = (v: string | string[] | undefined): string => (Array.isArray(v) ? (v[0] ?? "") : (v ?? ""));
const many = (v: string | string[] | undefined): string[] => (Array.isArray(v) ? v : v ? [v] : []);

const select = (name: string, options: readonly (readonly [string, string])[], chosen: string): string =>
  `<select id="${name}" name="${name}"${chosen ? ' data-chosen="1"' : ""}>${options
    .map(([v, label]) => `<option value="${e(v)}"${v === chosen ? " selected" : ""}>${e(label)}</option>`)
    .join("")}</select>`;

const fieldError = (errors: FieldIssue[], path: string): string =>
  errors
    .filter((x) => x.path === path || x.path.startsWith(`${path}.`))
    .map((x) => `<p class="err" id="${path}-error">${e(x.message)}</p>`)
    .join("");

/** The signup form: every profile field, works on a phone and without JavaScript. */
export const signupPage = (values: FormValues = {}, errors: FieldIssue[] = []): string => {
  const areas = many(values["soreAreas"]);
  const hours = Array.from({ length: 24 }, (_, h) => [String(h), `${String(h).padStart(2, "0")}:00`] as const);
  const body = `
<h1>Sore legs? Get a running coach in your inbox.</h1>
<p>One short email a week on warming up, easy running, strength, sleep and recovery, shaped to you. Reply any time to tell your coach how your legs feel.</p>
${errors.length ? `<div class="errors" role="alert"><strong>Please check the form:</strong><ul>${errors.map((x) => `<li>${e(x.message)}</li>`).join("")}</ul></div>` : ""}
<form class="card" method="post" action="/api/subscribe" novalidate>
<label for="email">Email</label><input id="email" name="email" type="email" autocomplete="email" required maxlength="254" value="${e(one(values["email"]))}">${fieldError(errors, "email")}
<label for="name">First name <span class="hint">(optional)</span></label><input id="name" name="name" autocomplete="given-name" maxlength="60" value="${e(one(values["name"]))}">${fieldError(errors, "name")}
<label for="level">Your running</label>${select("level", LEVELS.map((l) => [l, LABELS.level[l]] as const), one(values["level"]) || "new")}${fieldError(errors, "level")}
<label for="goal">Goal</label>${select("goal", GOALS.map((g) => [g, LABELS.goal[g]] as const), one(values["goal"]) || "general")}${fieldError(errors, "goal")}
<div class="row"><div><label for="runsPerWeek">Runs a week</label><input id="runsPerWeek" name="runsPerWeek" type="number" inputmode="numeric" min="0" max="14" value="${e(one(values["runsPerWeek"]) || "3")}">${fieldError(errors, "runsPerWeek")}</div>
<div><label for="units">Units</label>${select("units", [["metric", "km, litres"], ["imperial", "miles, fl oz"]], one(values["units"]) || "metric")}${fieldError(errors, "units")}</div></div>
<div class="row"><div><label for="sendDay">Email day</label>${select("sendDay", SEND_DAYS.map((d) => [d, LABELS.sendDay[d]] as const), one(values["sendDay"]) || "mon")}${fieldError(errors, "sendDay")}</div>
<div><label for="sendHour">Time</label>${select("sendHour", hours, one(values["sendHour"]) || "7")}${fieldError(errors, "sendHour")}</div></div>
<label for="timezone">Time zone</label>${select("timezone", TIME_ZONES.map((z) => [z, z.replace(/_/g, " ")] as const), one(values["timezone"]) || "UTC")}${fieldError(errors, "timezone")}
<fieldset><legend>Where do your legs get sore? <span class="hint">(optional)</span></legend><div class="areas">
${SORE_AREAS.map((a) => `<label class="check"><input type="checkbox" name="soreAreas" value="${a}"${areas.includes(a) ? " checked" : ""}> ${a.replace("-", " ")}</label>`).join("")}
</div>${fieldError(errors, "soreAreas")}</fieldset>
<div class="hp" aria-hidden="true"><label for="website">Leave this empty</label><input id="website" name="website" tabindex="-1" autocomplete="off"></div>
<label class="check"><input type="checkbox" name="consent" value="true"${one(values["consent"]) ? " checked" : ""} required>
<span>I agree to get Legwork's weekly coaching emails. When I reply about soreness or pain, that is <strong>health data</strong>: Legwork keeps it only to coach me, for up to a year, and I can export or delete it at any time.</span></label>${fieldError(errors, "consent")}
<button type="submit">Start my coaching</button>
<p class="hint">We'll email you a link to confirm. Every email has a one-click unsubscribe.</p>
</form>
<script>${TZ_SCRIPT}</script>`;
  return layout("Your running coach by email", body);
};

export const messagePage = (title: string, paragraphs: string[]): string =>
  layout(title, `<h1>${e(title)}</h1><div class="card">${paragraphs.map((p) => `<p>${e(p)}</p>`).join("")}</div>`);

export const checkInboxPage = (): string =>
  messagePage("Check your inbox", [
    "If that address can sign up, a confirmation email is on its way. Open it and press the button to start your coaching.",
    "Nothing arrived after a few minutes? Check your spam folder. We send at most one confirmation email a day.",
  ]);

/** A page with a POST button: link scanners follow GETs, so a GET must never act. */
export const actionPage = (input: { title: string; intro: string; action: string; token: string; button: string; extra?: string }): string =>
  layout(
    input.title,
    `<h1>${e(input.title)}</h1><form class="card" method="post" action="${e(input.action)}">
<p>${e(input.intro)}</p><input type="hidden" name="token" value="${e(input.token)}">${input.extra ?? ""}
<button type="submit">${e(input.button)}</button></form>`,
  );
