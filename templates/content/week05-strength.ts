import type { Ctx } from "../../functions/domain/render/personalise.js";
import { areaName, listOf } from "../../functions/domain/render/personalise.js";
import type { Rich } from "../../functions/domain/render/blocks.js";
import type { WeekContent } from "./types.js";
import { b, claim, p, ul } from "./types.js";

const moveLine = (ctx: Ctx, index: number): Rich => {
  const move = ctx.moves[index];
  if (!move) return "";
  const forWhat = move.forAreas.length > 0 ? ` (for your ${listOf(move.forAreas.map(areaName))})` : "";
  const hold = move.hold ? `, and hold for a slow count of ${ctx.dose.reps}` : "";
  return [b(move.name), `: ${move.how}${hold}${forWhat}.`];
};

/** Week 5: strength needs new sessions, so it comes once easy running and the warm-up habit are in place. */
export const week05: WeekContent = {
  week: 5,
  topic: "Strength work for runners",
  preheader: () => "Two short sessions a week make your legs more robust. Here are your moves.",
  lesson: (ctx) => [
    claim(
      ["article", "yale-running-injuries"],
      p([
        "Skipping strength work is the third training mistake on our list, and it matters: about ",
        b("half of regular runners get injured each year"),
        ". Resistance training strengthens muscles and connective tissue and steadies your joints. That lowers the risk of injuries such as stress fractures, runner's knee, shin splints and Achilles tendinitis.",
      ]),
    ),
    claim(
      ["article"],
      p(
        "It helps with soreness too. As your body adapts, it tolerates more load, so harder or longer runs cause less inflammation and soreness.",
      ),
    ),
    ...(ctx.soreAreas.length > 0
      ? [
          claim(
            ["article"],
            p(
              `It also corrects imbalances: a weak link in the chain can make particular muscles especially sore. That's why your moves start with your ${ctx.soreList}.`,
            ),
          ),
        ]
      : []),
    claim(
      ["practice"],
      p([
        "Your moves, ",
        b("twice this week"),
        `: ${ctx.dose.sets} sets of ${ctx.dose.reps} of each, slow and controlled.`,
        ctx.gentle ? " That's the low end on purpose: you can build from there." : "",
      ]),
      ul(...ctx.moves.map((_, i) => moveLine(ctx, i))),
      p("Nothing should hurt. If a move does, leave it out this week."),
    ),
  ],
  whyItWorks: () => [
    claim(
      ["article"],
      p(
        "The mechanism is load tolerance. Stronger muscles and connective tissue and steadier joints raise the load your legs tolerate, so a harder or longer run leaves less inflammation and soreness behind. It matters because most running injuries come from overuse, and the tissues adapt at different speeds: muscles adapt fast, but tendons and ligaments take much longer.",
      ),
    ),
  ],
  habit: (ctx) => ({
    row: {
      label: "Strength",
      detail: `Twice a week, ${ctx.dose.sets} sets of ${ctx.dose.reps}${ctx.moves.some((m) => m.hold) ? ` (holds: a slow count of ${ctx.dose.reps})` : ""}: ${listOf(ctx.moves.map((m) => m.name.toLowerCase()))}.`,
    },
    sources: ["practice"],
  }),
};
