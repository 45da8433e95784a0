import { checkUnsubscribeToken, resubscribe, unsubscribe } from "../../app/unsubscribe.js";
import type { Deps } from "../../wiring.js";
import type { HttpEvent, HttpResult } from "../http.js";
import { baseUrlOf, html, query } from "../http.js";
import { actionPage, messagePage } from "../pages.js";
import { requireToken, tokenFrom } from "./tokens.js";

/** GET /unsubscribe: a page with the button; nothing changes until it is pressed. */
export const getUnsubscribe = async (event: HttpEvent, deps: Deps): Promise<HttpResult> => {
  const token = requireToken(query(event, "token"));
  checkUnsubscribeToken(deps, token);
  return html(
    200,
    actionPage({
      title: "Unsubscribe from Legwork",
      intro: "Press the button and the weekly coaching emails stop straight away. You can undo it on the next page.",
      action: `/unsubscribe?token=${token}`,
      token,
      button: "Unsubscribe",
    }),
  );
};

/** POST /unsubscribe?token=: the button and RFC 8058 one-click (`List-Unsubscribe=One-Click`, any form encoding). */
export const postUnsubscribe = async (event: HttpEvent, deps: Deps): Promise<HttpResult> => {
  const token = tokenFrom(event);
  await unsubscribe(deps, { token, baseUrl: baseUrlOf(event, deps.config.LEGWORK_BASE_URL) });
  return html(
    200,
    `${actionPage({
      title: "You're unsubscribed",
      intro: "No more coaching emails will come. Changed your mind? One tap brings them back, from where you left off.",
      action: `/unsubscribe/undo?token=${token}`,
      token,
      button: "Undo: keep my coaching emails",
    })}`,
  );
};

/** POST /unsubscribe/undo: resubscribe with the same link. */
export const postResubscribe = async (event: HttpEvent, deps: Deps): Promise<HttpResult> => {
  const runner = await resubscribe(deps, tokenFrom(event));
  return html(
    200,
    messagePage(runner?.status === "active" ? "Welcome back" : "Nothing to undo", [
      runner?.status === "active"
        ? "Your weekly coaching emails are back on, from where you left off."
        : "This address is not unsubscribed, so there is nothing to undo.",
    ]),
  );
};
