/**
 * Emails that adapt to check-ins: the adapted context of a weekly email (sore areas from the
 * check-in steer the picks), the soreness trend chart, and the recovery-week email.
 */
import { trendChart } from "../curriculum/adapt.js";
import { recoveryWeekCopy } from "../curriculum/recovery-week.js";
import { WEEKS } from "../curriculum/index.js";
import { checkinBlocks, footerBlocks } from "../curriculum/shared.js";
import type { Section } from "../curriculum/types.js";
import type { Adaptation, CheckinSummary } from "../adapt.js";
import { adapt, checkinHistory, heardOf } from "../adapt.js";
import { adaptPlanWeek } from "../plan/index.js";
import type { SoreArea } from "../profile.js";
import { SORE_AREAS } from "../profile.js";
import { shortDate, wallClockAt } from "../wall-clock.js";
import type { ChartBar } from "./blocks.js";
import type { Composed, RenderedEmail } from "./compose.js";
import { renderComposed } from "./compose.js";
import { WEEKLY } from "./layout.js";
import type { Ctx, PickedMove } from "../personalise/index.js";
import { areaName, contextFor, listOf, pickMoves } from "../personalise/index.js";
import { PROGRAMME_WEEKS } from "./programme.js";
import type { WeekInput } from "./week.js";

/** How many check-ins the trend chart shows at most. */
export const TREND_BARS = 6;

/**
 * The context of an adapted week: the check-in's sore areas come first in the strength picks and
 * join the profile's sore areas for stretches and foam rolling.
 * @example adaptedContext(contextFor(profile, 5), adaptation).moves[0].forAreas // ["calves"] after "calves 7/10"
 */
export const adaptedContext = (ctx: Ctx, adaptation: Adaptation): Ctx => {
  const focus = SORE_AREAS.filter((a) => adaptation.focusAreas.includes(a));
  const rest = ctx.soreAreas.filter((a) => !focus.includes(a));
  const soreAreas: SoreArea[] = [...focus, ...rest];
  const count = ctx.dose.moveCount;
  const first = pickMoves(focus, count).filter((m) => m.forAreas.length > 0);
  const moves: PickedMove[] = [...first];
  for (const move of pickMoves(
    SORE_AREAS.filter((a) => soreAreas.includes(a)),
    count,
  )) {
    if (moves.length < count && !moves.some((m) => m.name === move.name)) moves.push(move);
  }
  const adapted = { ...adaptation, focusAreas: focus };
  const plan = adaptPlanWeek(ctx.plan, adapted, ctx.level);
  return { ...ctx, soreAreas, soreList: listOf(soreAreas.map(areaName)), moves, adapted, plan };
};

/**
 * The last {@link TREND_BARS} scored check-ins (corrections collapsed), labelled with their local
 * date, oldest first.
 * @throws RangeError when the time zone is unknown or an `at` is not an ISO instant.
 */
export const trendBars = (checkins: readonly CheckinSummary[], timezone: string): ChartBar[] =>
  checkinHistory(checkins)
    .filter((c): c is CheckinSummary & { soreness: number } => c.soreness !== null)
    .slice(-TREND_BARS)
    .map((c) => {
      // checkinHistory has already refused any `at` that is not an ISO instant: only the zone can fail here.
      const local = wallClockAt(c.at, timezone);
      if (!local) throw new RangeError(`time zone must be valid: ${timezone}`);
      return { label: shortDate(local), score: c.soreness };
    });

/** The trend chart section, or null when fewer than two scores make no trend. */
export const trendSection = (checkins: readonly CheckinSummary[], timezone: string): Section | null => {
  const bars = trendBars(checkins, timezone);
  return bars.length >= 2 ? trendChart(bars) : null;
};

export type RecoveryWeekInput = Omit<WeekInput, "week"> & {
  /** The lesson week held back: the recovery email goes out instead of it, and it follows the week after. */
  week: number;
};

/**
 * Composes the recovery-week email without rendering it.
 * @throws RangeError for a week outside 1..PROGRAMME_WEEKS.
 */
export const composeRecoveryWeek = (input: RecoveryWeekInput): Composed => {
  const { profile, week, footer } = input;
  const content = Number.isInteger(week) ? WEEKS[week - 1] : undefined;
  if (!content || week < 1 || week > PROGRAMME_WEEKS) {
    throw new RangeError(`week must be a whole number from 1 to ${PROGRAMME_WEEKS}, got ${String(week)}`);
  }
  const checkins = input.checkins ?? [];
  const history = checkinHistory(checkins).filter((c) => c.soreness !== null);
  const latest = adapt(checkins);
  const adaptation: Adaptation = {
    mode: "recoveryWeek",
    heard: latest?.heard ?? "",
    focusAreas: latest?.focusAreas ?? [],
    easyOnly: true,
    swapRunForCrossTraining: true,
    soreness: latest?.soreness ?? null,
    redFlags: [],
  };
  const ctx = adaptedContext(contextFor(profile, week), adaptation);
  const copy = recoveryWeekCopy(ctx, {
    week,
    topic: content.topic,
    heard: history.length >= 2 ? history.slice(-2).map(heardOf) : [],
    chart: trendSection(checkins, profile.timezone),
  });
  return {
    ...copy,
    checkin: checkinBlocks(
      (input.checkinLinks ?? []).map((l) => ({ label: l.label, url: l.url })),
      false,
    ),
    footer: footerBlocks(footer),
    showSources: true,
  };
};

/**
 * The recovery-week email: sent instead of the next lesson after two high check-ins in a row
 * (needsRecoveryWeek). Easy-only running with one run swapped for cross-training, sleep and foam
 * rolling; the held lesson follows the week after. Weekly layout: check-in card and list footer.
 * @example renderRecoveryWeek({ profile, week: 5, footer, checkins }).subject // "Recovery week: let your legs catch up"
 * @throws RangeError for a week outside 1..PROGRAMME_WEEKS.
 */
export const renderRecoveryWeek = (input: RecoveryWeekInput): RenderedEmail => renderComposed(WEEKLY, composeRecoveryWeek(input));
