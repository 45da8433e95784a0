import type { WeekContent } from "./types.js";
import { b, callout, claim, p } from "./types.js";
import { redFlagsFull } from "./shared.js";

/** Week 1: what soreness is, so every later week has something to build on, and when it isn't just DOMS. */
export const week01: WeekContent = {
  week: 1,
  topic: "Why your legs get sore",
  preheader: () => "That ache a day or two after a run has a name and a purpose. Here's what it means, and when to take it seriously.",
  lesson: (ctx) => [
    claim(
      ["article"],
      p(
        "Every time your foot lands and pushes off, your leg muscles absorb the force and then produce force of their own. That strain leaves tiny tears in the muscle fibres, and your body answers with some local inflammation.",
      ),
    ),
    claim(
      ["article"],
      p(
        "The soreness that peaks a day or two after a run has a name: delayed onset muscle soreness, or DOMS. The muscle feels tender to the touch, and uncomfortable when you use it or stretch it.",
      ),
    ),
    claim(
      ["article"],
      p(
        "Then the repair starts. Your body rebuilds the damaged fibres through muscle protein synthesis, and they come back thicker and more numerous. That's how a muscle ends up stronger.",
      ),
    ),
    ...(ctx.gentle
      ? [
          claim(
            ["article"],
            ctx.level === "new"
              ? callout(
                  "note",
                  "New to running? Expect some DOMS",
                  "It's expected when you're new to running, and after any session that's harder than usual, like hill sprints. It doesn't mean you've done something wrong.",
                )
              : callout(
                  "note",
                  "Coming back? DOMS is normal",
                  "DOMS is expected after a session that's harder than your legs are used to, like hill sprints. It doesn't mean you've done something wrong.",
                ),
          ),
        ]
      : []),
    claim(
      ["nosaka-2002", "article"],
      p([
        "Here's something worth knowing: ",
        b("how sore you feel doesn't track how much muscle damage there is"),
        ". So treat soreness as a signal, not a score for how good the session was. Some soreness after long runs and hard sessions is normal. Most runs should leave very little.",
      ]),
    ),
  ],
  whyItWorks: () => [
    claim(
      ["nosaka-2002"],
      p(
        "Nosaka, Newton and Sacco (2002) caused muscle damage with eccentric exercise and compared how much damage there was with how sore people felt. The soreness didn't reflect the size of the damage. That's the evidence behind reading soreness as a signal: a very sore day isn't proof of a great session.",
      ),
    ),
  ],
  habit: (ctx) => ({
    row: {
      label: "Next-day check",
      detail: `The morning after each ${ctx.split.runs === 0 ? "session" : "run"}, score your legs from 0 to 10 and note where they're sore. When this email comes, send us the worst of the week: that's your check-in.`,
    },
    sources: [],
  }),
  safety: redFlagsFull,
};
