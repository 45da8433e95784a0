/** The weekly email: one lesson, a plan that fits this runner, the check-in and the footer. */
import { WEEKS } from "../curriculum/index.js";
import { checkinBlocks, footerBlocks, goalFraming, greeting, planHeading, redFlagsShort, whyHeading } from "../curriculum/shared.js";
import { adaptedLead, adaptedPlanRows, easyWeekFraming } from "../curriculum/adapt.js";
import { jointChecks } from "../curriculum/joints.js";
import { weekTable } from "../curriculum/plan.js";
import type { Section, SourceKey } from "../curriculum/types.js";
import { claim, note, p } from "../curriculum/types.js";
import type { CheckinSummary } from "../adapt.js";
import { adapt } from "../adapt.js";
import type { Profile } from "../profile.js";
import { adaptedContext, trendSection } from "./adapted.js";
import type { Block, LinkItem, PlanRow } from "./blocks.js";
import type { Composed, RenderedEmail } from "./compose.js";
import { renderComposed } from "./compose.js";
import { WEEKLY } from "./layout.js";
import type { Ctx } from "../personalise/index.js";
import { contextFor } from "../personalise/index.js";
import { PROGRAMME_WEEKS } from "./programme.js";

export interface Footer {
  unsubscribeUrl: string;
  preferencesUrl: string;
  postalAddress: string;
}

/** A score link for the check-in card, e.g. { label: "3–5", url: "https://…/checkin?token=…&score=4" }. */
export interface CheckinLink {
  label: string;
  url: string;
}

export interface WeekInput {
  profile: Profile;
  week: number;
  footer: Footer;
  checkinLinks?: CheckinLink[];
  /** An adaptive note shown first, e.g. "Last week you said calves 7/10, so…". */
  lead?: Block[];
  /**
   * The runner's check-ins, oldest first. When the latest answered last week's email (see adapt()),
   * the email leads with what we heard and what changed, shows the soreness trend, and adapts the
   * plan. Without them (or with nothing to adapt to) the email is the standard one.
   */
  checkins?: readonly CheckinSummary[];
}

/**
 * The plan: this week day by day (exactly the plan's sessions), then what the check-in added and
 * every habit introduced so far (this week's marked new).
 */
const planSections = (ctx: Ctx): Section[] => {
  const sources = new Set<SourceKey>(["practice"]);
  const rows: PlanRow[] = [];
  if (ctx.adapted) {
    const adapted = adaptedPlanRows(ctx);
    adapted.sources.forEach((s) => sources.add(s));
    rows.push(...adapted.rows);
  }
  for (const content of WEEKS.slice(0, ctx.week)) {
    const habit = content.habit(ctx);
    if (!habit) continue;
    habit.sources.forEach((s) => sources.add(s));
    rows.push({ ...habit.row, isNew: content.week === ctx.week });
  }
  return [weekTable(ctx), ...(rows.length > 0 ? [claim([...sources], { kind: "plan", rows })] : [])];
};

/**
 * Composes a weekly email without rendering it (tests read its sections and sources).
 * @throws RangeError for a week outside 1..PROGRAMME_WEEKS.
 */
export const composeWeek = (input: WeekInput): Composed => {
  const { profile, week, footer } = input;
  const content = Number.isInteger(week) ? WEEKS[week - 1] : undefined;
  if (!content || week < 1 || week > PROGRAMME_WEEKS) {
    throw new RangeError(`week must be a whole number from 1 to ${PROGRAMME_WEEKS}, got ${String(week)}`);
  }
  const adaptation = input.checkins ? adapt(input.checkins, { nextWeek: week }) : undefined;
  const ctx = adaptation ? adaptedContext(contextFor(profile, week), adaptation) : contextFor(profile, week);
  const lead = input.lead ?? [];
  const trend = adaptation && input.checkins ? trendSection(input.checkins, profile.timezone) : null;
  const sections: Section[] = [
    greeting(profile.name),
    ...adaptedLead(ctx),
    ...(trend ? [trend] : []),
    ...(lead.length > 0 ? [note(...lead)] : []),
    ...content.lesson(ctx),
    // Week 1 meets the sore areas from signup: a joint or bone area gets its check from the start.
    ...(week === 1 && !ctx.adapted ? [jointChecks(ctx.soreAreas)].filter((x): x is Section => x !== null) : []),
    ...(ctx.dense ? [note(whyHeading()), ...content.whyItWorks(ctx)] : []),
    note(planHeading(week, PROGRAMME_WEEKS)),
    ctx.adapted?.easyOnly && ctx.split.runs > 0 ? easyWeekFraming(ctx) : goalFraming(ctx),
    ...planSections(ctx),
    (content.safety ?? redFlagsShort)(ctx),
    note(p(content.signOff ?? "See you next week,\nLegwork")),
  ];
  const links: LinkItem[] = (input.checkinLinks ?? []).map((l) => ({ label: l.label, url: l.url }));
  return {
    subject: `Week ${week} of ${PROGRAMME_WEEKS}: ${content.topic}`,
    kicker: `Week ${week} of ${PROGRAMME_WEEKS}`,
    heading: content.topic,
    preheader: content.preheader(ctx),
    sections,
    checkin: checkinBlocks(links, week === PROGRAMME_WEEKS),
    footer: footerBlocks(footer),
    showSources: true,
  };
};

/**
 * Renders one weekly email for one runner: escaped substitution into the precompiled layout.
 * @example renderWeek({ profile, week: 1, footer }).subject // "Week 1 of 10: Why your legs get sore"
 * @throws RangeError for a week outside 1..PROGRAMME_WEEKS.
 */
export const renderWeek = (input: WeekInput): RenderedEmail => renderComposed(WEEKLY, composeWeek(input));
