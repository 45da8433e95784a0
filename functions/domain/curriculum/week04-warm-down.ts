import type { Ctx } from "../personalise/index.js";
import { areaName, listOf, orderStretches } from "../personalise/index.js";
import type { WeekContent } from "./types.js";
import { b, claim, p, ul } from "./types.js";

const stretchNames = (ctx: Ctx): string[] => orderStretches(ctx.soreAreas).map((s) => s.name);

const capital = (name: string): string => name.charAt(0).toUpperCase() + name.slice(1);

/** One line for the sore areas with a stretch: "You said your hips are sore, so start with the hip flexors." */
const startHere = (ctx: Ctx) => {
  const sore = orderStretches(ctx.soreAreas)
    .filter((s) => s.sore)
    .map((s) => s.name);
  const areas = ctx.soreAreas.filter((a) => ["calves", "hamstrings", "quads", "hips"].includes(a)).map(areaName);
  if (sore.length === 0) return [];
  return [p(`You said your ${listOf(areas)} are sore, so start with the ${listOf(sore)} stretch${sore.length > 1 ? "es" : ""}.`)];
};

/** Week 4: the other half of the warm-up habit, and an honest word on what stretching does. */
export const week04: WeekContent = {
  week: 4,
  topic: "Warm-downs and stretching",
  preheader: (ctx) => `${ctx.dose.warmDownMin} easy minutes after a run, then a few gentle stretches for tight spots.`,
  lesson: (ctx) => [
    claim(
      ["article"],
      p(
        "Last week was about starting gently. This week is about stopping gently. A warm-down brings your heart rate down gradually, and 5 to 10 minutes of easy running or walking is enough.",
      ),
    ),
    claim(
      ["article"],
      p([
        "Then stretch. A post-run stretching routine helps flexibility and mobility and eases tightness. To be straight with you: ",
        b("it doesn't necessarily reduce soreness"),
        ". Do it to move well, not as a cure for DOMS.",
      ]),
    ),
    claim(
      ["practice"],
      p(
        `Your routine: ${ctx.dose.warmDownMin} minutes of easy jogging or walking, then a gentle static stretch for each of these, ${ctx.dose.stretchSec} seconds each:`,
      ),
      ...startHere(ctx),
      ul(...orderStretches(ctx.soreAreas).map((s) => (s.sore ? [b(capital(s.name))] : capital(s.name)))),
      p("Ease into mild tension and hold it. A stretch should never hurt."),
    ),
  ],
  whyItWorks: () => [
    claim(
      ["article"],
      p(
        "The two halves do different jobs. The warm-down is for your heart rate: easing it down instead of stopping dead. The stretches are for flexibility, mobility and tightness. Knowing that stretching doesn't necessarily reduce soreness keeps expectations honest: if you're still sore the next day, that's DOMS, not a stretch done wrong.",
      ),
    ),
  ],
  habit: (ctx) => ({
    row: {
      label: ctx.split.runs === 0 ? "After each session" : "After each run",
      detail: `${ctx.dose.warmDownMin} minutes of easy jogging or walking, then ${ctx.dose.stretchSec} seconds each for your ${listOf(stretchNames(ctx))}.`,
    },
    sources: ["practice", "article"],
  }),
};
