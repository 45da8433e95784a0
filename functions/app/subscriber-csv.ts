import * as z from "zod/mini";
import "../domain/zod-locale.js";
import type { Runner } from "../domain/profile.js";
import { RUNNER_STATUSES, normaliseName, signupSchema } from "../domain/profile.js";
import { PROGRAMME_WEEKS } from "../domain/render/index.js";
import { nextSendAt } from "../domain/schedule.js";
import { newRunnerId } from "./signup.js";

/**
 * The operator's subscriber CSV (RFC 4180, header row, CRLF). `soreAreas` is space-separated (";" is
 * read too). `pausedUntil` follows the contract's columns so a paused runner survives a round trip.
 */
export const CSV_COLUMNS = [
  "id",
  "email",
  "name",
  "status",
  "week",
  "nextSendAt",
  "level",
  "goal",
  "runsPerWeek",
  "units",
  "timezone",
  "sendDay",
  "sendHour",
  "soreAreas",
  "consentAt",
  "consentSource",
  "createdAt",
  "confirmedAt",
  "pausedUntil",
] as const;
export type CsvColumn = (typeof CSV_COLUMNS)[number];

/**
 * Spreadsheets run a cell that starts with = + - @ (or tab/CR, or their full-width forms) as a formula.
 * Such cells get a leading `'`; so does a cell that already starts with `'`, so import can take exactly
 * one off again and a round trip is lossless.
 */
const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20']/;
export const guardCell = (value: string): string => (FORMULA_START.test(value) ? `'${value}` : value);
export const unguardCell = (value: string): string =>
  value.startsWith("'") && FORMULA_START.test(value.slice(1)) ? value.slice(1) : value;

const cellOf = (runner: Runner, column: CsvColumn): string => {
  const value = column === "soreAreas" ? runner.soreAreas.join(" ") : (runner as unknown as Record<string, unknown>)[column];
  return value === undefined || value === null ? "" : String(value);
};

/** One runner as a CSV record, formula-guarded, in CSV_COLUMNS order. */
export const csvRecordOf = (runner: Runner): string[] => CSV_COLUMNS.map((c) => guardCell(cellOf(runner, c)));

const instant = (field: string) =>
  z.pipe(
    z
      .string()
      .check(z.refine((v) => !Number.isNaN(Date.parse(v)), { error: `${field} must be an ISO date-time, like 2026-01-05T07:00:00.000Z` })),
    z.transform((v: string) => new Date(v).toISOString()),
  );

const whole = (field: string, min: number, max: number) =>
  z.pipe(
    z.transform((v: unknown) => (typeof v === "string" && /^\s*-?\d+\s*$/.test(v) ? Number(v) : v)),
    z
      .number({ error: `${field} must be a whole number from ${min} to ${max}` })
      .check(
        z.int(`${field} must be a whole number from ${min} to ${max}`),
        z.gte(min, `${field} must be a whole number from ${min} to ${max}`),
        z.lte(max, `${field} must be a whole number from ${min} to ${max}`),
      ),
  );

/** A CSV row: the signup schema without consent, plus the programme state an export carries. */
export const importRowSchema = z.extend(z.omit(signupSchema, { consent: true }), {
  id: z.optional(z.string().check(z.regex(/^[a-z0-9]{6,32}$/, "id must be 6-32 lower-case letters or digits"))),
  status: z.optional(z.enum(RUNNER_STATUSES, { error: `status must be one of ${RUNNER_STATUSES.join(", ")}` })),
  week: z.optional(whole("week", 0, PROGRAMME_WEEKS)),
  nextSendAt: z.optional(instant("nextSendAt")),
  consentAt: z.optional(instant("consentAt")),
  consentSource: z.optional(
    z.pipe(
      z.pipe(z.string(), z.transform(normaliseName)),
      z.string().check(z.minLength(1), z.maxLength(200, "consentSource must be at most 200 characters")),
    ),
  ),
  createdAt: z.optional(instant("createdAt")),
  confirmedAt: z.optional(instant("confirmedAt")),
  pausedUntil: z.optional(instant("pausedUntil")),
});
export type ImportRow = z.output<typeof importRowSchema>;

/** Cells as the schema's input: empty cells are absent, sore areas become a list, the formula guard comes off. */
export const rowInput = (record: Record<string, string>): Record<string, unknown> => {
  const out: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries(record)) {
    const value = unguardCell(raw);
    if (key === "soreAreas") out[key] = value.split(/[\s;,]+/).filter(Boolean);
    else if (value.trim() !== "") out[key] = key === "email" || key === "name" || key === "consentSource" ? value : value.trim();
  }
  return out;
};

export interface ImportPolicy {
  /** The operator holds consent (`--confirmed`): runners keep their status; no emails. */
  confirmed: boolean;
  /** Where that consent came from; each row's own consentSource wins, for lossless round trips. */
  consentSource?: string | undefined;
  now: Date;
}

/** Statuses that must survive any import: a stop, a bounce or a complaint is never undone by a file. */
const FINAL = new Set<Runner["status"]>(["unsubscribed", "bounced", "complained"]);

/**
 * The runner to store for a valid row, and whether it needs a confirmation email.
 * - unsubscribed/bounced/complained rows keep their status and are never emailed.
 * - With consent (`confirmed`), status and week are kept; an active runner keeps a future
 *   nextSendAt, or gets the next slot after now.
 * - Without it, the runner is pending and gets a confirmation email (double opt-in).
 */
export const runnerFromRow = (row: ImportRow, policy: ImportPolicy): { runner: Runner; confirm: boolean } => {
  const { id, status, week, nextSendAt: next, consentAt, consentSource, createdAt, confirmedAt, pausedUntil, ...profile } = row;
  const now = policy.now.toISOString();
  const base = { ...profile, id: id ?? newRunnerId(), week: week ?? 0, createdAt: createdAt ?? now, updatedAt: now };
  if ((status && FINAL.has(status)) || policy.confirmed) {
    const kept = status ?? "active";
    const runner: Runner = {
      ...base,
      status: kept,
      consentAt: consentAt ?? now,
      consentSource: consentSource ?? policy.consentSource ?? "csv-import",
      confirmedAt: confirmedAt ?? (kept === "pending" ? undefined : now),
      nextSendAt: kept === "active" ? (next && next > now ? next : nextSendAt(profile, policy.now).toISOString()) : undefined,
      pausedUntil: kept === "paused" ? pausedUntil : undefined,
    };
    return { runner, confirm: false };
  }
  return { runner: { ...base, status: "pending", consentAt: now, consentSource: "csv-import" }, confirm: true };
};
