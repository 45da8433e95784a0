import type { Ctx } from "../personalise/index.js";
import { plural } from "../personalise/index.js";
import type { Section, WeekContent } from "./types.js";
import { b, claim, note, p } from "./types.js";

/** How the runner's own week splits, in words (the counts come from runSplit). */
const yourSplit = (ctx: Ctx): Section => {
  const { runs, easy, hard } = ctx.split;
  if (runs === 0) {
    return note(
      p("You're not running at the moment, so there's nothing to split yet. Keep your walks, rides and swims at a talking pace."),
    );
  }
  if (runs <= 2) {
    return claim(
      ["seiler-2010"],
      p(
        `With ${plural(runs, "run")} a week, keep ${runs === 1 ? "it" : "both"} easy. One hard run would be ${runs === 1 ? "all" : "half"} of your running, far more than one session in five.`,
      ),
    );
  }
  if (hard === 0) {
    return note(
      p(`With ${runs} runs a week, keep all of them easy while you're ${ctx.level === "new" ? "new to running" : "getting back into it"}.`),
    );
  }
  if (ctx.adapted?.easyOnly) {
    return claim(
      ["seiler-2010", "practice"],
      p([
        `With ${runs} runs a week, that's normally `,
        b(`${easy} easy and ${hard} hard`),
        ". This week, while your legs recover, every run is easy. The plan below counts them out for you.",
      ]),
    );
  }
  return claim(
    ["seiler-2010", "practice"],
    p([`With ${runs} runs a week, that's `, b(`${easy} easy and ${hard} hard`), `. The plan below counts them out for you.`]),
  );
};

/** Week 2: the biggest lever on soreness is how hard the ordinary runs are, so it comes first. */
export const week02: WeekContent = {
  week: 2,
  topic: "Keep most of your runs easy",
  preheader: () => "Runners who stay healthy do most of their running slowly. Here's what that looks like in your week.",
  lesson: (ctx) => [
    claim(
      ["article"],
      p(
        "The first of three training mistakes that make soreness worse is too little easy running. Running too fast or too often means too much muscle stress, more soreness, and possibly overtraining.",
      ),
    ),
    claim(
      ["seiler-2010"],
      p([
        "Successful endurance athletes do ",
        b("about 80% of their sessions at low intensity and about 20% hard"),
        ". That's the 80/20 rule.",
      ]),
    ),
    claim(
      ["practice", "article"],
      p(
        "Easy means you can talk in full sentences, about 3 to 4 on a 0 to 10 effort scale. Judge it by feel (your rate of perceived exertion) or with a heart rate monitor: both adjust to how your body is on the day. Hard sessions are intervals, hills and tempo runs.",
      ),
    ),
    yourSplit(ctx),
    ...(ctx.gentle && ctx.split.runs > 0
      ? [
          claim(
            ["article"],
            p(
              `If a run leaves you sore for a day or two, that's expected ${ctx.level === "new" ? "while you're new to running" : "after a run that's harder than your legs are used to"}.${ctx.split.hard > 0 ? " Make the next run an easy one." : ""}`,
            ),
          ),
        ]
      : []),
  ],
  whyItWorks: () => [
    claim(
      ["seiler-2010"],
      p(
        "Seiler (2010) reviewed how successful endurance athletes spread their training. The common pattern: about four sessions in five at low intensity and one in five hard. Counting sessions makes it simple to plan: look at your week and count.",
      ),
    ),
  ],
  habit: () => null,
};
