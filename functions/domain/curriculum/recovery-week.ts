/**
 * The recovery-week email (rules: functions/domain/adapt.ts, functions/domain/plan/adapt.ts): sent
 * instead of the next lesson after two high check-ins in a row. It shows the held lesson's week as
 * the plan cuts it (at most 70 %), asks whether the soreness has lasted more than 3 days, and names
 * the lesson it holds back: the one after the last lesson sent.
 */
import { RECOVERY_THRESHOLD } from "../adapt.js";
import type { PlanRow } from "./blocks.js";
import type { Ctx } from "../personalise/index.js";
import { areaName, listOf, rollPlan } from "../personalise/index.js";
import { jointChecks, persistentQuestion } from "./joints.js";
import type { NoticeCopy } from "./notices.js";
import { weekTable } from "./plan.js";
import { greeting, redFlagsShort } from "./shared.js";
import type { Section } from "./types.js";
import { claim, h, note, p } from "./types.js";

export interface RecoveryFacts {
  /** The held lesson: its week and topic. */
  readonly week: number;
  readonly topic: string;
  /** The two high check-ins as heard ("calves 7/10"), oldest first; empty when unknown. */
  readonly heard: readonly string[];
  /** The soreness trend, or null when there are fewer than two scores to show. */
  readonly chart: Section | null;
}

/** The recovery-week email, sent instead of the next lesson after two high check-ins in a row. */
export const recoveryWeekCopy = (ctx: Ctx, facts: RecoveryFacts): NoticeCopy => {
  const [older, latest] = facts.heard;
  const heard =
    older && latest
      ? `Your last two check-ins were ${older}, then ${latest}.`
      : `Your last two check-ins were both ${RECOVERY_THRESHOLD} out of 10 or more.`;
  const { roll, fromSore, avoid } = rollPlan(ctx.adapted?.focusAreas ?? []);
  const rollWhat = fromSore ? `Your ${listOf(roll.map(areaName))}` : `Any sore spot in your ${listOf(roll.map(areaName), "or")}`;
  const keepOff = avoid.length > 0 ? ` Keep the roller off your ${listOf(avoid.map(areaName))}.` : "";
  const checks = jointChecks(ctx.adapted?.focusAreas ?? []);
  const planRows: PlanRow[] = [
    { label: "Sleep", detail: "7 to 9 hours a night. Most of your recovery happens while you sleep." },
    {
      label: "Foam roller",
      detail: `${rollWhat}, slowly, about ${ctx.dose.rollSec} seconds on each.${keepOff} Never over a bone, a joint or a fresh injury.`,
    },
  ];
  return {
    subject: "Recovery week: let your legs catch up",
    kicker: "Recovery week",
    heading: "Let your legs catch up",
    preheader: "Two sore check-ins in a row, so this week is easy: less running, more recovery. Your next lesson follows next week.",
    sections: [
      greeting(ctx.profile.name),
      note(
        p(heard),
        p(
          `So we're holding back your next lesson, week ${facts.week} (\u201c${facts.topic}\u201d), until next week. This week is for recovery.`,
        ),
      ),
      claim(
        ["nosaka-2002", "article"],
        p(
          "Soreness is a signal, not a measure of a good session, and twice in a row it's a signal worth listening to. Muscles adapt quickly, but tendons and ligaments take much longer, and running on sore legs again and again invites injury.",
        ),
      ),
      claim(
        ["article"],
        p(
          "Recovery is part of training: your body adapts during rest, and most of all during sleep. Easy movement like light cycling or walking increases blood flow and helps recovery. Legs often feel better after an easy walk than before it.",
        ),
      ),
      ...(facts.chart ? [facts.chart] : []),
      note(h("Your recovery week")),
      weekTable(ctx),
      claim(["practice", "article", "medic-2017"], { kind: "plan", rows: planRows }),
      claim(
        ["article"],
        p(
          "If the soreness eases during the week, that's the recovery working. Stick with the plan rather than going straight back to harder running.",
        ),
      ),
      persistentQuestion(),
      ...(checks ? [checks] : []),
      redFlagsShort(),
      note(p("See you next week,\nLegwork")),
    ],
  };
};
