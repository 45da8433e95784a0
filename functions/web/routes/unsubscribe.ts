import type { UnsubscribeReason } from "../../app/unsubscribe.js";
import { UNSUBSCRIBE_REASONS, checkUnsubscribeToken, resubscribe, unsubscribe } from "../../app/unsubscribe.js";
import { Links } from "../../app/links.js";
import type { Runner } from "../../domain/profile.js";
import { isHeldForTriage } from "../../domain/profile.js";
import { escapeHtml as e } from "../../lib/escape.js";
import type { Deps } from "../../wiring.js";
import type { HttpEvent, HttpResult } from "../shared/http.js";
import { baseUrlOf, first, html, parseBody, query } from "../shared/http.js";
import { checkboxes } from "../shared/form-parts.js";
import { layout, messagePage } from "../shared/pages.js";
import { statusLine } from "./preferences-page.js";
import { requireToken, tokenFrom } from "./tokens.js";

const prefsPath = (deps: Deps, runnerId: string): string =>
  new Links(deps.keys, "", deps.config.LEGWORK_REPLY_DOMAIN).preferences(runnerId, deps.now());
const tokenOf = (path: string): string => new URL(path, "http://x").searchParams.get("token") ?? "";

/** An unsubscribed runner's way back: the undo button, and their preferences. */
const resubscribePage = (deps: Deps, runner: Runner, token: string, title: string, intro: string): string =>
  layout(
    title,
    `<h1>${e(title)}</h1><form class="card" method="post" action="/unsubscribe/undo">
<p>${e(intro)}</p><input type="hidden" name="token" value="${e(token)}">
<button type="submit" id="resubscribe">Resubscribe: bring my coaching emails back</button></form>
<p class="links"><a href="${e(prefsPath(deps, runner.id))}">Your preferences and data</a></p>`,
  );

/** The page of an unsubscribed runner: `justNow` after the button was pressed, else on a later visit. */
const unsubscribedPage = (deps: Deps, runner: Runner, token: string, justNow: boolean): string =>
  resubscribePage(
    deps,
    runner,
    token,
    "You're unsubscribed",
    `No ${justNow ? "more " : ""}coaching emails will come. Changed your mind? One tap brings them back, from where you left off.`,
  );

/** An active runner: unsubscribe with an optional reason, or pause instead. */
const unsubscribeForm = (deps: Deps, runner: Runner, token: string): string => {
  const prefs = prefsPath(deps, runner.id);
  const canPause = runner.status === "active" || (runner.status === "paused" && !isHeldForTriage(runner));
  const reasons = Object.entries(UNSUBSCRIBE_REASONS).map(([code, label]) => [code, label] as const);
  const pause = canPause
    ? `<form class="card" method="post" action="/preferences" style="margin-bottom:16px"><h2>Just need a break?</h2>
<p class="hint">Pause instead: no emails for four weeks, then they restart by themselves. You can change it any time.</p>
<input type="hidden" name="token" value="${e(tokenOf(prefs))}"><input type="hidden" name="action" value="pause"><input type="hidden" name="weeks" value="4">
<button type="submit" class="secondary" id="pause-instead">Pause for 4 weeks instead</button></form>`
    : "";
  return layout(
    "Unsubscribe from Legwork",
    `<h1>Unsubscribe from Legwork</h1><p>${e(statusLine(runner))}</p>${pause}
<form class="card" method="post" action="/unsubscribe?token=${e(token)}"><h2>Stop all coaching emails</h2>
<p>The emails stop straight away. You can undo it on the next page.</p>
<fieldset><legend>Tell us why? <span class="hint">(optional)</span></legend>${checkboxes("reason", reasons, [])}</fieldset>
<input type="hidden" name="token" value="${e(token)}"><button type="submit" id="unsubscribe">Unsubscribe</button></form>
<p class="links"><a href="${e(prefs)}">Change your preferences instead</a></p>`,
  );
};

/** GET /unsubscribe: a page that knows the runner's state; nothing changes until a button is pressed. */
export const getUnsubscribe = async (event: HttpEvent, deps: Deps): Promise<HttpResult> => {
  const token = requireToken(query(event, "token"));
  const runner = await deps.runners.getById(checkUnsubscribeToken(deps, token));
  if (!runner)
    return html(
      200,
      messagePage("Nothing to do here", ["We hold no details for this link any more, so no emails will come."], {
        href: "/",
        text: "Go to the signup page",
      }),
    );
  if (runner.status === "unsubscribed") return html(200, unsubscribedPage(deps, runner, token, false));
  if (runner.status === "bounced" || runner.status === "complained")
    return html(
      200,
      messagePage(
        "No emails go to this address",
        ["We stopped sending to this address after the mail system reported a problem, so nothing more will come."],
        { href: prefsPath(deps, runner.id), text: "Your preferences and data" },
      ),
    );
  return html(200, unsubscribeForm(deps, runner, token));
};

const reasonOf = (value: string | undefined): UnsubscribeReason | undefined =>
  value && Object.hasOwn(UNSUBSCRIBE_REASONS, value) ? (value as UnsubscribeReason) : undefined;

/** POST /unsubscribe?token=: the button and RFC 8058 one-click (`List-Unsubscribe=One-Click`, any form encoding). */
export const postUnsubscribe = async (event: HttpEvent, deps: Deps): Promise<HttpResult> => {
  const token = tokenFrom(event);
  const body = parseBody(event);
  const fields = body.kind === "form" ? body.value : {};
  const oneClick = first(fields["List-Unsubscribe"]) === "One-Click";
  const runner = await unsubscribe(deps, {
    token,
    baseUrl: baseUrlOf(event, deps.config.LEGWORK_BASE_URL),
    oneClick,
    reason: reasonOf(first(fields["reason"])),
  });
  if (!runner || runner.status !== "unsubscribed")
    return html(
      200,
      messagePage("No emails go to this address", ["There is nothing to unsubscribe: no coaching emails will come to this address."], {
        href: "/",
        text: "Go to the signup page",
      }),
    );
  return html(200, unsubscribedPage(deps, runner, token, true));
};

const backMessage = (runner: Runner): string => {
  if (runner.status === "paused")
    return isHeldForTriage(runner)
      ? "You're back, still paused after the warning signs you told us about: resume from your preferences when you've been checked."
      : `You're back, and your pause carries on. ${statusLine(runner)}`;
  if (runner.status === "pending") return "You're back. Open the confirmation email we sent you to start your coaching.";
  return `Your weekly coaching emails are back on, from where you left off. ${statusLine(runner)}`;
};

/** POST /unsubscribe/undo: back to the state before, with the same link. */
export const postResubscribe = async (event: HttpEvent, deps: Deps): Promise<HttpResult> => {
  const runner = await resubscribe(deps, tokenFrom(event));
  if (!runner || runner.status === "unsubscribed" || runner.status === "bounced" || runner.status === "complained")
    return html(
      200,
      messagePage("Nothing to undo", ["This address is not unsubscribed, so there is nothing to undo."], {
        href: "/",
        text: "Go to the signup page",
      }),
    );
  return html(200, messagePage("Welcome back", [backMessage(runner)], { href: prefsPath(deps, runner.id), text: "Your preferences" }));
};
