import { b, claim, p } from "./types.js";
import type { WeekContent } from "./types.js";

/**
 * Week 9: fluid and fuel. Drinking during a run (to thirst, never more than you sweat) is kept apart
 * from rehydrating after it; long runs get carbohydrate; key sessions get protein and carbohydrate
 * after. The imperial fluid figure is computed from litres (see fluidPerHour).
 */
export const week09: WeekContent = {
  week: 9,
  topic: "Drinking and eating around your runs",
  preheader: () => "What to drink during a long run, how to rehydrate after it, and how to fuel the long ones.",
  lesson: (ctx) => [
    claim(
      ["article"],
      p(
        "Running loses a lot of water, and dehydration brings dizziness, fatigue and poor performance. How you deal with that depends on when.",
      ),
    ),
    claim(
      ["acsm-2007-fluids", "article"],
      p([
        b("During runs over about an hour"),
        ", take small drinks when you're thirsty: thirst is a good guide for most runners. Never drink more than you sweat. On long, slow runs, over-drinking can dilute the salt in your blood (hyponatraemia), which is dangerous.",
      ]),
    ),
    claim(
      ["article", "acsm-2007-fluids"],
      p([
        b("After the run"),
        `, rehydrate. A common guide is about ${ctx.fluid} for each hour you ran, drunk over the next few hours rather than all at once, with a meal or snack that has some salt in it.`,
      ]),
    ),
    claim(
      ["acsm-2016-nutrition"],
      p([
        b("Fuel the long ones"),
        ": on runs of about an hour or more, take 30\u201360 g of carbohydrate an hour. A gel, a sports drink or a banana all work; try them in training, not for the first time on race day.",
      ]),
    ),
    claim(
      ["acsm-2016-nutrition", "article"],
      p([
        b("After key sessions"),
        " (long runs and hard sessions), eat a meal or snack with carbohydrate and about 20\u201325 g of protein. About 3 g of carbohydrate for each 1 g of protein is the common recommendation. There's no agreement that you must eat the moment you stop: what matters is a proper meal.",
      ]),
    ),
  ],
  whyItWorks: () => [
    claim(
      ["acsm-2007-fluids", "acsm-2016-nutrition"],
      p(
        "Two different jobs. During a long run the aim is to avoid a big loss of fluid without ever drinking more than you sweat, and to keep carbohydrate coming in so the last half-hour isn't a struggle. Afterwards the aim is to put back fluid and salt, and to give your muscles the carbohydrate and protein they repair with.",
      ),
    ),
  ],
  habit: (ctx) => ({
    row: {
      label: "Drink and eat",
      detail: `On runs over an hour: drink to thirst, never more than you sweat, and 30\u201360 g of carbohydrate an hour. After: about ${ctx.fluid} per hour you ran, over a few hours, with a salty snack or meal; after key sessions, carbohydrate and 20\u201325 g of protein.`,
    },
    sources: ["article", "acsm-2007-fluids", "acsm-2016-nutrition"],
  }),
};
