/**
 * Copy for the training plan (rules: functions/domain/plan): the day-by-day table of the week, the
 * line above it, and the sources each part rests on. The table shows exactly the plan's sessions.
 */
import type { MoveDose, PlanWeek, Session } from "../plan/index.js";
import { planWeek, runsOf, runTime } from "../plan/index.js";
import type { Block, DayRow } from "./blocks.js";
import type { Ctx } from "../personalise/index.js";
import type { Section, SourceKey } from "./types.js";
import { claim, p } from "./types.js";

const DAY_NAMES = { mon: "Mon", tue: "Tue", wed: "Wed", thu: "Thu", fri: "Fri", sat: "Sat", sun: "Sun" } as const;

const KIND_NAMES: Readonly<Record<Session["kind"], string>> = {
  easy: "Easy run",
  long: "Long run",
  hard: "Hard session",
  "run-walk": "Run/walk",
  cross: "Cross-training",
  strength: "Strength",
  rest: "Rest",
};

/** Runs this long or longer get the fuel and fluid line (acsm-2016-nutrition: sessions of about 1-2.5 hours). */
export const FUEL_FROM_MINUTES = 60;

/** "Tibialis raises 2 × 8", "heel walks 2 × 16 steps", "side planks 2 × 20 s", "… per leg" for single-leg moves. */
export const doseText = (d: MoveDose): string => {
  const amount = d.unit === "s" ? `${d.holdSeconds ?? 0} s hold` : d.unit === "steps" ? `${d.reps ?? 0} steps` : `${d.reps ?? 0}`;
  return `${d.name} ${d.sets} × ${amount}${d.singleLeg && d.unit !== "steps" ? " each leg" : ""}`;
};

export const fuelLine =
  "Over an hour: 30\u201360 g of carbohydrate an hour (a gel, a sports drink or a banana), and drink to thirst, never more than you sweat.";

const row = (s: Session): DayRow => {
  const day = DAY_NAMES[s.day];
  if (s.kind === "rest") return { day, what: "Rest", quiet: true };
  const running = s.kind === "run-walk" ? ` (${s.runMinutes} min running)` : "";
  const what = `${KIND_NAMES[s.kind]} \u00b7 ${s.minutes} min${running}`;
  const detail =
    s.kind === "strength"
      ? `${(s.doses ?? []).map(doseText).join(", ")}. Slow and controlled; nothing should hurt.`
      : s.kind === "long" && s.minutes >= FUEL_FROM_MINUTES
        ? `${s.note ?? ""} ${fuelLine}`
        : s.note;
  return detail ? { day, what, detail } : { day, what };
};

/** The day-by-day table of a plan week. */
export const daysBlock = (plan: PlanWeek): Block => ({ kind: "days", rows: plan.sessions.map(row) });

/** The sources the table rests on: what its sessions hold. */
export const planSources = (ctx: Ctx): SourceKey[] => {
  const { plan } = ctx;
  const kinds = new Set(plan.sessions.map((s) => s.kind));
  const keys: SourceKey[] = ["practice"];
  if (ctx.level === "new" && ctx.split.runs > 0) keys.push("couch-to-5k");
  if (ctx.level !== "new" && ctx.split.runs > 0) keys.push("nielsen-2014", "buist-2008");
  if (kinds.has("hard") || ctx.split.runs > 0) keys.push("seiler-2010");
  if (plan.sessions.some((s) => s.kind === "long" && s.minutes >= FUEL_FROM_MINUTES)) keys.push("acsm-2016-nutrition", "acsm-2007-fluids");
  if (plan.adapted === "recover" || plan.adapted === "recoveryWeek" || kinds.has("cross")) keys.push("article");
  return keys;
};

/** The line above the table: how this week compares with the last one, and why. */
const shapeLine = (ctx: Ctx): string => {
  const { plan } = ctx;
  const total = runTime(plan);
  const runs = runsOf(plan).length;
  if (runs === 0) return "No runs this week: easy movement is the whole plan.";
  const base = `${runs === 1 ? "1 run" : `${runs} runs`}, ${total} minutes on your feet in all.`;
  if (plan.adapted === "recover" || plan.adapted === "recoveryWeek") {
    const cut = plan.plannedMinutes ? Math.round((1 - total / plan.plannedMinutes) * 100) : 0;
    return `${base} That's about ${cut} % less than planned, with no hard running, while your legs recover.`;
  }
  if (ctx.level === "new") {
    const rw = plan.sessions.find((s) => s.kind === "run-walk");
    return rw
      ? `${base} Each session is a brisk walk, then run/walk blocks; the running blocks get longer week by week until you run without a break.`
      : `${base} No more walk breaks: you're running continuously.`;
  }
  if (plan.shape === "step-back") {
    const before = runTime(planWeek(ctx.profile, ctx.week - 1));
    const less = Math.round((1 - runTime(planWeek(ctx.profile, ctx.week)) / before) * 100);
    return `${base} A lighter step-back week, about ${less} % less than last week, so your body can absorb the work.`;
  }
  if (ctx.week === 1) return `${base} We start from what you run now.`;
  return `${base} A little more than last week: the plan grows gradually, never a big jump.`;
};

/** The training plan section: the line above, then the week day by day. */
export const weekTable = (ctx: Ctx): Section =>
  claim(planSources(ctx), p(shapeLine(ctx)), ...(ctx.plan.capped ? [p(ctx.plan.capped)] : []), daysBlock(ctx.plan));
