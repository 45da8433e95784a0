import type { Ctx } from "../personalise/index.js";
import { areaName, listOf, rollPlan } from "../personalise/index.js";
import type { WeekContent } from "./types.js";
import { b, claim, p } from "./types.js";

const rollList = (ctx: Ctx, conjunction: "and" | "or" = "and"): string => listOf(rollPlan(ctx.soreAreas).roll.map(areaName), conjunction);

/** Week 8: relief for sore days, after active rest so "feeling better" has somewhere safe to go. */
export const week08: WeekContent = {
  week: 8,
  topic: "Massage and foam rolling",
  preheader: () => "A foam roller can ease how sore your muscles feel. Here's how to use one safely.",
  lesson: (ctx) => {
    const { avoid, fromSore } = rollPlan(ctx.soreAreas);
    return [
      claim(
        ["article"],
        p(
          "Massage works on your neuromuscular system: it helps muscles relax and lowers how sore they feel. It doesn't heal damaged fibres directly. Think of it as relief, not repair.",
        ),
      ),
      claim(
        ["article"],
        p(
          "Timing is flexible. It works hours later, or the next day, just as well as straight after the run. And a foam roller is a good stand-in for a massage therapist.",
        ),
      ),
      claim(
        ["practice"],
        p(
          fromSore
            ? `How to roll: slowly, about ${ctx.dose.rollSec} seconds over each sore muscle. For you that means your ${rollList(ctx)}.`
            : `How to roll: slowly, about ${ctx.dose.rollSec} seconds over each muscle that feels sore. The big ones for runners are the ${rollList(ctx)}.`,
        ),
        p([b("Never roll directly over a bone or a joint, or over a fresh injury.")]),
        ...(avoid.length > 0
          ? [
              p(
                `So keep the roller off your ${listOf(avoid.map(areaName))}, even though ${avoid.length === 1 && avoid[0] === "lower-back" ? "it's" : "they're"} sore.`,
              ),
            ]
          : []),
      ),
      claim(
        ["article"],
        p(
          "One more thing: rolling makes a sore muscle feel better, but it doesn't repair it. So feeling better after rolling isn't the green light for a hard run: make the next session easy running, cross-training or rest.",
        ),
      ),
    ];
  },
  whyItWorks: () => [
    claim(
      ["article"],
      p(
        "Massage acts on the neuromuscular system. The relief is real, in how relaxed the muscle is and how sore it feels, but it doesn't repair the fibres. So feeling better after rolling isn't a sign you're ready for a hard run: cross-train or rest first.",
      ),
    ),
  ],
  habit: (ctx) => ({
    row: {
      label: "Foam roller",
      detail: `About ${ctx.dose.rollSec} seconds, slowly, over ${rollPlan(ctx.soreAreas).fromSore ? `your ${rollList(ctx)}` : `any sore spot in your ${rollList(ctx, "or")}`}, the evening after a long or hard run or the next day. Never over a bone, a joint or a fresh injury.`,
    },
    sources: ["practice", "article"],
  }),
};
