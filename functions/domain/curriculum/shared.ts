/** Copy every weekly email shares: the plan's running row, goal framing, red flags, check-in, footer. */
import type { Block, LinkItem } from "./blocks.js";
import { planWeek, PROGRAMME_WEEKS as PLAN_WEEKS } from "../plan/index.js";
import type { Ctx } from "../personalise/index.js";
import type { RedFlag } from "../reply/index.js";
import type { Section, SourceKey } from "./types.js";
import { callout, claim, h, note, p, small } from "./types.js";

/** Human-readable names for the optional "Sources" small print. */
export const SOURCE_NAMES: Readonly<Record<SourceKey, string>> = {
  article: "\u201cSore Legs After Running?\u201d (coaching article)",
  "nosaka-2002": "Nosaka, Newton & Sacco (2002)",
  "seiler-2010": "Seiler (2010)",
  "yale-running-injuries": "Yale Medicine, \u201cRunning Injuries\u201d",
  "medic-2017": "Medic, Wille & Hemels (2017)",
  "couch-to-5k": "NHS \u201cCouch to 5K\u201d",
  "nielsen-2014": "Nielsen et al. (2014)",
  "buist-2008": "Buist et al. (2008)",
  "acsm-2016-nutrition": "Thomas, Erdman & Burke (2016), ACSM nutrition position",
  "acsm-2007-fluids": "Sawka et al. (2007), ACSM fluid replacement position",
  practice: "common coaching practice",
};

export const greeting = (name: string | undefined): Section => note(p(name ? `Hi ${name},` : "Hi there,"));

/** "You're training for a 10k." in the runner's units; "" for the general goal. */
export const raceIntro = (ctx: Ctx): string => {
  const { race } = ctx;
  if (!race) return "";
  // "a 5k (5 km)" says nothing twice; "a 5k (3.1 miles)" and "a marathon (42.2 km)" help.
  const shown = ctx.profile.units === "metric" && /^\d+k$/.test(race.name) ? "" : ` (${race.distance})`;
  return `You're training for ${race.name === "ultra" ? "an" : "a"} ${race.name}${shown}.`;
};

/** Why this week has no hard run, and when one comes: the plan's own schedule, never a fixed line. */
const easyFor = (ctx: Ctx): string => {
  const { level, week, split } = ctx;
  if (split.runs <= 2) return `With ${split.runs === 1 ? "1 run" : "2 runs"} a week, every run stays easy.`;
  if (level === "new") {
    return ctx.plan.sessions.some((s) => s.kind === "run-walk")
      ? "Every run is easy while you build to running without a break. Faster running comes after that."
      : "You're running without walk breaks now. Keep it easy: the next step, after this programme, is a few short strides at the end of an easy run.";
  }
  const next = Array.from({ length: PLAN_WEEKS - week }, (_, i) => week + 1 + i).find((w) =>
    planWeek(ctx.profile, w).sessions.some((s) => s.kind === "hard"),
  );
  if (next === undefined) return "Every run is easy this week.";
  if (level === "returning" && week < 4) return `Every run is easy while you come back. Your first hard session is in week ${next}.`;
  return `Every run is easy this week. Your next hard session is in week ${next}, so hard running stays about a fifth of your time.`;
};

/** How the runner's goal frames the week: the race, the long run, and why the week is easy when it is. */
export const goalFraming = (ctx: Ctx): Section => {
  const { race, split } = ctx;
  if (split.runs === 0) {
    return note(
      p(
        race
          ? `Your ${race.name} can wait until you're running again. For now, easy movement is the whole plan.`
          : "For now, easy movement is the whole plan.",
      ),
    );
  }
  const intro = race ? `${raceIntro(ctx)} ` : "No race on the calendar, so the aim is simply to run comfortably and often. ";
  const speed =
    split.hard > 0
      ? `Save your speed for the hard ${split.hard === 1 ? "session" : "sessions"} and keep everything else easy.`
      : easyFor(ctx);
  const long = ctx.plan.sessions.find((x) => x.kind === "long");
  if (race?.longRun && long) {
    return claim(
      ["article", "practice"],
      p(
        `${intro}Your long run is the key run of the week: keep all of it at a talking pace, and expect some soreness after it. That's normal after long runs. ${speed}`,
      ),
    );
  }
  if (race?.longRun) return note(p(`${intro}${speed} The long run joins your plan once your runs are longer.`));
  return note(p(`${intro}${speed}`));
};

const RED_FLAGS = [
  "sharp or stabbing pain, rather than a dull ache",
  "swelling, bruising or warmth",
  "pain at rest or at night, or pain that wakes you",
  "pain that lasts more than about 3 days, or gets worse instead of easing",
  "limping, or not being able to put weight on the leg",
  "numbness or tingling",
  "pain in one spot on a bone, or pain inside a joint",
] as const;

/**
 * The red-flag codes of functions/domain/reply in plain words, for replies that name what the
 * runner told us. Unknown codes have no words and are left out.
 */
export const RED_FLAG_WORDS: Readonly<Record<RedFlag, string>> = {
  sharp_pain: "sharp or stabbing pain",
  swelling: "swelling",
  bruising: "bruising",
  rest_pain: "pain at rest or at night",
  persistent: "pain that has lasted more than a few days",
  worsening: "pain that is getting worse",
  cant_bear_weight: "limping or trouble putting weight on it",
  numbness: "numbness or tingling",
  bone_pain: "pain in one spot on a bone",
  joint_pain: "pain inside a joint",
};

/** The plain words for the codes we know, in the order given, without repeats. */
export const redFlagWords = (codes: readonly string[]): string[] => [
  ...new Set(codes.filter((c): c is RedFlag => Object.hasOwn(RED_FLAG_WORDS, c)).map((c) => RED_FLAG_WORDS[c])),
];

/**
 * Joins phrases that may hold commas of their own: semicolons between them when any does.
 * @example joinPhrases(["swelling", "limping, or trouble putting weight on it"]) // "swelling; and limping, or trouble putting weight on it"
 */
export const joinPhrases = (items: readonly string[]): string => {
  if (items.length <= 1) return items[0] ?? "";
  const commas = items.some((i) => i.includes(","));
  const head = items.slice(0, -1).join(commas ? "; " : ", ");
  return `${head}${commas ? "; and " : " and "}${items[items.length - 1] ?? ""}`;
};

// The red flags have no source. coaching-facts.md lists them under "Safety" as standard clinical red
// flags, "not text from the article", and gives them no key; `practice` is its exercise library, so
// citing it here would credit the list to the wrong thing. So they are notes: safety advice the facts
// page asks every email to carry, shown without a source rather than with a borrowed one.
/** The full red-flag list (week 1). */
export const redFlagsFull = (): Section =>
  note(
    callout("caution", "When it's not just DOMS", "Stop running and see a physio or sports doctor if you notice any of these:", RED_FLAGS),
    p("Nobody can diagnose this by email, so please get it looked at in person. Tell us in your reply too, and we'll pause your plan."),
  );

/** The one-paragraph reminder for the other weeks (unsourced: see redFlagsFull). */
export const redFlagsShort = (): Section =>
  note(
    callout(
      "caution",
      "When it's not just DOMS",
      "Sharp pain, swelling, pain at rest or at night, pain that lasts more than about 3 days or gets worse, limping, numbness, or pain in one spot on a bone or in a joint: stop running and see a physio or sports doctor.",
    ),
  );

/** The check-in card: the reply prompt, then the score links when the caller passes them. */
export const checkinBlocks = (links: readonly LinkItem[], lastWeek: boolean): Block[] => [
  { kind: "heading", text: "How are your legs?", flush: true },
  p([
    "Reply with your worst morning-after score from this past week, 0 to 10, and where it hurt, for example \u201ccalves\u00a04\u201d. 0 means no soreness at all, 10 the worst you can imagine.",
  ]),
  ...(links.length > 0 ? [p("Or tap your worst score:"), { kind: "links", style: "pills", links } satisfies Block] : []),
  ...(lastWeek ? [] : [small("Your next emails adapt to what you tell us.")]),
];

/** The list-mail footer: why you get this, both links by name, the operator's postal address. */
export const footerBlocks = (footer: { unsubscribeUrl: string; preferencesUrl: string; postalAddress: string }): Block[] => [
  small(
    "You're getting this because you signed up for Legwork, weekly coaching emails for runners. Legwork gives general coaching, not medical advice.",
  ),
  {
    kind: "links",
    style: "inline",
    links: [
      { label: "Change your preferences", url: footer.preferencesUrl },
      { label: "Unsubscribe", url: footer.unsubscribeUrl },
    ],
  },
  small(footer.postalAddress),
];

/** The footer of one-off emails (no list to leave): why you got it and the postal address. */
/**
 * The footer of a one-off notice: why it came, then (for a runner who can still manage their data
 * after unsubscribing) a link to the preferences page, then the postal address last, as in every footer.
 */
export const noticeFooterBlocks = (why: string, postalAddress: string, preferencesUrl?: string): Block[] => [
  small(why),
  ...(preferencesUrl
    ? [{ kind: "links", style: "inline", links: [{ label: "Your preferences and data", url: preferencesUrl }] } satisfies Block]
    : []),
  small(postalAddress),
];

export const planHeading = (week: number, lastWeek: number): Block =>
  h(week === lastWeek ? "Your week from here" : "Your plan for this week");

export const whyHeading = (): Block => h("Why it works");
