/** Copy for the one-off emails: confirmation, welcome, unsubscribed. Links arrive already built. */
import type { Block } from "./blocks.js";
import type { Ctx } from "../personalise/index.js";
import { plural } from "../personalise/index.js";
import { greeting } from "./shared.js";
import type { Section } from "./types.js";
import { b, claim, note, p, small, ul } from "./types.js";

export interface NoticeCopy {
  readonly subject: string;
  readonly kicker: string;
  readonly heading: string;
  readonly preheader: string;
  readonly sections: readonly Section[];
}

const KICKER = "Weekly coaching for runners";
const button = (label: string, url: string): Block => ({ kind: "button", label, url });

export const CONFIRM_EXPIRY_DAYS = 7;

export const confirmationCopy = (name: string | undefined, confirmUrl: string): NoticeCopy => ({
  subject: "Confirm your Legwork coaching emails",
  kicker: KICKER,
  heading: "Confirm your email",
  preheader: "Confirm your address and your weekly running coaching can start.",
  sections: [
    greeting(name),
    note(
      p(
        "Someone, hopefully you, asked for Legwork's weekly coaching emails for runners at this address. Before we send anything, please confirm it's you.",
      ),
      p("The button opens a short page on our site. Tap confirm there and you're in."),
      button("Confirm my email", confirmUrl),
      p([
        "If you didn't ask for this, just ignore this email: ",
        b("nothing happens"),
        ", and you won't get coaching emails from us. ",
        `The link expires in ${CONFIRM_EXPIRY_DAYS} days.`,
      ]),
      small(["If the button doesn't work, copy this link into your browser: ", { text: confirmUrl, href: confirmUrl }]),
    ),
  ],
});

export interface WelcomeFacts {
  /** "Monday 3 March at 7:00 am" in the runner's zone. */
  readonly firstSend: string;
  /** "Monday" */
  readonly weekday: string;
  /** "7:00 am" */
  readonly time: string;
  readonly timezone: string;
  readonly weeks: number;
  readonly preferencesUrl: string;
}

export const welcomeCopy = (ctx: Ctx, facts: WelcomeFacts): NoticeCopy => ({
  subject: `Welcome to Legwork: your first email arrives ${facts.weekday}`,
  kicker: KICKER,
  heading: "You're in",
  preheader: "Thanks for confirming. Here's when your first email arrives and what to expect.",
  sections: [
    greeting(ctx.profile.name),
    note(
      p(["Thanks for confirming. Your first coaching email arrives on ", b(facts.firstSend), ` (${facts.timezone} time).`]),
      p("Here's what to expect:"),
      ul(
        `One email a week for ${facts.weeks} weeks, every ${facts.weekday} at ${facts.time}.`,
        `Each one teaches one thing about sore legs and recovery, with a plan for your week built around your ${
          ctx.split.runs === 0 ? "walks, rides and swims" : `${plural(ctx.split.runs, "run")} a week`
        }.`,
        [
          "A check-in at the end. ",
          b("Reply with your worst morning-after score of the week, 0 to 10, and where it hurt"),
          ", for example \u201ccalves 4\u201d, or tap a score. Your next emails adapt to what you tell us.",
        ],
      ),
    ),
    // Red flags have no source key in coaching-facts.md (see redFlagsFull in shared.ts): a note, not a claim.
    note(
      p(
        "If you ever have sharp pain, swelling, or pain that lasts or gets worse, stop running and see a physio or sports doctor. Tell us in a reply, too, and we'll pause your plan.",
      ),
    ),
    note(
      p(["Want a different day, time or units? ", { text: "Change your preferences", href: facts.preferencesUrl }, "."]),
      p("See you soon,\nLegwork"),
    ),
  ],
});

export const unsubscribedCopy = (name: string | undefined, resubscribeUrl: string): NoticeCopy => ({
  subject: "You're unsubscribed from Legwork",
  kicker: KICKER,
  heading: "You're unsubscribed",
  preheader: "You won't get any more coaching emails from us.",
  sections: [
    greeting(name),
    note(
      p("You're off the list: Legwork won't send you any more weekly coaching emails."),
      p("If that was a mistake, you can sign up again with one tap:"),
      button("Resubscribe", resubscribeUrl),
    ),
    claim(["seiler-2010"], p("Thanks for running with us. Keep most of your runs easy, and look after those legs.")),
  ],
});
