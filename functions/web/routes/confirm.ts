import { checkConfirmToken, confirm } from "../../app/signup.js";
import { Links } from "../../app/links.js";
import type { Runner } from "../../domain/profile.js";
import { escapeHtml as e } from "../../lib/escape.js";
import type { Deps } from "../../wiring.js";
import type { HttpEvent, HttpResult } from "../shared/http.js";
import { baseUrlOf, html, query } from "../shared/http.js";
import { actionPage, layout, messagePage } from "../shared/pages.js";
import { profileFields, valuesOf } from "../shared/profile-form.js";
import { localWhen } from "./preferences-page.js";
import { tokenFrom, requireToken } from "./tokens.js";

const preferencesPath = (deps: Deps, runnerId: string): string =>
  new Links(deps.keys, "", deps.config.LEGWORK_REPLY_DOMAIN).preferences(runnerId, deps.now());

/** A confirm link opened again: it says so, and where to go instead. */
const alreadyPage = (deps: Deps, runner: Runner | undefined): string =>
  runner && runner.status !== "pending"
    ? messagePage(
        "You're already confirmed",
        [
          "This address is already confirmed, so there is nothing more to do here. Your weekly emails come on the day and at the time you chose.",
        ],
        { href: preferencesPath(deps, runner.id), text: "See or change your preferences" },
      )
    : messagePage("This link is no longer in use", ["There is no signup waiting for this link. You are welcome to sign up again."], {
        href: "/",
        text: "Go to the signup page",
      });

/** GET /confirm: shows a button and changes nothing (mail scanners follow links); a used link says so. */
export const getConfirm = async (event: HttpEvent, deps: Deps): Promise<HttpResult> => {
  const token = requireToken(query(event, "token"));
  const runner = await deps.runners.getById(checkConfirmToken(deps, token));
  if (runner?.status !== "pending") return html(200, alreadyPage(deps, runner));
  return html(
    200,
    actionPage({
      title: "Confirm your coaching emails",
      intro: "One tap and your first weekly email is scheduled. If you did not sign up, close this page and nothing will happen.",
      action: "/confirm",
      token,
      button: "Yes, start my coaching",
    }),
  );
};

/**
 * "You're in", and step two of signing up: the rest of the profile (level, runs, usual run, goal,
 * units, run days, send time, zone) with the defaults already set, saved through the preferences form.
 */
const welcomePage = (deps: Deps, runner: Runner): string => {
  const prefs = preferencesPath(deps, runner.id);
  const token = new URL(prefs, "http://x").searchParams.get("token") ?? "";
  const when = (runner.nextSendAt && localWhen(runner.nextSendAt, runner.timezone)) || "soon";
  return layout(
    "You're in!",
    `<h1>You're in!</h1><div class="card">
<p>Your first coaching email arrives on ${e(when)} (${e(runner.timezone.replace(/_/g, " "))} time). We've sent a welcome email with what to expect.</p>
<p class="links"><a href="${e(prefs)}" id="preferences">Your preferences</a></p></div>
<form class="card" method="post" action="/preferences" novalidate style="margin-top:16px">
<input type="hidden" name="token" value="${e(token)}"><input type="hidden" name="action" value="save">
<h2>Step 2 (optional): about your running</h2><p class="hint">A few taps make every email fit you. Skip it and we start gently; you can change it any time.</p>
${profileFields(valuesOf(runner), [], { soreAreas: false })}
<button type="submit" id="save">Save and finish</button></form>`,
  );
};

/** POST /confirm: activates the runner and sends the welcome email. */
export const postConfirm = async (event: HttpEvent, deps: Deps): Promise<HttpResult> => {
  const token = tokenFrom(event);
  const outcome = await confirm(deps, { token, baseUrl: baseUrlOf(event, deps.config.LEGWORK_BASE_URL) });
  if (outcome.kind === "already") return html(200, alreadyPage(deps, outcome.runner));
  return html(200, welcomePage(deps, outcome.runner));
};
