/**
 * How an instant reads on the runner's wall clock ("Monday 2 March", "7 am"). Zone offsets come from
 * the runtime's Intl data (through `tzOffset`); dates are plain `Date`s and ISO strings.
 */
import { tzOffset } from "@date-fns/tz/tzOffset"; // the subpath: the package root would also bundle TZDate
import { isValidTimeZone } from "./profile.js";

export const MINUTE_MS = 60_000;

/** A wall clock's reading: calendar fields as the runner's zone shows them at one instant. */
export interface WallClock {
  readonly year: number;
  /** 1-12 */
  readonly month: number;
  readonly day: number;
  /** 0-23 */
  readonly hour: number;
  readonly minute: number;
  /** 1 (Monday) to 7 (Sunday), as ISO 8601 numbers them. */
  readonly weekday: number;
}

/** The zone's offset from UTC at `instant`, in minutes (60 for BST); NaN for an invalid instant or (mostly) an unknown zone. */
export const offsetAt = (zone: string, instant: number): number => tzOffset(zone, new Date(instant));

const knownZones = new Set<string>();
/**
 * True for a zone the runtime's Intl knows, remembered per name since asking builds a formatter.
 * Checked apart from `tzOffset`, which reads an offset out of any name that holds one ("Mars+05").
 */
const isKnownZone = (zone: string): boolean => {
  if (knownZones.has(zone)) return true;
  if (!isValidTimeZone(zone)) return false;
  knownZones.add(zone);
  return true;
};

/**
 * What a wall clock in `zone` shows at `instant`.
 * @example wallClock(new Date("2026-03-29T01:30:00Z"), "Europe/London") // { year: 2026, month: 3, day: 29, hour: 2, minute: 30, weekday: 7 }
 * @throws RangeError when the instant is invalid or the zone unknown.
 */
export const wallClock = (instant: Date | number, zone: string): WallClock => {
  const t = +instant;
  if (!Number.isFinite(t)) throw new RangeError("the instant must be a valid date");
  if (!isKnownZone(zone)) throw new RangeError(`time zone must be valid: ${zone}`);
  const offset = offsetAt(zone, t);
  // The UTC fields of the instant moved by the offset are the local fields.
  const local = new Date(t + offset * MINUTE_MS);
  return {
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    hour: local.getUTCHours(),
    minute: local.getUTCMinutes(),
    weekday: local.getUTCDay() || 7,
  };
};

/**
 * What a wall clock in `zone` shows at the ISO instant `iso`, or undefined when `iso` is not an ISO
 * instant (see {@link parseInstant}) or the zone is unknown.
 * @example wallClockAt("2026-03-02T07:00:00.000Z", "Asia/Kolkata") // { year: 2026, month: 3, day: 2, hour: 12, minute: 30, weekday: 1 }
 */
export const wallClockAt = (iso: string, zone: string): WallClock | undefined => {
  const instant = parseInstant(iso);
  return Number.isNaN(instant) || !isKnownZone(zone) ? undefined : wallClock(instant, zone);
};

// An ISO 8601 date-time in the extended format, as toISOString writes it; the time and offset are optional.
const ISO_INSTANT = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt](\d{2})(?::(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?([Zz]|[+-]\d{2}(?::?\d{2})?)?)?$/;

/**
 * The milliseconds of an ISO 8601 instant ("2026-03-02T07:00:00.000Z", "2026-03-02T08:00+01:00"),
 * or NaN when `iso` is not one or names a day or time that does not exist (2025-02-29, 23:60).
 * Without an offset the wall time is read as UTC; fractions of a millisecond are dropped.
 * @example parseInstant("2026-03-02T08:00:00+01:00") // Date.parse("2026-03-02T07:00:00Z")
 */
export const parseInstant = (iso: string): number => {
  const m = ISO_INSTANT.exec(iso);
  if (!m) return NaN;
  const [year, month, day, hour = 0, minute = 0, second = 0] = m.slice(1, 7).map((v) => (v === undefined ? undefined : Number(v)));
  const ms = Number((m[7] ?? "").padEnd(3, "0").slice(0, 3));
  const local = new Date(0);
  local.setUTCFullYear(year!, month! - 1, day!); // not Date.UTC, which reads years 0-99 as 1900-1999
  local.setUTCHours(hour, minute, second, ms);
  // Out-of-range fields roll over (31 April becomes 1 May): a field that moved does not exist.
  const fields = [local.getUTCMonth() + 1, local.getUTCDate(), local.getUTCHours(), local.getUTCMinutes(), local.getUTCSeconds()];
  if (fields.join() !== [month, day, hour, minute, second].join()) return NaN;
  const [, sign, offsetHours = "0", offsetMinutes = "0"] = /^([+-])(\d{2}):?(\d{2})?$/.exec(m[8] ?? "") ?? [];
  const offset = (Number(offsetHours) * 60 + Number(offsetMinutes)) * (sign === "-" ? -1 : 1);
  return local.getTime() - offset * MINUTE_MS;
};

/** A list of en-GB names as Intl spells them, one per UTC instant in `at`. */
const intlNames = (options: Intl.DateTimeFormatOptions, part: "weekday" | "month", at: number[]): string[] => {
  const format = new Intl.DateTimeFormat("en-GB", { ...options, timeZone: "UTC" });
  return at.map((t) => format.formatToParts(t).find((p) => p.type === part)?.value ?? "");
};

let names: { weekdays: string[]; months: string[]; shortMonths: string[] } | undefined;
/**
 * Weekday and month names in British English, built on first use from Intl so that they match the
 * runtime's ICU exactly (the short September is "Sept" in en-GB).
 */
const namesOf = () =>
  (names ??= {
    weekdays: intlNames(
      { weekday: "long" },
      "weekday",
      [1, 2, 3, 4, 5, 6, 7].map((d) => Date.UTC(2016, 10, 13 + d)),
    ),
    months: intlNames(
      { month: "long" },
      "month",
      [...Array(12).keys()].map((m) => Date.UTC(2009, m, 1)),
    ),
    shortMonths: intlNames(
      { month: "short" },
      "month",
      [...Array(12).keys()].map((m) => Date.UTC(2009, m, 1)),
    ),
  });

const pad2 = (n: number): string => String(n).padStart(2, "0");

/** The weekday's name. @example weekdayName(wallClock(new Date("2026-03-02T07:00:00Z"), "Europe/London")) // "Monday" */
export const weekdayName = (local: WallClock): string => namesOf().weekdays[local.weekday - 1] as string;

/** Weekday, day and month. @example longDate(wallClock(new Date("2026-03-02T07:00:00Z"), "Europe/London")) // "Monday 2 March" */
export const longDate = (local: WallClock): string => `${weekdayName(local)} ${local.day} ${namesOf().months[local.month - 1] as string}`;

/** Day and short month, for chart labels. @example shortDate(wallClock(new Date("2026-09-14T07:00:00Z"), "UTC")) // "14 Sept" */
export const shortDate = (local: WallClock): string => `${local.day} ${namesOf().shortMonths[local.month - 1] as string}`;

/** The time on a 12-hour clock, minutes only when not on the hour. @example "7 am", "7:30 pm", "12 pm" */
export const time12 = (local: WallClock): string =>
  `${local.hour % 12 || 12}${local.minute === 0 ? "" : `:${pad2(local.minute)}`} ${local.hour < 12 ? "am" : "pm"}`;

/** The time on a 24-hour clock. @example "07:00", "18:30" */
export const time24 = (local: WallClock): string => `${pad2(local.hour)}:${pad2(local.minute)}`;
