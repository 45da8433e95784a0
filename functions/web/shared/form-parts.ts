import type { FieldIssue } from "../../domain/errors.js";
import { escapeHtml as e } from "../../lib/escape.js";

/** Display names for the contract's values, shared by every form. */
export const LABELS = {
  level: { new: "New to running", returning: "Returning after a break", regular: "Running regularly", experienced: "Experienced" },
  goal: { general: "Run for fitness", "5k": "5 km", "10k": "10 km", half: "Half marathon", marathon: "Marathon", ultra: "Ultra" },
  sendDay: { mon: "Monday", tue: "Tuesday", wed: "Wednesday", thu: "Thursday", fri: "Friday", sat: "Saturday", sun: "Sunday" },
} as const;

/** Every zone the runtime knows, plus UTC. */
export const TIME_ZONES: string[] = Intl.supportedValuesOf("timeZone")
  .concat("UTC")
  .filter((z, i, a) => a.indexOf(z) === i);

export const HOURS = Array.from({ length: 24 }, (_, h) => [String(h), `${String(h).padStart(2, "0")}:00`] as const);

export type FormValues = Partial<Record<string, string | string[]>>;

export const one = (v: string | string[] | undefined): string => (Array.isArray(v) ? (v[0] ?? "") : (v ?? ""));
export const many = (v: string | string[] | undefined): string[] => (Array.isArray(v) ? v : v ? [v] : []);

/**
 * What a person should do about each field, in plain words (the JSON API keeps the contract's
 * messages; a page shows these). The order is the order fields appear on the forms.
 */
const PLAIN: [string, string][] = [
  ["email", "Enter your email address, like runner@example.com."],
  ["name", "Keep your first name under 60 characters."],
  ["level", "Choose how you run now."],
  ["runsPerWeek", "Enter how many times a week you run: a whole number from 0 to 14."],
  ["usualRunMinutes", "Enter how long your usual run takes: a whole number of minutes from 10 to 240."],
  ["goal", "Choose a goal from the list."],
  ["units", "Choose kilometres or miles."],
  ["runDays", "Choose the days you can run."],
  ["sendDay", "Choose the day for your email."],
  ["sendHour", "Choose the time for your email."],
  ["timezone", "Choose your time zone from the list."],
  ["soreAreas", "Choose sore areas from the list."],
  ["weeks", "Choose a pause of 1 to 12 weeks."],
  ["score", "Choose a score from 0 to 10."],
  ["areas", "Choose sore areas from the list."],
  ["note", "Keep the note under 1,000 characters."],
  ["consent", "Tick the box to agree to the coaching emails: we can only send them with your agreement."],
];
const ORDER = new Map(PLAIN.map(([path], i) => [path, i]));
const WORDS = new Map(PLAIN);

const fieldOf = (issue: FieldIssue): string => issue.path.split(".")[0] ?? issue.path;

/** One plain message per field, in form order. */
export const plainIssues = (errors: readonly FieldIssue[]): FieldIssue[] => {
  const seen = new Map<string, string>();
  for (const issue of errors) {
    const field = fieldOf(issue);
    if (!seen.has(field)) seen.set(field, WORDS.get(field) ?? issue.message);
  }
  return [...seen].map(([path, message]) => ({ path, message })).sort((a, b) => (ORDER.get(a.path) ?? 99) - (ORDER.get(b.path) ?? 99));
};

const errorId = (path: string): string => `${path}-error`;

/** The attributes that tie a field to its error for assistive technology. */
export const invalidAttrs = (errors: readonly FieldIssue[], path: string): string =>
  errors.some((x) => fieldOf(x) === path) ? ` aria-invalid="true" aria-describedby="${errorId(path)}"` : "";

/** The message beside a field, if it has one. */
export const fieldError = (errors: readonly FieldIssue[], path: string): string => {
  const mine = plainIssues(errors).find((x) => x.path === path);
  return mine ? `<p class="err" id="${errorId(path)}">${e(mine.message)}</p>` : "";
};

/**
 * The error summary at the top of a form: plain words, in form order, each linking to its field
 * (fields the page does not show are listed without a link). It takes focus when the page loads, so a
 * screen reader reads it first and a keyboard user starts from it.
 */
export const errorSummary = (errors: readonly FieldIssue[], onPage: readonly string[]): string => {
  if (errors.length === 0) return "";
  const items = plainIssues(errors)
    .map((x) => (onPage.includes(x.path) ? `<li><a href="#${e(x.path)}">${e(x.message)}</a></li>` : `<li>${e(x.message)}</li>`))
    .join("");
  return `<div class="errors" role="alert" tabindex="-1" autofocus id="error-summary"><h2>There is a problem</h2><ul>${items}</ul></div>`;
};

export const select = (
  name: string,
  options: readonly (readonly [string, string])[],
  chosen: string,
  errors: readonly FieldIssue[] = [],
  extra = "",
): string =>
  `<select id="${name}" name="${name}"${extra}${invalidAttrs(errors, name)}>${options
    .map(([v, label]) => `<option value="${e(v)}"${v === chosen ? " selected" : ""}>${e(label)}</option>`)
    .join("")}</select>`;

/** A row of checkboxes, each a full-size tap target. */
export const checkboxes = (
  name: string,
  options: readonly (readonly [string, string])[],
  checked: readonly string[],
  errors: readonly FieldIssue[] = [],
): string =>
  options
    .map(
      ([v, label], i) =>
        `<label class="check"><input type="checkbox" name="${name}" value="${e(v)}"${i === 0 ? ` id="${name}"` : ""}${checked.includes(v) ? " checked" : ""}${i === 0 ? invalidAttrs(errors, name) : ""}> <span>${e(label)}</span></label>`,
    )
    .join("");
