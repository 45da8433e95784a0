import type { WeekContent } from "./types.js";
import { b, claim, p } from "./types.js";

/** Week 9: fuel and fluid, with the imperial figure computed from litres (see fluidPerHour). */
export const week09: WeekContent = {
  week: 9,
  topic: "Drinking and eating after a run",
  preheader: (ctx) => `How much to drink and what to eat after a run, starting with about ${ctx.fluid} an hour.`,
  lesson: (ctx) => [
    claim(
      ["article"],
      p("Running loses a lot of water, and dehydration brings dizziness, fatigue and poor performance. So drink after the run."),
    ),
    claim(["article"], p(["Aim for about ", b(`${ctx.fluid} per hour of running`), ", and drink whenever you feel thirsty."])),
    claim(
      ["article"],
      p([
        "Then eat. Replace carbohydrate and protein: about ",
        b("3 g of carbohydrate for each 1 g of protein"),
        " (a 3:1 ratio) is the common recommendation.",
      ]),
    ),
    claim(
      ["article"],
      p("Do you have to eat the moment you stop? There's no agreement on that. What matters is that you do get a proper meal."),
    ),
  ],
  whyItWorks: () => [
    claim(
      ["article"],
      p(
        "A run takes water out, and dehydration shows up as dizziness, fatigue and poor performance, which is why the drink comes first. Carbohydrate and protein are what the meal replaces, and 3:1 is the usual recommendation for the mix. There's no agreement on when to eat, so don't stress about the clock: just get the meal.",
      ),
    ),
  ],
  habit: (ctx) => ({
    row: {
      label: "Drink and eat",
      detail: `About ${ctx.fluid} per hour of running, plus whenever you're thirsty. Then a proper meal with carbohydrate and protein, about 3:1.`,
    },
    sources: ["article"],
  }),
};
