import type { WeekContent } from "./types.js";
import { b, claim, note, p, ul } from "./types.js";

/** Week 10: the whole routine in one place, so the runner leaves with a list rather than ten emails. */
export const week10: WeekContent = {
  week: 10,
  topic: "What to keep doing",
  preheader: () => "The last email of your programme: the habits worth keeping, all in one list.",
  lesson: (ctx) => [
    note(
      p(
        "This is the last email in your programme. Over ten weeks you've built a routine one habit at a time. Here's what's worth keeping:",
      ),
    ),
    claim(
      ["seiler-2010", "article", "practice", "medic-2017", "yale-running-injuries"],
      ul(
        [b("Mostly easy."), " About 80% of your sessions at a talking pace, 20% hard."],
        [b("Warm up and warm down."), " Moving stretches before, 5 to 10 easy minutes and gentle stretches after."],
        [
          b("Strength twice a week."),
          " About half of regular runners get injured each year; strength work lowers the risk and raises how much load your legs tolerate.",
        ],
        [b("Active rest."), " An easy ride, swim or walk instead of running on sore legs."],
        [b("Sleep 7 to 9 hours."), " Most of your adaptation happens there."],
        [b("Roll when sore,"), " never over a bone or a joint."],
        [b("Drink and eat."), ` About ${ctx.fluid} per hour of running, then a proper meal with carbohydrate and protein.`],
      ),
    ),
    claim(
      ["nosaka-2002", "article"],
      p(
        "And keep reading soreness for what it is: a signal, not a score. Some after long runs and hard sessions is normal. Most runs should leave very little.",
      ),
    ),
  ],
  whyItWorks: () => [
    claim(
      ["article"],
      p(
        "The list covers the three training mistakes that make soreness worse (too little easy running, no warm-up or warm-down, no strength work) and the four recovery techniques (active rest, sleep, massage, food and drink). The first three keep muscle stress in check during the week; the last four help you recover from it.",
      ),
    ),
  ],
  habit: () => null,
  signOff: "Thank you for running with Legwork. Look after those legs.",
};
