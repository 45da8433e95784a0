import { checkConfirmToken, confirm } from "../../app/signup.js";
import { longDate, time24, wallClockAt } from "../../domain/wall-clock.js";
import type { Deps } from "../../wiring.js";
import type { HttpEvent, HttpResult } from "../http.js";
import { baseUrlOf, html, query } from "../http.js";
import { actionPage, messagePage } from "../pages.js";
import { tokenFrom, requireToken } from "./tokens.js";

/** GET /confirm: shows a button and changes nothing (mail scanners follow links). */
export const getConfirm = async (event: HttpEvent, deps: Deps): Promise<HttpResult> => {
  const token = requireToken(query(event, "token"));
  checkConfirmToken(deps, token);
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

/** POST /confirm: activates the runner and sends the welcome email. */
export const postConfirm = async (event: HttpEvent, deps: Deps): Promise<HttpResult> => {
  const token = tokenFrom(event);
  const outcome = await confirm(deps, { token, baseUrl: baseUrlOf(event, deps.config.LEGWORK_BASE_URL) });
  if (outcome.kind === "already")
    return html(200, messagePage("You're all set", ["This link has already been used. If your address is confirmed, your weekly emails will keep coming."]));
  const first = outcome.runner.nextSendAt ? wallClockAt(outcome.runner.nextSendAt, outcome.runner.timezone) : undefined;
  const when = first ? `${longDate(first)} at ${time24(first)}` : "soon";
  return html(
    200,
    messagePage("You're in!", [
      `Your first coaching email arrives on ${when} (${outcome.runner.timezone.replace(/_/g, " ")} time).`,
      "We've sent a welcome email with what to expect. Reply to any weekly email to tell us how your legs feel.",
    ]),
  );
};
