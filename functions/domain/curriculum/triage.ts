/**
 * The triage reply: sent when a check-in carries a red flag. It lists what we heard one sign per
 * line, says when to go to urgent care the same day, then the usual "stop and get it checked".
 * Red flags cite no source key (coaching-facts.md, Safety: standard clinical red flags).
 */
import type { Block, Rich } from "./blocks.js";
import type { NoticeCopy } from "./notices.js";
import { greeting, joinPhrases } from "./shared.js";
import type { Section } from "./types.js";
import { b, button, callout, claim, h, link, note, p, ul } from "./types.js";

/** Same-day urgent care, not just "see a physio" (coaching-facts.md, Safety). */
export const urgentCare = (): ReturnType<typeof note> =>
  note(
    callout("caution", "Go to urgent care today if", "Don't wait for a physio appointment if any of these is true:", [
      "you can't put any weight on the leg at all",
      "your calf is hot, swollen and tender (it could be a clot)",
      "numbness or tingling that doesn't pass",
      "a joint or bone that looks out of shape",
    ]),
  );

export interface TriageFacts {
  readonly name: string | undefined;
  /** The warning signs heard, in plain words ("sharp or stabbing pain"); empty when none is known. */
  readonly signs: readonly string[];
  /** "shins", or "" when no area was named. */
  readonly areas: string;
  /** A sentence from the caller about resuming; "" for none. */
  readonly resumeHint: string;
  readonly preferencesUrl: string;
  /** Set when the same reply said STOP: "you're unsubscribed" with this undo link replaces "paused". */
  readonly unsubscribedUndoUrl?: string;
}

export const TRIAGE_SUBJECT = "About the pain you described: please get it checked";

/** What we heard, one sign per line, so "limping" and "pain in one spot on a bone" never run together. */
const heardBlocks = (facts: TriageFacts, where: string): Block[] =>
  facts.signs.length > 0
    ? [p(`You told us about these${where}:`), ul(...facts.signs.map((sign) => [b(sign)] satisfies Rich))]
    : [p(`You told us about pain${where} that sounds like more than ordinary soreness.`)];

/** Stop, get it examined, leave it alone: no diagnosis. */
const whatToDo = (): Section[] => [
  claim(
    ["article", "practice"],
    p(
      "Most soreness after running is ordinary muscle soreness, not injury. Signs like these are different: they're a reason to have it looked at in person, by someone who can examine it.",
    ),
  ),
  note(h("What to do now")),
  claim(
    ["practice"],
    ul(
      [b("Stop running on it"), " for now."],
      [b("See a physio or sports doctor"), " and have it checked."],
      "Leave the painful spot alone in the meantime: no foam rolling or massage on it.",
    ),
    p("We can't tell what it is from an email, and we won't guess. The person who examines it can."),
  ),
];

/** What to tell the clinician, with the area and the signs the runner gave. */
const whatToTell = (facts: TriageFacts): Section => {
  const signs = facts.signs.length > 0 ? joinPhrases(facts.signs) : "";
  return note(
    h("What to tell them"),
    ul(
      facts.areas
        ? `Where it hurts: your ${facts.areas}, and whether it's one spot or a wider area.`
        : "Where exactly it hurts, and whether it's one spot or a wider area.",
      "When it started, and what you were doing at the time.",
      "What makes it better or worse, for example walking, stairs, rest or running.",
      signs ? `The warning signs you noticed: ${signs}.` : "Anything about it that worried you, in your own words.",
    ),
  );
};

/** Unsubscribed (the same reply said STOP, with an undo link) or paused, with how to resume. */
const closing = (facts: TriageFacts): Section =>
  facts.unsubscribedUndoUrl
    ? note(
        h("You're unsubscribed"),
        p("You also asked us to stop, so we have: Legwork won't send you any more weekly coaching emails."),
        p("Sent that by mistake? You can undo it with one tap:"),
        button("Undo and keep my emails", facts.unsubscribedUndoUrl),
        p("Look after yourself,\nLegwork"),
      )
    : note(
        h("Your weekly emails are paused"),
        p("We've paused your coaching emails, so nothing more arrives from us until you're ready."),
        p([
          "Once it's been checked and you're ready to run again, ",
          b("reply RESUME"),
          " to this email, or use ",
          link("your preferences page", facts.preferencesUrl),
          ".",
          ...(facts.resumeHint ? [` ${facts.resumeHint}`] : []),
        ]),
        p("Look after yourself,\nLegwork"),
      );

/** The red-flag reply: stop, see a clinician, what to tell them, paused, how to resume. No diagnosis. */
export const triageCopy = (facts: TriageFacts): NoticeCopy => ({
  subject: TRIAGE_SUBJECT,
  kicker: "About your check-in",
  heading: "Please get this checked",
  preheader: `Stop running on it for now and see a physio or sports doctor. ${facts.unsubscribedUndoUrl ? "You're unsubscribed, as you asked." : "Your weekly emails are paused."}`,
  sections: [
    greeting(facts.name),
    note(
      p("Thank you for telling us. We've read your reply carefully."),
      ...heardBlocks(facts, facts.areas ? ` in your ${facts.areas}` : ""),
    ),
    urgentCare(),
    ...whatToDo(),
    whatToTell(facts),
    closing(facts),
  ],
});
