import type { WeekContent } from "./types.js";
import { b, claim, note, p } from "./types.js";

/** Week 7: the recovery technique that costs no time in the training week, only at night. */
export const week07: WeekContent = {
  week: 7,
  topic: "Sleep, where recovery happens",
  preheader: () => "Most of your adaptation happens while you sleep. Here's why 7 to 9 hours is part of training.",
  lesson: (ctx) => [
    claim(
      ["article"],
      p(
        "Training is the work, but the adaptation happens during rest, and most of it during sleep. Deep sleep releases growth hormone, which drives tissue repair.",
      ),
    ),
    claim(["article", "medic-2017"], p(["So aim for ", b("7 to 9 hours a night"), "."])),
    claim(
      ["medic-2017", "article"],
      p(
        "It matters beyond running too. Chronic poor sleep raises the risk of diabetes, obesity and cardiovascular disease, and the risk of injury.",
      ),
    ),
    note(
      p(
        ctx.split.runs === 0
          ? "No need to overhaul anything. This week, just notice how many hours you get on the nights before and after your busiest days."
          : "No need to overhaul anything. This week, just notice how many hours you get on the night before a run, and on the night after.",
      ),
    ),
  ],
  whyItWorks: () => [
    claim(
      ["medic-2017", "article"],
      p(
        "Medic, Wille and Hemels (2017) reviewed the short- and long-term health consequences of disrupted sleep, and the long-term list includes diabetes, obesity and cardiovascular disease. For a runner, that makes sleep part of training: the session sets up the repair, and most of the repair happens at night.",
      ),
    ),
  ],
  // The row stays in every later plan, so it holds only what the sources say: the hours, and why.
  habit: () => ({
    row: {
      label: "Sleep",
      detail: "Aim for 7 to 9 hours a night. Most of your adaptation happens while you sleep.",
    },
    sources: ["article", "medic-2017"],
  }),
};
