import * as z from "zod/mini";
import "./zod-locale.js";
import type { CheckinSummary } from "./adapt.js";

/** Levels, goals and areas exactly as the product contract names them. */
export const LEVELS = ["new", "returning", "regular", "experienced"] as const;
export const GOALS = ["general", "5k", "10k", "half", "marathon", "ultra"] as const;
export const UNITS = ["metric", "imperial"] as const;
export const SEND_DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
export const SORE_AREAS = ["calves", "shins", "quads", "hamstrings", "glutes", "hips", "knees", "ankles", "feet", "lower-back"] as const;
export const RUNNER_STATUSES = ["pending", "active", "paused", "completed", "unsubscribed", "bounced", "complained"] as const;

export type Level = (typeof LEVELS)[number];
export type Goal = (typeof GOALS)[number];
export type Units = (typeof UNITS)[number];
export type SendDay = (typeof SEND_DAYS)[number];
export type SoreArea = (typeof SORE_AREAS)[number];
export type RunnerStatus = (typeof RUNNER_STATUSES)[number];

/**
 * Runners whose check-ins (email replies or the score links' page) are never acted on: an
 * unsubscribed, bounced or complained runner said no to our mail (an acknowledgement or a triage
 * email would be mail they refused), and a pending runner never confirmed.
 */
export const CHECKIN_IGNORED_STATUSES: ReadonlySet<RunnerStatus> = new Set(["unsubscribed", "bounced", "complained", "pending"]);

/** Held after a red flag: paused with no end date (a pause the runner chose always has one). */
export const isHeldForTriage = (runner: Pick<Runner, "status" | "pausedUntil">): boolean =>
  runner.status === "paused" && runner.pausedUntil === undefined;

// Controls that separate words (tab, line breaks, next-line, line and paragraph separators): they
// become a space, so "Ada\r\nLovelace" reads "Ada Lovelace".
// eslint-disable-next-line no-control-regex
const BREAKING_CONTROLS = /[\t\n\v\f\r\u001c-\u001f\u0085\u2028\u2029]/g;
// Every other C0 and C1 control, DEL, bidi marks and overrides, zero-width space, word joiner and
// BOM: removed. ZWNJ/ZWJ (U+200C/D) stay: some scripts and emoji need them.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f\u061c\u200b\u200e\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]/g;

/** Trims and lower-cases an address so one inbox is one identity. */
export const normaliseEmail = (email: string): string => email.trim().toLowerCase();

/**
 * Removes control and invisible characters (so CR/LF can never reach a header), turning the ones
 * that separate words into a space, then folds runs of spaces and trims.
 */
export const normaliseName = (name: string): string =>
  name.replace(BREAKING_CONTROLS, " ").replace(CONTROL_CHARS, "").replace(/\s+/g, " ").trim();

/** An IANA zone name the runtime's Intl knows (Europe/London, Asia/Kolkata, UTC). */
export const isValidTimeZone = (zone: string): boolean => {
  if (!zone) return false;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone }).format(0);
    return true;
  } catch {
    return false;
  }
};

const emailSchema = z.pipe(
  z.pipe(z.string({ error: "email is required" }), z.transform(normaliseEmail)),
  z.pipe(
    z.string().check(z.maxLength(254, "email must be at most 254 characters")),
    z.email({ error: "email must be a valid address, like runner@example.com" }),
  ),
);

const nameSchema = z.pipe(
  z.pipe(z.pipe(z.string(), z.transform(normaliseName)), z.string().check(z.maxLength(60, "name must be at most 60 characters"))),
  z.transform((name: string) => (name === "" ? undefined : name)),
);

let zoneSpellings: Map<string, string> | undefined;

/**
 * The zone spelled as the runtime lists it ("europe/london" → "Europe/London"), so one zone is stored one
 * way. Only the spelling changes: a listed name (Asia/Kolkata) stays as it is, never swapped for an alias.
 */
export const canonicalTimeZone = (zone: string): string => {
  zoneSpellings ??= new Map(
    Intl.supportedValuesOf("timeZone")
      .concat("UTC")
      .map((z) => [z.toLowerCase(), z]),
  );
  const listed = zoneSpellings.get(zone.toLowerCase());
  if (listed) return listed;
  // A name the runtime knows but does not list (Asia/Kolkata, where ICU lists Asia/Calcutta): kept as
  // typed when it is typed with capitals; all lower or upper case, the runtime's own spelling.
  return /[A-Z]/.test(zone) && /[a-z]/.test(zone) ? zone : new Intl.DateTimeFormat("en-US", { timeZone: zone }).resolvedOptions().timeZone;
};

const timezoneSchema = z.pipe(
  z.string().check(z.refine(isValidTimeZone, { error: "timezone must be an IANA time zone, like Europe/London" })),
  z.transform(canonicalTimeZone),
);

/** A number, or a numeric string from a form; never null, "" or true coerced to 0 or 1. */
export const wholeNumber = (message: string, min: number, max: number) =>
  z.pipe(
    z.transform((v: unknown) => (typeof v === "string" && /^\s*-?\d+(\.\d+)?\s*$/.test(v) ? Number(v) : v)),
    z.number({ error: message }).check(z.int(message), z.gte(min, message), z.lte(max, message)),
  );

/** The editable part of a profile: what a runner chooses on the form or the preferences page. */
export const preferencesSchema = z.object({
  level: z._default(z.enum(LEVELS, { error: `level must be one of ${LEVELS.join(", ")}` }), "new"),
  goal: z._default(z.enum(GOALS, { error: `goal must be one of ${GOALS.join(", ")}` }), "general"),
  runsPerWeek: z._default(wholeNumber("runsPerWeek must be a whole number from 0 to 14", 0, 14), 3),
  units: z._default(z.enum(UNITS, { error: "units must be metric or imperial" }), "metric"),
  timezone: z._default(timezoneSchema, "UTC"),
  sendDay: z._default(z.enum(SEND_DAYS, { error: `sendDay must be one of ${SEND_DAYS.join(", ")}` }), "mon"),
  sendHour: z._default(wholeNumber("sendHour must be a whole hour from 0 to 23", 0, 23), 7),
  soreAreas: z.pipe(
    z._default(
      z.array(z.enum(SORE_AREAS, { error: `soreAreas may only contain ${SORE_AREAS.join(", ")}` })).check(z.maxLength(SORE_AREAS.length)),
      [],
    ),
    z.transform((areas: SoreArea[]) => SORE_AREAS.filter((a) => areas.includes(a))),
  ),
  /** How long the runner's usual run takes now, in minutes; the plan starts from it (default by level). */
  // A form's empty box means "not given".
  usualRunMinutes: z.optional(
    z.pipe(
      z.transform((v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v)),
      z.optional(wholeNumber("usualRunMinutes must be a whole number of minutes from 10 to 240", 10, 240)),
    ),
  ),
  /** The days the runner can run; the plan puts its sessions there (else a sensible spread). */
  runDays: z.optional(
    z.pipe(
      // A form with one box ticked posts one value, not a list.
      z.pipe(
        z.transform((v: unknown) => (typeof v === "string" ? [v] : v)),
        z.array(z.enum(SEND_DAYS, { error: `runDays may only contain ${SEND_DAYS.join(", ")}` })).check(z.maxLength(SEND_DAYS.length)),
      ),
      z.transform((days: SendDay[]) => SEND_DAYS.filter((d) => days.includes(d))),
    ),
  ),
});

/** A signup: the contract's profile fields, validated and normalised. */
export const signupSchema = z.extend(preferencesSchema, {
  email: emailSchema,
  name: z.optional(nameSchema),
  consent: z.literal(true, { error: "consent must be given: check-ins are health data" }),
});

export type Preferences = z.output<typeof preferencesSchema>;
export type Signup = z.output<typeof signupSchema>;

/** What personalisation needs to know about a runner. */
export type Profile = Preferences & { email: string; name?: string | undefined };

/** A stored runner: the profile plus programme state. */
export interface Runner extends Profile {
  id: string;
  status: RunnerStatus;
  /** The last programme week sent (0 before the first). */
  week: number;
  /** The next send instant (ISO, UTC), present only while the runner is active. */
  nextSendAt?: string | undefined;
  createdAt: string;
  confirmedAt?: string | undefined;
  consentAt: string;
  consentSource: string;
  /** When the last confirmation email went out, to allow at most one a day. */
  confirmSentAt?: string | undefined;
  pausedUntil?: string | undefined;
  /** While unsubscribed: the status before, so undo restores it (a pause included). */
  unsubscribedFrom?: RunnerStatus | undefined;
  unsubscribedAt?: string | undefined;
  updatedAt: string;
  /** The latest few check-ins, copied onto the profile so the dispatcher adapts without another read. */
  recentCheckins?: CheckinSummary[] | undefined;
  /** When the last recovery-week email went out. */
  lastRecoveryWeekAt?: string | undefined;
}

/** The editable part of a stored runner. */
export const preferencesOf = (runner: Preferences): Preferences => ({
  level: runner.level,
  goal: runner.goal,
  runsPerWeek: runner.runsPerWeek,
  units: runner.units,
  timezone: runner.timezone,
  sendDay: runner.sendDay,
  sendHour: runner.sendHour,
  soreAreas: runner.soreAreas,
  ...(runner.usualRunMinutes === undefined ? {} : { usualRunMinutes: runner.usualRunMinutes }),
  ...(runner.runDays === undefined ? {} : { runDays: runner.runDays }),
});

/** The profile part of a runner, for personalisation and previews. */
export const profileOf = (runner: Runner): Profile => ({ email: runner.email, name: runner.name, ...preferencesOf(runner) });
