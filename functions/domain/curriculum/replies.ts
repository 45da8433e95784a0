/**
 * Copy for the replies to a runner's email: the check-in acknowledgement, the red-flag triage
 * reply, and the STOP / PAUSE / RESUME confirmations. Facts, links and dates arrive computed.
 */
import type { LinkItem } from "./blocks.js";
import type { NoticeCopy } from "./notices.js";
import { greeting } from "./shared.js";
import type { Section } from "./types.js";
import { b, button, callout, claim, link, note, p, small } from "./types.js";

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
  question ? [note(p([b(question), " Just reply yes or no. If it is, please stop running on it and see a physio or sports doctor."]))] : [];

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
      note(p([b("Not right?"), " Just reply again with the right number and where it hurts. The latest check-in counts."])),
      preferencesLine(facts.preferencesUrl),
      note(p("Thanks,\nLegwork")),
    ],
  };
};

const KICKER = "Weekly coaching for runners";

export type { TriageFacts } from "./triage.js";
export { TRIAGE_SUBJECT, triageCopy } from "./triage.js";

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
          ? [
              "Done. Your weekly emails are paused until ",
              b(facts.until),
              ` (${facts.timezone} time). After that they pick up where you left off.`,
            ]
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
          ? [
              "Your weekly emails are on again, picking up where you left off. The next one arrives on ",
              b(facts.next),
              ` (${facts.timezone} time).`,
            ]
          : "Your weekly emails are on again, picking up where you left off, on your usual day and time.",
      ),
      p(["Need a break again? Reply \u201cpause 2 weeks\u201d, or use ", link("your preferences page", facts.preferencesUrl), "."]),
      p("See you then,\nLegwork"),
    ),
  ],
});
