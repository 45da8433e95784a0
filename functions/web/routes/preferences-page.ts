import type { FieldIssue } from "../../domain/errors.js";
import type { Runner } from "../../domain/profile.js";
import { GOALS, LEVELS, SEND_DAYS, SORE_AREAS } from "../../domain/profile.js";
import { longDate, time24, wallClockAt } from "../../domain/wall-clock.js";
import { escapeHtml as e } from "../../lib/escape.js";
import { MAX_PAUSE_WEEKS } from "../../app/preferences.js";
import { layout } from "../pages.js";

/** No script on this page at all: it works the same with JavaScript off. */
export const PREFERENCES_CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

const EXTRA_STYLE = `<style>
.status{margin:0 0 16px}.notice{border:2px solid #15803d;border-radius:8px;padding:8px 12px;background:#f0fdf4;margin:0 0 16px}
form.card{margin:0 0 16px}h2{font-size:1.15rem;margin:0 0 4px;color:#14532d}
button.secondary{background:#fff;color:#15803d;border:2px solid #15803d}button.danger{background:#b91c1c}
</style>`;

const LABELS = {
  level: { new: "New to running", returning: "Returning after a break", regular: "Running regularly", experienced: "Experienced" },
  goal: { general: "Run for fitness", "5k": "5 km", "10k": "10 km", half: "Half marathon", marathon: "Marathon", ultra: "Ultra" },
  sendDay: { mon: "Monday", tue: "Tuesday", wed: "Wednesday", thu: "Thursday", fri: "Friday", sat: "Saturday", sun: "Sunday" },
} as const;

const ZONES: string[] = Intl.supportedValuesOf("timeZone").concat("UTC").filter((z, i, a) => a.indexOf(z) === i);

export type PreferencesValues = Partial<Record<string, string | string[]>>;

const one = (v: string | string[] | undefined): string => (Array.isArray(v) ? (v[0] ?? "") : (v ?? ""));
const many = (v: string | string[] | undefined): string[] => (Array.isArray(v) ? v : v ? [v] : []);

const select = (name: string, options: readonly (readonly [string, string])[], chosen: string): string =>
  `<select id="${name}" name="${name}">${options
    .map(([v, label]) => `<option value="${e(v)}"${v === chosen ? " selected" : ""}>${e(label)}</option>`)
    .join("")}</select>`;

const fieldError = (errors: FieldIssue[], path: string): string =>
  errors
    .filter((x) => x.path === path)
    .map((x) => `<p class="err" id="${path}-error">${e(x.message)}</p>`)
    .join("");

/**
 * An instant on the runner's own calendar: "Monday 2 March at 07:00", or "Monday 2 March" without
 * the time; undefined when the instant or the zone cannot be read.
 */
export const localWhen = (iso: string, zone: string, withTime = true): string | undefined => {
  const local = wallClockAt(iso, zone);
  if (!local) return undefined;
  return withTime ? `${longDate(local)} at ${time24(local)}` : longDate(local);
};

/** One sentence on where the runner stands, in their own time zone. */
export const statusLine = (runner: Runner): string => {
  const zone = runner.timezone;
  switch (runner.status) {
    case "active": {
      const next = runner.nextSendAt && localWhen(runner.nextSendAt, zone);
      return next ? `Your next coaching email comes on ${next} (${zone.replace(/_/g, " ")} time).` : "Your coaching emails are on.";
    }
    case "paused": {
      const until = runner.pausedUntil && localWhen(runner.pausedUntil, zone, false);
      return until
        ? `Your emails are paused until ${until}. They restart by themselves after that.`
        : "Your emails are paused. Press resume when you are ready.";
    }
    case "pending":
      return "Your address is not confirmed yet: open the confirmation email to start.";
    case "completed":
      return "You have finished the programme. Well done!";
    case "unsubscribed":
      return "You are unsubscribed, so no coaching emails will come.";
    default:
      return "We no longer send email to this address.";
  }
};

/** Form values from a stored runner, as the form fields spell them. */
export const valuesOf = (runner: Runner): PreferencesValues => ({
  level: runner.level,
  goal: runner.goal,
  runsPerWeek: String(runner.runsPerWeek),
  units: runner.units,
  timezone: runner.timezone,
  sendDay: runner.sendDay,
  sendHour: String(runner.sendHour),
  soreAreas: runner.soreAreas,
});

/**
 * The preferences page: the profile form, pause/resume, and the data-rights buttons. Every action is
 * a POST form (no script), and each form carries its own token: the `prefs` token for the profile and
 * pause forms, a fresh `data` token for export and delete.
 */
export const preferencesPage = (input: {
  runner: Runner;
  token: string;
  dataToken: string;
  values?: PreferencesValues;
  errors?: FieldIssue[];
  notice?: string;
}): string => {
  const { runner, token } = input;
  const errors = input.errors ?? [];
  const values = input.values ?? valuesOf(runner);
  const areas = many(values["soreAreas"]);
  const hours = Array.from({ length: 24 }, (_, h) => [String(h), `${String(h).padStart(2, "0")}:00`] as const);
  const zone = one(values["timezone"]) || runner.timezone;
  // A zone the runner has that this runtime does not list (an alias) must stay selectable, or saving would change it.
  const zones = ZONES.includes(zone) ? ZONES : [zone, ...ZONES];
  const hidden = (t: string, action: string) => `<input type="hidden" name="token" value="${e(t)}"><input type="hidden" name="action" value="${action}">`;
  const canPause = runner.status === "active" || runner.status === "paused";
  const weeks = Array.from({ length: MAX_PAUSE_WEEKS }, (_, i) => [String(i + 1), i === 0 ? "1 week" : `${i + 1} weeks`] as const);
  const body = `${EXTRA_STYLE}
<h1>Your coaching preferences</h1>
<p class="status" id="status">${e(statusLine(runner))}</p>
${input.notice ? `<p class="notice" role="status" id="notice">${e(input.notice)}</p>` : ""}
${errors.length ? `<div class="errors" role="alert"><strong>Please check the form:</strong><ul>${errors.map((x) => `<li>${e(x.message)}</li>`).join("")}</ul></div>` : ""}
<form class="card" method="post" action="/preferences" novalidate>${hidden(token, "save")}
<h2>Your running and your emails</h2>
<label for="level">Your running</label>${select("level", LEVELS.map((l) => [l, LABELS.level[l]] as const), one(values["level"]))}${fieldError(errors, "level")}
<label for="goal">Goal</label>${select("goal", GOALS.map((g) => [g, LABELS.goal[g]] as const), one(values["goal"]))}${fieldError(errors, "goal")}
<div class="row"><div><label for="runsPerWeek">Runs a week</label><input id="runsPerWeek" name="runsPerWeek" type="number" inputmode="numeric" min="0" max="14" value="${e(one(values["runsPerWeek"]))}">${fieldError(errors, "runsPerWeek")}</div>
<div><label for="units">Units</label>${select("units", [["metric", "km, litres"], ["imperial", "miles, fl oz"]], one(values["units"]))}${fieldError(errors, "units")}</div></div>
<div class="row"><div><label for="sendDay">Email day</label>${select("sendDay", SEND_DAYS.map((d) => [d, LABELS.sendDay[d]] as const), one(values["sendDay"]))}${fieldError(errors, "sendDay")}</div>
<div><label for="sendHour">Time</label>${select("sendHour", hours, one(values["sendHour"]))}${fieldError(errors, "sendHour")}</div></div>
<label for="timezone">Time zone</label>${select("timezone", zones.map((z) => [z, z.replace(/_/g, " ")] as const), zone)}${fieldError(errors, "timezone")}
<fieldset><legend>Where do your legs get sore? <span class="hint">(optional)</span></legend><div class="areas">
${SORE_AREAS.map((a) => `<label class="check"><input type="checkbox" name="soreAreas" value="${a}"${areas.includes(a) ? " checked" : ""}> ${a.replace("-", " ")}</label>`).join("")}
</div>${fieldError(errors, "soreAreas")}</fieldset>
<button type="submit" id="save">Save my preferences</button>
</form>
${
  canPause
    ? `<form class="card" method="post" action="/preferences">${hidden(token, "pause")}
<h2>Take a break</h2><p class="hint">Injured, busy or on holiday? Pause the emails; they restart by themselves at your usual time.</p>
<label for="weeks">Pause for</label>${select("weeks", weeks, one(values["weeks"]) || "2")}${fieldError(errors, "weeks")}
<button type="submit" id="pause" class="secondary">Pause my emails</button></form>`
    : ""
}
${
  runner.status === "paused"
    ? `<form class="card" method="post" action="/preferences">${hidden(token, "resume")}
<h2>Ready to run again?</h2><button type="submit" id="resume">Resume my emails now</button></form>`
    : ""
}
<form class="card" method="post" action="/api/export?token=${e(input.dataToken)}">
<h2>Your data</h2><p class="hint">Everything we hold about you: your profile, check-ins, the emails we sent and the replies you sent us.</p>
<input type="hidden" name="format" value="download"><button type="submit" id="export" class="secondary">Download my data</button></form>
<form class="card" method="post" action="/api/delete?token=${e(input.dataToken)}">
<h2>Delete everything</h2><p class="hint">This removes your profile, check-ins and replies for good. It cannot be undone.</p>
<input type="hidden" name="format" value="page"><label class="check"><input type="checkbox" id="confirm-delete" name="confirm" value="yes" required> <span>Yes, delete all my data</span></label>
<button type="submit" id="delete" class="danger">Delete everything</button></form>`;
  return layout("Your coaching preferences", body);
};
