/**
 * Copy for the replies to a runner's email: the check-in acknowledgement, the red-flag triage
 * reply, and the STOP / PAUSE / RESUME confirmations. Facts, links and dates arrive computed.
 */
import type { Block, Inline, LinkItem, Rich } from "../../functions/domain/render/blocks.js";
import type { NoticeCopy } from "./notices.js";
import { greeting, joinPhrases } from "./shared.js";
import type { Section } from "./types.js";
import { b, callout, claim, h, note, p, small, ul } from "./types.js";

const button = (label: string, url: string): Block => ({ kind: "button", label, url });
const link = (text: string, href: string): Inline => ({ text, href });

/** Bands of the adaptation rules (functions/domain/adapt.ts), as the ack explains what comes next. */
const RECOVER_FROM = 7;
const CARE_FROM = 4;

export interface AckFacts {
  readonly name: string | undefined;
  readonly soreness: number | null;
  /** "calves and shins", or "" when no area was named. */
  readonly areas: string;
  /** The runner's own words, already cleaned and shortened; "" for none. */
  readonly quote: string;
  readonly preferencesUrl: string;
  /** Score links (label and URL) offered when no score was found. */
  readonly scoreLinks?: readonly LinkItem[];
  /** A yes/no question when the reply's wording was unclear, e.g. "Is it sharp, or a dull ache?". */
  readonly question?: string;
}

/** The question an acknowledgement asks when the reply's wording might describe a warning sign. */
const askBlocks = (question: string | undefined): Section[] =>
  question
    ? [
        note(
          p([
            b(question),
            " Just reply yes or no. If it is, please stop running on it and see a physio or sports doctor.",
          ]),
        ),
      ]
    : [];

/** "Got it: 6/10, calves" */
export const ackSubject = (soreness: number | null, areas: string): string =>
  soreness === null ? "We couldn't find a score in your reply" : `Got it: ${soreness}/10${areas ? `, ${areas}` : ""}`;

const quoteBlock = (quote: string): Section[] => (quote ? [note(small(`You wrote: \u201c${quote}\u201d`))] : []);

const preferencesLine = (url: string): Section =>
  note(p(["Want a different day, time or units, or a break? ", link("Change your preferences", url), "."]));

/** What the next email does with this score, in the bands of the adaptation rules. */
const nextEmail = (soreness: number, areas: string): Section[] => {
  if (soreness >= RECOVER_FROM) {
    return [
      claim(
        ["article", "practice"],
        p(
          "That's high, so your next email leads with recovery: every run easy, and one run swapped for an easy ride, swim or walk. Running on sore legs again and again invites injury.",
        ),
      ),
      claim(
        ["practice"],
        callout(
          "caution",
          "If it's more than soreness",
          "Sharp pain, swelling, pain at rest or at night, numbness, or pain that lasts more than about 3 days or gets worse: stop running and see a physio or sports doctor, and tell us in a reply.",
        ),
      ),
    ];
  }
  if (soreness >= CARE_FROM) {
    return [
      claim(
        ["article"],
        p(
          `Some soreness after long runs and hard sessions is normal. Your next email keeps your plan and adds some care for ${areas ? `your ${areas}` : "whatever feels sore"}.`,
        ),
      ),
    ];
  }
  return [note(p("Your next email carries on as planned. Nice work."))];
};

/** The acknowledgement of an accepted check-in, or a kind request for a score when none was found. */
export const ackCopy = (facts: AckFacts): NoticeCopy => {
  const { soreness, areas } = facts;
  const subject = ackSubject(soreness, areas);
  if (soreness === null) {
    return {
      subject,
      kicker: "Your check-in",
      heading: "We couldn't find a score",
      preheader: "Reply with a number from 0 to 10 and where it hurts, and your next email adapts to it.",
      sections: [
        greeting(facts.name),
        note(
          p(
            `Thanks for your reply. We couldn't find a number in it${areas ? `, though we did see your ${areas}` : ""}, so your plan hasn't changed.`,
          ),
          p([
            "Could you reply with ",
            b("a number from 0 to 10 and where it hurts"),
            ", for example \u201ccalves\u00a04\u201d? 0 means no soreness at all, 10 the worst you can imagine.",
          ]),
        ),
        ...(facts.scoreLinks && facts.scoreLinks.length > 0
          ? [note(p("Or tap the score that fits today:"), { kind: "links", style: "pills", links: [...facts.scoreLinks] })]
          : []),
        ...askBlocks(facts.question),
        ...quoteBlock(facts.quote),
        note(p("If your reply was about something else, no problem: nothing changes.")),
        preferencesLine(facts.preferencesUrl),
        note(p("Thanks,\nLegwork")),
      ],
    };
  }
  return {
    subject,
    kicker: "Your check-in",
    heading: subject,
    preheader: "Here's what we understood from your reply, and how to correct it if we got it wrong.",
    sections: [
      greeting(facts.name),
      note(p(["Thanks for checking in. We understood ", b(`${soreness}/10`), ...(areas ? [" for your ", b(areas)] : []), "."])),
      ...askBlocks(facts.question),
      ...quoteBlock(facts.quote),
      ...nextEmail(soreness, areas),
      note(
        p([
          b("Not right?"),
          " Just reply again with the right number and where it hurts. The latest check-in counts.",
        ]),
      ),
      preferencesLine(facts.preferencesUrl),
      note(p("Thanks,\nLegwork")),
    ],
  };
};

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

/** The red-flag reply: stop, see a clinician, what to tell them, paused, how to resume. No diagnosis. */
export const triageCopy = (facts: TriageFacts): NoticeCopy => {
  const where = facts.areas ? ` in your ${facts.areas}` : "";
  const signs = facts.signs.length > 0 ? joinPhrases(facts.signs) : "";
  const heard: Rich = signs ? ["You told us about ", b(signs), `${where}.`] : `You told us about pain${where} that sounds like more than ordinary soreness.`;
  return {
    subject: TRIAGE_SUBJECT,
    kicker: "About your check-in",
    heading: "Please get this checked",
    preheader: `Stop running on it for now and see a physio or sports doctor. ${facts.unsubscribedUndoUrl ? "You're unsubscribed, as you asked." : "Your weekly emails are paused."}`,
    sections: [
      greeting(facts.name),
      note(p("Thank you for telling us. We've read your reply carefully."), p(heard)),
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
      note(
        h("What to tell them"),
        ul(
          facts.areas ? `Where it hurts: your ${facts.areas}, and whether it's one spot or a wider area.` : "Where exactly it hurts, and whether it's one spot or a wider area.",
          "When it started, and what you were doing at the time.",
          "What makes it better or worse, for example walking, stairs, rest or running.",
          signs ? `The warning signs you noticed: ${signs}.` : "Anything about it that worried you, in your own words.",
        ),
      ),
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
          ),
    ],
  };
};

const KICKER = "Weekly coaching for runners";

export interface StopFacts {
  readonly name: string | undefined;
  readonly undoUrl: string | undefined;
}

export const stopCopy = (facts: StopFacts): NoticeCopy => ({
  subject: "You're unsubscribed from Legwork",
  kicker: KICKER,
  heading: "You're unsubscribed",
  preheader: "No more coaching emails from Legwork. Changed your mind? You can undo it.",
  sections: [
    greeting(facts.name),
    note(
      p("You asked us to stop, so we have: Legwork won't send you any more weekly coaching emails."),
      ...(facts.undoUrl
        ? [p("Sent that by mistake? You can undo it with one tap:"), button("Undo and keep my emails", facts.undoUrl)]
        : []),
      p("All the best with your running,\nLegwork"),
    ),
  ],
});

export interface PauseFacts {
  readonly name: string | undefined;
  /** "Monday 14 April" in the runner's zone, or null when the pause has no end date. */
  readonly until: string | null;
  readonly timezone: string;
  readonly preferencesUrl: string;
}

export const pauseCopy = (facts: PauseFacts): NoticeCopy => ({
  subject: facts.until ? `Your Legwork emails are paused until ${facts.until}` : "Your Legwork emails are paused",
  kicker: KICKER,
  heading: "You're paused",
  preheader: facts.until
    ? `No coaching emails until ${facts.until}. Reply RESUME any time to start sooner.`
    : "No coaching emails until you reply RESUME.",
  sections: [
    greeting(facts.name),
    note(
      p(
        facts.until
          ? ["Done. Your weekly emails are paused until ", b(facts.until), ` (${facts.timezone} time). After that they pick up where you left off.`]
          : ["Done. Your weekly emails are paused until you reply ", b("RESUME"), ". They'll pick up where you left off."],
      ),
      ...(facts.until
        ? [p(["Want to start sooner? Reply ", b("RESUME"), ", or use ", link("your preferences page", facts.preferencesUrl), "."])]
        : [p(["You can also restart them from ", link("your preferences page", facts.preferencesUrl), "."])]),
      p("See you soon,\nLegwork"),
    ),
  ],
});

export interface ResumeFacts {
  readonly name: string | undefined;
  /** "Monday 14 April at 7 am" in the runner's zone, or null when unknown. */
  readonly next: string | null;
  /** "Monday" */
  readonly weekday: string | null;
  readonly timezone: string;
  readonly preferencesUrl: string;
}

export const resumeCopy = (facts: ResumeFacts): NoticeCopy => ({
  subject: facts.weekday ? `You're back on: your next email arrives ${facts.weekday}` : "You're back on Legwork",
  kicker: KICKER,
  heading: "Welcome back",
  preheader: "Your weekly coaching emails are on again.",
  sections: [
    greeting(facts.name),
    note(
      p(
        facts.next
          ? ["Your weekly emails are on again, picking up where you left off. The next one arrives on ", b(facts.next), ` (${facts.timezone} time).`]
          : "Your weekly emails are on again, picking up where you left off, on your usual day and time.",
      ),
      p(["Need a break again? Reply \u201cpause 2 weeks\u201d, or use ", link("your preferences page", facts.preferencesUrl), "."]),
      p("See you then,\nLegwork"),
    ),
  ],
});
