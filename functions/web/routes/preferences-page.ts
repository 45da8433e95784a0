import type { FieldIssue } from "../../domain/errors.js";
import type { Runner } from "../../domain/profile.js";
import { isHeldForTriage } from "../../domain/profile.js";
import { longDate, time24, wallClockAt } from "../../domain/wall-clock.js";
import { escapeHtml as e } from "../../lib/escape.js";
import { MAX_PAUSE_WEEKS } from "../../app/preferences.js";
import type { FormValues } from "../shared/form-parts.js";
import { errorSummary, fieldError, one, select } from "../shared/form-parts.js";
import { layout } from "../shared/pages.js";
import { PROFILE_FIELDS, profileFields, valuesOf } from "../shared/profile-form.js";

export { valuesOf };
export type PreferencesValues = FormValues;

const EXTRA_STYLE = `<style>
.status{margin:0 0 16px}.notice{border:2px solid #15803d;border-radius:8px;padding:8px 12px;background:#f0fdf4;margin:0 0 16px}
.hold{border:3px solid #b45309;border-radius:8px;padding:8px 16px;background:#fffbeb;margin:0 0 16px}
form.card,div.card{margin:0 0 16px}h2{font-size:1.15rem;margin:0 0 4px;color:#14532d}
</style>`;

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
        : "Your emails are paused after the warning signs you told us about.";
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

/** The triage hold, said plainly: why the emails stopped and what to do before resuming. */
const holdNotice = `<div class="hold" role="note" id="hold"><h2>Your emails are paused for your safety</h2>
<p>You told us about a warning sign, such as sharp pain, swelling or pain at rest. Please don't run on it: see a physio or sports doctor first.</p>
<p>When they say you can run again, press <strong>Resume my emails</strong> below, or reply RESUME to any of our emails.</p></div>`;

const pauseCard = (hidden: string, values: FormValues, errors: readonly FieldIssue[]): string => {
  const weeks = Array.from({ length: MAX_PAUSE_WEEKS }, (_, i) => [String(i + 1), i === 0 ? "1 week" : `${i + 1} weeks`] as const);
  return `<form class="card" method="post" action="/preferences">${hidden}
<h2>Take a break</h2><p class="hint">Injured, busy or on holiday? Pause the emails; they restart by themselves at your usual time.</p>
<label for="weeks">Pause for</label>${select("weeks", weeks, one(values["weeks"]) || "2", errors)}${fieldError(errors, "weeks")}
<button type="submit" id="pause" class="secondary">Pause my emails</button></form>`;
};

/** The way in or out: unsubscribe for a runner who gets emails, resubscribe for one who left. */
const subscriptionCard = (runner: Runner, unsubscribeUrl: string, unsubscribeToken: string): string => {
  if (runner.status === "unsubscribed")
    return `<form class="card" method="post" action="/unsubscribe/undo"><h2>Want the emails back?</h2>
<p class="hint">You're unsubscribed. Resubscribe and your coaching carries on from where you left off.</p>
<input type="hidden" name="token" value="${e(unsubscribeToken)}"><button type="submit" id="resubscribe">Resubscribe</button></form>`;
  if (!["active", "paused", "pending", "completed"].includes(runner.status)) return "";
  return `<div class="card"><h2>Stop the emails</h2><p class="links"><a href="${e(unsubscribeUrl)}" id="unsubscribe">Unsubscribe from Legwork</a></p></div>`;
};

/**
 * The preferences page: whose it is, where they stand, the profile form, pause/resume, the way out (or
 * back in), and the data-rights buttons. Every action is a POST form (no script), and each form carries
 * its own token: the `prefs` token for the profile and pause forms, the unsubscribe token for
 * resubscribing, a fresh `data` token for export and delete.
 */
export const preferencesPage = (input: {
  runner: Runner;
  token: string;
  dataToken: string;
  unsubscribeUrl: string;
  unsubscribeToken: string;
  values?: PreferencesValues;
  errors?: FieldIssue[];
  notice?: string;
}): string => {
  const { runner, token } = input;
  const errors = input.errors ?? [];
  const values = input.values ?? valuesOf(runner);
  const hidden = (action: string) =>
    `<input type="hidden" name="token" value="${e(token)}"><input type="hidden" name="action" value="${action}">`;
  const held = isHeldForTriage(runner);
  const canPause = (runner.status === "active" || runner.status === "paused") && !held;
  const body = `${EXTRA_STYLE}
<h1>Your coaching preferences</h1>
<p class="status">For <strong id="address">${e(runner.email)}</strong></p>
<p class="status" id="status">${e(statusLine(runner))}</p>
${held ? holdNotice : ""}
${input.notice ? `<p class="notice" role="status" id="notice">${e(input.notice)}</p>` : ""}
${errorSummary(errors, [...PROFILE_FIELDS, "weeks"])}
<form class="card" method="post" action="/preferences" novalidate>${hidden("save")}
<h2>Your running and your emails</h2>${profileFields(values, errors)}
<button type="submit" id="save">Save my preferences</button>
</form>
${canPause ? pauseCard(hidden("pause"), values, errors) : ""}
${
  runner.status === "paused"
    ? `<form class="card" method="post" action="/preferences">${hidden("resume")}
<h2>${held ? "Been checked and ready to run?" : "Ready to run again?"}</h2><button type="submit" id="resume">Resume my emails now</button></form>`
    : ""
}
${subscriptionCard(runner, input.unsubscribeUrl, input.unsubscribeToken)}
<form class="card" method="post" action="/api/export?token=${e(input.dataToken)}">
<h2>Your data</h2><p class="hint">Everything we hold about you: your profile, check-ins, the emails we sent and the replies you sent us.</p>
<input type="hidden" name="format" value="download"><button type="submit" id="export" class="secondary">Download my data</button></form>
<form class="card" method="post" action="/api/delete?token=${e(input.dataToken)}">
<h2>Delete everything</h2><p class="hint">This removes your profile, check-ins and replies for good. It cannot be undone.</p>
<input type="hidden" name="format" value="page"><label class="check"><input type="checkbox" id="confirm-delete" name="confirm" value="yes" required> <span>Yes, delete all my data</span></label>
<button type="submit" id="delete" class="danger">Delete everything</button></form>`;
  return layout("Your coaching preferences", body);
};
