import type { FieldIssue } from "../../domain/errors.js";
import type { Runner } from "../../domain/profile.js";
import { GOALS, LEVELS, SEND_DAYS, SORE_AREAS } from "../../domain/profile.js";
import { escapeHtml as e } from "../../lib/escape.js";
import type { FormValues } from "./form-parts.js";
import { HOURS, LABELS, TIME_ZONES, checkboxes, fieldError as err, invalidAttrs, many, one, select } from "./form-parts.js";

/** The profile fields in the order the forms show them (the error summary follows it). */
export const PROFILE_FIELDS = [
  "level",
  "runsPerWeek",
  "usualRunMinutes",
  "goal",
  "units",
  "runDays",
  "sendDay",
  "sendHour",
  "timezone",
  "soreAreas",
];

/** Form values from a stored runner, as the form fields spell them. */
export const valuesOf = (runner: Runner): FormValues => ({
  level: runner.level,
  goal: runner.goal,
  runsPerWeek: String(runner.runsPerWeek),
  usualRunMinutes: runner.usualRunMinutes === undefined ? "" : String(runner.usualRunMinutes),
  runDays: runner.runDays ?? [],
  units: runner.units,
  timezone: runner.timezone,
  sendDay: runner.sendDay,
  sendHour: String(runner.sendHour),
  soreAreas: runner.soreAreas,
});

/** Zones grouped by region ("Europe", "America"…), so a phone's picker is a short scroll, not 400 rows. */
const zoneOptions = (chosen: string): string => {
  const zones = TIME_ZONES.includes(chosen) ? TIME_ZONES : [chosen, ...TIME_ZONES];
  const groups = new Map<string, string[]>();
  for (const zone of zones) {
    const region = zone.includes("/") ? zone.split("/")[0]! : "Other";
    groups.set(region, [...(groups.get(region) ?? []), zone]);
  }
  return [...groups]
    .map(
      ([region, list]) =>
        `<optgroup label="${e(region)}">${list
          .map((z) => `<option value="${e(z)}"${z === chosen ? " selected" : ""}>${e(z.replace(/_/g, " "))}</option>`)
          .join("")}</optgroup>`,
    )
    .join("");
};

const number = (name: string, value: string, min: number, max: number, errors: readonly FieldIssue[], placeholder = ""): string =>
  `<input id="${name}" name="${name}" type="number" inputmode="numeric" min="${min}" max="${max}" value="${e(value)}"${placeholder ? ` placeholder="${placeholder}"` : ""}${invalidAttrs(errors, name)}>`;

/**
 * The profile part of a form: level, runs a week, usual run, goal, units, run days, email day and
 * time, time zone, and (unless left out) sore areas. Used by the preferences page and the second step
 * of signing up.
 */
export const profileFields = (values: FormValues, errors: readonly FieldIssue[], options: { soreAreas?: boolean } = {}): string => {
  const days = SEND_DAYS.map((d) => [d, LABELS.sendDay[d]] as const);
  return `
<label for="level">Your running</label>${select(
    "level",
    LEVELS.map((l) => [l, LABELS.level[l]] as const),
    one(values["level"]) || "new",
    errors,
  )}${err(errors, "level")}
<div class="row"><div><label for="runsPerWeek">Runs a week</label>${number("runsPerWeek", one(values["runsPerWeek"]) || "3", 0, 14, errors)}${err(errors, "runsPerWeek")}</div>
<div><label for="usualRunMinutes">Usual run (minutes)</label>${number("usualRunMinutes", one(values["usualRunMinutes"]), 10, 240, errors, "30")}${err(errors, "usualRunMinutes")}</div></div>
<div class="row"><div><label for="goal">Goal</label>${select(
    "goal",
    GOALS.map((g) => [g, LABELS.goal[g]] as const),
    one(values["goal"]) || "general",
    errors,
  )}${err(errors, "goal")}</div>
<div><label for="units">Units</label>${select(
    "units",
    [
      ["metric", "km, litres"],
      ["imperial", "miles, fl oz"],
    ],
    one(values["units"]) || "metric",
    errors,
  )}${err(errors, "units")}</div></div>
<fieldset><legend>Days you can run <span class="hint">(optional)</span></legend><div class="areas">
${checkboxes("runDays", days, many(values["runDays"]), errors)}</div>${err(errors, "runDays")}</fieldset>
<div class="row"><div><label for="sendDay">Email day</label>${select("sendDay", days, one(values["sendDay"]) || "mon", errors)}${err(errors, "sendDay")}</div>
<div><label for="sendHour">Time</label>${select("sendHour", HOURS, one(values["sendHour"]) || "7", errors)}${err(errors, "sendHour")}</div></div>
<label for="timezone">Time zone</label><select id="timezone" name="timezone"${invalidAttrs(errors, "timezone")}>${zoneOptions(one(values["timezone"]) || "UTC")}</select>${err(errors, "timezone")}
${
  options.soreAreas === false
    ? ""
    : `<fieldset><legend>Where do your legs get sore? <span class="hint">(optional)</span></legend><div class="areas">
${checkboxes(
  "soreAreas",
  SORE_AREAS.map((a) => [a, a.replace("-", " ")] as const),
  many(values["soreAreas"]),
  errors,
)}</div>${err(errors, "soreAreas")}</fieldset>`
}`;
};

/**
 * A form's profile fields as the JSON shape: an unticked box posts nothing, so a form with no
 * `soreAreas` or `runDays` means "none", and an empty number means "not set".
 */
export const changesFromForm = (fields: Record<string, string | string[] | undefined>): Record<string, unknown> => {
  const out: Record<string, unknown> = { soreAreas: [], runDays: [] };
  for (const key of ["level", "goal", "runsPerWeek", "usualRunMinutes", "units", "timezone", "sendDay", "sendHour"]) {
    const value = one(fields[key]);
    if (value !== "") out[key] = value;
  }
  for (const key of ["soreAreas", "runDays"]) if (fields[key] !== undefined) out[key] = many(fields[key]);
  return out;
};
