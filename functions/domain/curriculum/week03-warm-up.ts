import { warmUpDrills } from "../personalise/index.js";
import type { Ctx } from "../personalise/index.js";
import type { WeekContent } from "./types.js";
import { claim, p, ul } from "./types.js";

const drills = (ctx: Ctx): readonly string[] => warmUpDrills(ctx.level);

/** Week 3: the cheapest fix of the three training mistakes, five to ten minutes before each run. */
export const week03: WeekContent = {
  week: 3,
  topic: "A dynamic warm-up",
  preheader: (ctx) => `${ctx.dose.warmUpMin} minutes of moving stretches gets your ankles, knees and hips ready to run.`,
  lesson: (ctx) => [
    claim(["article"], p("Skipping the warm-up is one of three training mistakes that make soreness worse. The fix takes minutes.")),
    claim(
      ["article"],
      p(
        "A dynamic warm-up uses moving stretches, like leg swings, walking lunges and high knees. They prepare your ankles, knees and hips better than the long static stretches of old.",
      ),
    ),
    claim(
      ["article"],
      p("Starting the run itself very slowly counts too. On a rushed day, a very slow first few minutes is your warm-up."),
    ),
    claim(
      ["practice"],
      p(`Your warm-up: a few minutes of very easy jogging or brisk walking, then about ${ctx.dose.warmUpMin} minutes of these:`),
      ul(...drills(ctx).map((d) => d.charAt(0).toUpperCase() + d.slice(1))),
      p("Keep every movement smooth and small enough that nothing hurts."),
    ),
  ],
  whyItWorks: () => [
    claim(
      ["article"],
      p(
        "The old habit was to hold long static stretches before running. Moving stretches prepare the joints you're about to use, your ankles, knees and hips, better. Static stretches belong after the run, where they help flexibility and ease tightness. That's next week.",
      ),
    ),
  ],
  habit: (ctx) => ({
    row: {
      label: ctx.split.runs === 0 ? "Before each session" : "Before each run",
      detail: `A few minutes of very easy jogging or brisk walking, then about ${ctx.dose.warmUpMin} minutes of drills: ${drills(ctx).join(", ")}.`,
    },
    sources: ["practice"],
  }),
};
