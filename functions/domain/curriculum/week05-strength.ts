import type { MoveDose } from "../plan/index.js";
import { isJointArea } from "../plan/index.js";
import type { SoreArea } from "../profile.js";
import type { Ctx } from "../personalise/index.js";
import { areaName, listOf } from "../personalise/index.js";
import type { Rich } from "./blocks.js";
import { doseText } from "./plan.js";
import type { WeekContent } from "./types.js";
import { b, claim, note, p, ul } from "./types.js";

/** This week's strength prescription, as the plan holds it (empty when a check-in dropped every move). */
export const strengthOf = (ctx: Ctx): readonly MoveDose[] => ctx.plan.sessions.find((x) => x.kind === "strength")?.doses ?? [];

/** Sore areas a move supports: "for" a muscle, "to support" a joint (a joint is never worked directly). */
const forWhat = (areas: readonly SoreArea[]): string => {
  if (areas.length === 0) return "";
  const joint = areas.every(isJointArea);
  return ` (${joint ? "to support" : "for"} your ${listOf(areas.map(areaName))})`;
};

const moveLine = (d: MoveDose): Rich => [b(d.name), `: ${d.how}, ${doseText(d).slice(d.name.length + 1)}${forWhat(d.forAreas)}.`];

/** "Your moves get harder": how this week's dose moves on from the weeks before. */
const progressLine = (ctx: Ctx, doses: readonly MoveDose[]): string => {
  const week5 = ctx.week === 5;
  if (doses.some((d) => d.progressed)) return " Some moves are now on one leg: the next step once two legs feel easy.";
  return week5 ? "" : " A little more than last time: the sets, reps and holds grow week by week.";
};

/** "your calves and the muscles that support your knees": muscles worked directly, joints supported. */
const startWith = (ctx: Ctx): string => {
  const muscles = ctx.soreAreas.filter((a) => !isJointArea(a)).map(areaName);
  const joints = ctx.soreAreas.filter(isJointArea).map(areaName);
  return [muscles.length > 0 ? `your ${listOf(muscles)}` : "", joints.length > 0 ? `the muscles that support your ${listOf(joints)}` : ""]
    .filter(Boolean)
    .join(" and ");
};

/** The week's moves with their doses, or why there are none this week. */
const strengthPlan = (ctx: Ctx) => {
  const doses = strengthOf(ctx);
  if (doses.length === 0) {
    return [
      note(
        p("No strength work this week while your legs recover: every move on the list would work the sore area. It comes back next week."),
      ),
    ];
  }
  const sets = doses[0]?.sets ?? 2;
  return [
    claim(
      ["practice"],
      p([
        "Your moves, ",
        b("twice this week"),
        ` (the days are in your plan below): ${sets} sets of each, slow and controlled.`,
        ctx.gentle ? " That's the low end on purpose: you build from there, week by week." : " They build week by week.",
      ]),
      ul(...doses.map(moveLine)),
      p("Nothing should hurt. If a move does, leave it out this week."),
    ),
  ];
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
              `It also corrects imbalances: a weak link in the chain can make particular muscles especially sore. That's why your moves start with ${startWith(ctx)}.`,
            ),
          ),
        ]
      : []),
    ...strengthPlan(ctx),
  ],
  whyItWorks: () => [
    claim(
      ["article"],
      p(
        "The mechanism is load tolerance. Stronger muscles and connective tissue and steadier joints raise the load your legs tolerate, so a harder or longer run leaves less inflammation and soreness behind. It matters because most running injuries come from overuse, and the tissues adapt at different speeds: muscles adapt fast, but tendons and ligaments take much longer.",
      ),
    ),
  ],
  habit: (ctx) => {
    const doses = strengthOf(ctx);
    return {
      row: {
        label: "Strength",
        detail:
          doses.length === 0
            ? "A week off while your legs recover; it comes back next week."
            : `Twice a week, on the days above: ${doses.map((d) => doseText(d).replace(d.name, d.name.toLowerCase())).join(", ")}.${progressLine(ctx, doses)}`,
      },
      sources: ["practice"],
    };
  },
};
