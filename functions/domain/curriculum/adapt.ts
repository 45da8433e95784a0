/**
 * Copy for emails that adapt to a check-in (rules: functions/domain/adapt.ts): the lead of an
 * adapted weekly email, the plan rows that change, and the recovery-week email.
 */
import type { Adaptation } from "../adapt.js";
import type { PlanRow, Rich } from "./blocks.js";
import type { Ctx } from "../personalise/index.js";
import { areaName, listOf, orderStretches, pickMoves, rollPlan } from "../personalise/index.js";
import { crossOptions, JOINT_HARD_LIMIT, runTime } from "../plan/index.js";
import { STRENGTH_FROM_WEEK } from "../plan/strength.js";
import { jointAreas, jointChecks, persistentQuestion } from "./joints.js";
import { joinPhrases, raceIntro, redFlagWords } from "./shared.js";
import type { Section, SourceKey } from "./types.js";
import { b, callout, claim, note, p } from "./types.js";

const TALK = "at a pace where you can talk in full sentences";

const areasOf = (ctx: Ctx): string => listOf((ctx.adapted?.focusAreas ?? []).map(areaName));
const afterEach = (ctx: Ctx): string => (ctx.split.runs === 0 ? "session" : "run");

/** Runs left this week once the adaptation has swapped one for cross-training. */
export const adaptedRuns = (ctx: Ctx): number =>
  ctx.adapted?.swapRunForCrossTraining && ctx.split.runs > 0 ? ctx.split.runs - 1 : ctx.split.runs;

/** What the runner told us, as the lead's opening words. */
const heardLine = (a: Adaptation, flags: readonly string[]): string => {
  if (flags.length === 0) return `Last week you said ${a.heard}`;
  const where = a.focusAreas.length > 0 ? ` in your ${listOf(a.focusAreas.map(areaName))}` : "";
  return a.soreness === null
    ? `Last week you mentioned ${joinPhrases(flags)}${where}`
    : `Last week you said ${a.heard}, with ${joinPhrases(flags)}`;
};

/** Foam rolling for the sore areas, or the painful spot left alone when a red flag was heard. */
const rollLine = (ctx: Ctx, withFlags: boolean): string => {
  if (withFlags) return "No foam rolling or massage on the painful spot until it's been checked.";
  const focus = ctx.adapted?.focusAreas ?? [];
  const { roll, fromSore, avoid } = rollPlan(focus);
  // Only joints or bones are sore: nothing there to roll, and rolling other muscles is no care for them.
  if (!fromSore && focus.length > 0)
    return `No foam rolling on your ${listOf(avoid.map(areaName))}: never roll over a bone, a joint or a fresh injury.`;
  const what = fromSore
    ? `Foam roll your ${listOf(roll.map(areaName))} slowly, about ${ctx.dose.rollSec} seconds on each.`
    : `Foam roll any sore spot in your ${listOf(roll.map(areaName), "or")}, slowly, about ${ctx.dose.rollSec} seconds each.`;
  const keepOff = avoid.length > 0 ? ` Keep the roller off your ${listOf(avoid.map(areaName))}.` : "";
  return `${what}${keepOff} Never roll over a bone, a joint or a fresh injury.`;
};

/** The lead of a recover week: what we heard, then what changed. */
const recoverLead = (ctx: Ctx, a: Adaptation): Section => {
  const words = redFlagWords(a.redFlags);
  // A code we have no words for still counts as a red flag.
  const flags = a.redFlags.length > 0 && words.length === 0 ? ["pain that needs checking"] : words;
  const runs = ctx.split.runs;
  const { roll, fromSore } = rollPlan(a.focusAreas);
  const planned = ctx.plan.plannedMinutes ?? 0;
  const cut = planned > 0 ? Math.round((1 - runTime(ctx.plan) / planned) * 100) : 0;
  const spared = a.focusAreas.length > 0 && ctx.week >= STRENGTH_FROM_WEEK;
  const changes: Rich[] = [
    ...(runs === 0
      ? ["Your walks, rides and swims stay at a conversational effort."]
      : adaptedRuns(ctx) === 0
        ? []
        : ctx.split.hard > 0
          ? [[b("Every run is easy"), ": no intervals, hills or tempo runs this week."] satisfies Rich]
          : [[b("Every run stays easy"), `, ${TALK}.`] satisfies Rich]),
    ...(runs > 0
      ? [
          [
            b(runs === 1 ? "Your one run becomes cross-training" : `One of your ${runs} runs becomes cross-training`),
            `: ${crossOptions(a.focusAreas)}, easy.`,
          ] satisfies Rich,
        ]
      : []),
    ...(cut > 0 ? [[b(`About ${cut} % less running`), " than planned, the long run included."] satisfies Rich] : []),
    ...(spared ? [`No strength moves that work your ${listOf(a.focusAreas.map(areaName))} this week.`] : []),
    [b("Sleep 7 to 9 hours"), " a night: most of your recovery happens while you sleep."],
    flags.length > 0
      ? "No foam rolling or massage on the painful spot until it's been checked."
      : fromSore
        ? `Slow foam rolling for your ${listOf(roll.map(areaName))}: the details are in your plan below.`
        : "Slow foam rolling for any sore muscles: the details are in your plan below.",
  ];
  // The sources are those of the changes (easy running, cross-training, sleep, rolling). The "get it
  // checked" advice of the red-flag lead has no source key in coaching-facts.md (see redFlagsFull).
  const sources: SourceKey[] = ["article", "practice", "medic-2017"];
  if (flags.length > 0) {
    return claim(
      sources,
      callout(
        "caution",
        "Please get that checked first",
        `${heardLine(a, flags)}. That's more than ordinary soreness, so please don't run on it until a physio or sports doctor has checked it. Once they're happy for you to run, keep this week gentle:`,
        changes,
      ),
    );
  }
  return claim(
    sources,
    callout(
      "note",
      "This week, adapted to you",
      `${heardLine(a, flags)}, so this week is about recovery. Running on sore legs again and again invites injury, and easy movement helps recovery, so we've changed your plan:`,
      changes,
    ),
  );
};

/** A 4-6 week: the plan stays, with care for the area; a joint or bone area gets its check, never "that's normal". */
const careLead = (ctx: Ctx, a: Adaptation): Section[] => {
  const areas = areasOf(ctx);
  const joints = jointAreas(a.focusAreas);
  const noHard = joints.length > 0 && (a.soreness ?? 0) >= JOINT_HARD_LIMIT && ctx.split.hard > 0;
  const care = areas ? `some extra care for your ${areas}` : "some extra care for whatever feels sore";
  const stays = noHard ? `your plan stays as it is, minus the hard running, with ${care}` : `your plan stays as it is, with ${care}`;
  const lead =
    joints.length > 0
      ? note(callout("note", "This week, adapted to you", `${heardLine(a, [])}, so ${stays}. You'll find it in your plan below.`))
      : claim(
          ["article"],
          callout(
            "note",
            "This week, adapted to you",
            `${heardLine(a, [])}. Some soreness after long runs and hard sessions is normal, so ${stays}. You'll find it in your plan below.`,
          ),
        );
  const checks = jointChecks(a.focusAreas);
  return checks ? [lead, checks] : [lead];
};

/**
 * The lead of an adapted weekly email: "Last week you said calves 7/10, so …" and what changed.
 * Red flags always lead with "get it checked"; they never get the "on track" line.
 */
export const adaptedLead = (ctx: Ctx): Section[] => {
  const a = ctx.adapted;
  if (!a) return [];
  if (a.mode === "recover" || a.mode === "recoveryWeek" || a.redFlags.length > 0) {
    const checks = a.redFlags.length > 0 ? null : jointChecks(a.focusAreas);
    return [recoverLead(ctx, a), ...(a.mode === "recoveryWeek" ? [persistentQuestion()] : []), ...(checks ? [checks] : [])];
  }
  if (a.mode === "care") return careLead(ctx, a);
  return [
    note(
      callout(
        "note",
        "This week, adapted to you",
        `${heardLine(a, [])}, so you're on track and this week carries on as planned. Nice work.`,
      ),
    ),
  ];
};

/** The plan's strength moves picked for the check-in's areas. */
const strengthFirst = (ctx: Ctx): string[] => {
  const focus = ctx.adapted?.focusAreas ?? [];
  const doses = ctx.plan.sessions.find((x) => x.kind === "strength")?.doses ?? [];
  return doses.filter((d) => d.forAreas.some((a) => focus.includes(a))).map((d) => d.name);
};

/** Care for the sore areas of a 4-6 check-in: stretch, roll and strength picks for those areas. */
const careRow = (ctx: Ctx): PlanRow => {
  const focus = ctx.adapted?.focusAreas ?? [];
  const each = afterEach(ctx);
  if (focus.length === 0) {
    return {
      label: "Extra care",
      detail: `After each ${each}, a gentle ${ctx.dose.stretchSec}-second stretch for anything that feels tight, and slow foam rolling, about ${ctx.dose.rollSec} seconds, on any sore muscle. Never roll over a bone, a joint or a fresh injury.`,
    };
  }
  const stretches = orderStretches(focus)
    .filter((s) => s.sore)
    .map((s) => s.name);
  const moves = pickMoves(focus, 2).filter((m) => m.forAreas.length > 0);
  const first = strengthFirst(ctx);
  const parts = [
    `For your ${listOf(focus.map(areaName))}:`,
    ...(stretches.length > 0
      ? [
          `after each ${each}, a gentle static stretch for your ${listOf(stretches)}, ${ctx.dose.stretchSec} seconds${stretches.length > 1 ? " each" : ""}.`,
        ]
      : []),
    rollLine(ctx, false),
    ...(ctx.week >= STRENGTH_FROM_WEEK
      ? first.length > 0
        ? [`Your strength moves start with ${listOf(first.map((m) => m.toLowerCase()))}.`]
        : []
      : moves.length > 0
        ? [
            `Strength: ${listOf(moves.map((m) => m.name.toLowerCase()))}, ${ctx.dose.sets} sets of ${ctx.dose.reps}, twice this week, as long as they don't hurt.`,
          ]
        : []),
  ];
  return { label: "Extra care", detail: parts.join(" ") };
};

/**
 * The rows an adapted week adds under the day-by-day table (which already shows the cut runs and
 * the cross-training): care for the sore areas after a 4-6, sleep and rolling after a 7+.
 */
export const adaptedPlanRows = (ctx: Ctx): { rows: PlanRow[]; sources: SourceKey[] } => {
  const a = ctx.adapted;
  if (!a || a.mode === "progress") return { rows: [], sources: ["practice"] };
  if (a.mode === "care") return { rows: [careRow(ctx)], sources: ["practice"] };
  return {
    rows: [{ label: "Recovery", detail: `Sleep 7 to 9 hours a night. ${rollLine(ctx, a.redFlags.length > 0)}` }],
    sources: ["practice", "article", "medic-2017"],
  };
};

/** Goal framing for an easy week: the race waits, and nothing says "save your speed". */
export const easyWeekFraming = (ctx: Ctx): Section => {
  const intro = raceIntro(ctx);
  const lead = intro ? `${intro} ` : "No race on the calendar, so there's nothing to rush. ";
  if (adaptedRuns(ctx) === 0) return note(p(`${lead}This week your legs get a break from running while they recover.`));
  const comeback =
    ctx.split.hard > 0 ? ` Your hard ${ctx.split.hard === 1 ? "session comes" : "sessions come"} back once they feel better.` : "";
  return note(p(`${lead}This week every run is easy while your legs recover.${comeback}`));
};

/** A soreness chart as a block; the caller picks the bars. */
export const trendChart = (bars: readonly { label: string; score: number }[]): Section =>
  note({ kind: "sorenessChart", title: `Your soreness, last ${bars.length} check-ins`, bars });
