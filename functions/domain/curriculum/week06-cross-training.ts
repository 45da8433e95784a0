import type { WeekContent } from "./types.js";
import { b, claim, note, p } from "./types.js";

/** Week 6: the first recovery technique, and the safety valve for sore days in the plan built so far. */
export const week06: WeekContent = {
  week: 6,
  topic: "Cross-training as active recovery",
  preheader: () => "An easy ride, swim or walk on a rest day can leave your legs feeling better than before.",
  lesson: (ctx) => [
    claim(
      ["article"],
      p("Most running injuries come from overuse. Your muscles adapt quickly, but tendons and ligaments take much longer to catch up."),
    ),
    claim(
      ["article"],
      p(
        "That's where active rest comes in. Light cycling or walking on rest days increases blood flow and helps recovery. Legs often feel better after an easy walk than before it.",
      ),
    ),
    claim(
      ["article"],
      p(["The flip side: ", b("running on sore legs again and again invites injury"), ". On a sore day, swap the run for something easy."]),
    ),
    claim(
      ["practice"],
      p(
        `Good options: easy cycling, swimming, pool running, walking or the elliptical, for about ${ctx.dose.crossMin} minutes at a conversational effort.`,
      ),
    ),
    ...(ctx.split.runs === 0 ? [note(p("You're already doing this: every session in your plan counts as active recovery."))] : []),
  ],
  whyItWorks: () => [
    claim(
      ["article"],
      p(
        "Overuse is a story about the slow adapters. Muscles get fitter quickly, but tendons and ligaments lag behind. Active rest adds blood flow and recovery without adding more running on tissue that's still catching up.",
      ),
    ),
  ],
  habit: (ctx) => ({
    row: {
      label: "Active recovery",
      detail:
        ctx.split.runs === 0
          ? "Your sessions above are your active recovery. Keep them conversational."
          : `One easy ride, swim or walk of about ${ctx.dose.crossMin} minutes on a rest day, and in place of a run whenever your legs are sore.`,
    },
    sources: ["practice", "article"],
  }),
};
