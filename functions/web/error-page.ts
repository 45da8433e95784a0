import type { HttpError } from "./shared/http.js";
import { escapeHtml as e } from "../lib/escape.js";
import { layout } from "./shared/pages.js";

interface Way {
  title: string;
  says: string[];
  next: { href: string; text: string };
}

const HOME = { href: "/", text: "Go to the Legwork signup page" };
const LINK_HELP =
  "Links from our emails keep working for a long while, but not for ever. Open your most recent Legwork email and use the link in it.";

/** Minutes, rounded up, from a Retry-After header in seconds. */
const minutes = (retryAfter: string | undefined): string => {
  const n = Math.max(1, Math.ceil(Number(retryAfter ?? 60) / 60));
  return n === 1 ? "a minute" : `${n} minutes`;
};

/** What went wrong, in plain words, and the one thing to do next: every error page has a way forward. */
const wayForward = (error: HttpError): Way => {
  switch (error.code) {
    case "expired_token":
      return { title: "This link has expired", says: [LINK_HELP], next: HOME };
    case "invalid_token":
    case "missing_token":
      return { title: "This link doesn't work", says: ["The link may have been cut short when it was copied. " + LINK_HELP], next: HOME };
    case "cross_site":
      return { title: "Please use the form on our own page", says: [error.message, "Nothing was sent and nothing changed."], next: HOME };
    case "rate_limited":
      return {
        title: "Please try again a little later",
        says: [`We've had a lot of requests from here. Please wait about ${minutes(error.headers["retry-after"])} and try again.`],
        next: HOME,
      };
    case "not_found":
      return { title: "We couldn't find that", says: [error.message], next: HOME };
    case "conflict":
      return { title: "That can't be done right now", says: [error.message], next: HOME };
    case "body_too_large":
      return { title: "That was too much to send", says: ["Please shorten what you typed and try again."], next: HOME };
    default:
      if (error.status >= 500)
        return { title: "Something went wrong on our side", says: ["Please try again in a few minutes."], next: HOME };
      return { title: "That didn't work", says: [error.message], next: HOME };
  }
};

/** The HTML page for an error: a plain-words heading, what happened, and a link forward. */
export const errorPage = (error: HttpError): string => {
  const way = wayForward(error);
  return layout(
    way.title,
    `<h1>${e(way.title)}</h1><div class="card">${way.says.map((p) => `<p>${e(p)}</p>`).join("")}
<p><a class="next" href="${e(way.next.href)}">${e(way.next.text)}</a></p></div>`,
  );
};
