import { describe, expect, it } from "vitest";
import {
  GOALS,
  LEVELS,
  SEND_DAYS,
  SORE_AREAS,
  UNITS,
  normaliseEmail,
  normaliseName,
  preferencesSchema,
  signupSchema,
} from "../../functions/domain/profile.js";

const MINIMAL = { email: "ada@example.com", consent: true } as const;

const FULL = {
  email: "ada@example.com",
  name: "Ada Lovelace",
  level: "returning",
  goal: "half",
  runsPerWeek: 4,
  units: "imperial",
  timezone: "Pacific/Auckland",
  sendDay: "sat",
  sendHour: 6,
  soreAreas: ["calves", "knees"],
  consent: true,
} as const;

/** The top-level field names the issues point at, deduplicated and sorted. */
const issuePaths = (input: unknown): string[] => {
  const result = signupSchema.safeParse(input);
  if (result.success) return [];
  return [...new Set(result.error.issues.map((issue) => String(issue.path[0] ?? "")))].sort();
};

/** A syntactically plausible address of exactly `length` characters (64-character local part). */
const emailOfLength = (length: number): string => {
  const labels: string[] = [];
  let remaining = length - 65; // the domain's length, after 64 characters of local part and the @
  while (remaining > 63) {
    labels.push("b".repeat(63));
    remaining -= 64;
  }
  labels.push("c".repeat(remaining));
  return `${"a".repeat(64)}@${labels.join(".")}`;
};

describe("signupSchema accepts valid signups", () => {
  it("a full signup keeps every field", () => {
    // Act
    const result = signupSchema.parse(FULL);

    // Assess
    expect(result).toEqual({ ...FULL, soreAreas: ["calves", "knees"] });
  });

  it("a minimal signup gets the defaults", () => {
    // Act
    const result = signupSchema.parse(MINIMAL);

    // Assess
    expect(result).toEqual({
      email: "ada@example.com",
      consent: true,
      level: "new",
      goal: "general",
      runsPerWeek: 3,
      units: "metric",
      timezone: "UTC",
      sendDay: "mon",
      sendHour: 7,
      soreAreas: [],
    });
    expect(result.name).toBeUndefined();
  });

  it.each([
    ...LEVELS.map((level) => ({ field: "level", value: level })),
    ...GOALS.map((goal) => ({ field: "goal", value: goal })),
    ...UNITS.map((units) => ({ field: "units", value: units })),
    ...SEND_DAYS.map((sendDay) => ({ field: "sendDay", value: sendDay })),
    { field: "sendHour", value: 0 },
    { field: "sendHour", value: 23 },
    { field: "runsPerWeek", value: 0 },
    { field: "runsPerWeek", value: 14 },
    { field: "timezone", value: "Europe/London" },
    { field: "timezone", value: "America/Los_Angeles" },
    { field: "timezone", value: "Asia/Kolkata" },
    { field: "soreAreas", value: [...SORE_AREAS] },
    { field: "name", value: "x".repeat(60) },
  ])("accepts $field = $value", ({ field, value }) => {
    // Act
    const result = signupSchema.safeParse({ ...MINIMAL, [field]: value });

    // Assess
    expect(result.success).toBe(true);
    expect(result.data?.[field as keyof typeof result.data]).toEqual(value);
  });

  it.each([
    { field: "sendHour", value: "7", expected: 7 },
    { field: "sendHour", value: "0", expected: 0 },
    { field: "runsPerWeek", value: "14", expected: 14 },
  ])("coerces form text $field = $value to a number", ({ field, value, expected }) => {
    // Act
    const result = signupSchema.parse({ ...MINIMAL, [field]: value });

    // Assess
    expect(result[field as "sendHour" | "runsPerWeek"]).toBe(expected);
  });

  it("accepts an email of exactly 254 characters", () => {
    // Prepare
    const email = emailOfLength(254);

    // Act
    const result = signupSchema.safeParse({ ...MINIMAL, email });

    // Assess
    expect(email).toHaveLength(254);
    expect(result.success).toBe(true);
    expect(result.data?.email).toBe(email);
  });

  it("drops fields the contract does not know", () => {
    // Act
    const result = signupSchema.parse({ ...MINIMAL, website: "spam", isAdmin: true, status: "active" });

    // Assess
    expect(Object.keys(result)).not.toContain("website");
    expect(Object.keys(result)).not.toContain("isAdmin");
    expect(Object.keys(result)).not.toContain("status");
  });
});

describe("signupSchema rejects bad fields, naming the field", () => {
  it.each([
    { what: "missing email", input: { consent: true }, field: "email" },
    { what: "email not a string", input: { ...MINIMAL, email: 42 }, field: "email" },
    { what: "empty email", input: { ...MINIMAL, email: "" }, field: "email" },
    { what: "email without @", input: { ...MINIMAL, email: "ada.example.com" }, field: "email" },
    { what: "email without domain", input: { ...MINIMAL, email: "ada@" }, field: "email" },
    { what: "email without local part", input: { ...MINIMAL, email: "@example.com" }, field: "email" },
    { what: "email with a space inside", input: { ...MINIMAL, email: "ada lovelace@example.com" }, field: "email" },
    { what: "email with an injected header", input: { ...MINIMAL, email: "ada@example.com\r\nBcc: evil@example.net" }, field: "email" },
    { what: "two emails", input: { ...MINIMAL, email: "ada@example.com, bob@example.com" }, field: "email" },
    { what: "255-character email", input: { ...MINIMAL, email: emailOfLength(255) }, field: "email" },
    { what: "300-character email", input: { ...MINIMAL, email: emailOfLength(300) }, field: "email" },
    { what: "missing consent", input: { email: "ada@example.com" }, field: "consent" },
    { what: "consent false", input: { ...MINIMAL, consent: false }, field: "consent" },
    { what: 'consent "true" as text', input: { ...MINIMAL, consent: "true" }, field: "consent" },
    { what: "consent 1", input: { ...MINIMAL, consent: 1 }, field: "consent" },
    { what: 'timezone "Mars/Olympus"', input: { ...MINIMAL, timezone: "Mars/Olympus" }, field: "timezone" },
    { what: "empty timezone", input: { ...MINIMAL, timezone: "" }, field: "timezone" },
    { what: "timezone not a string", input: { ...MINIMAL, timezone: 1 }, field: "timezone" },
    { what: "sendHour 99", input: { ...MINIMAL, sendHour: 99 }, field: "sendHour" },
    { what: "sendHour 24", input: { ...MINIMAL, sendHour: 24 }, field: "sendHour" },
    { what: "sendHour -1", input: { ...MINIMAL, sendHour: -1 }, field: "sendHour" },
    { what: "sendHour 7.5", input: { ...MINIMAL, sendHour: 7.5 }, field: "sendHour" },
    { what: 'sendHour "seven"', input: { ...MINIMAL, sendHour: "seven" }, field: "sendHour" },
    { what: "runsPerWeek 15", input: { ...MINIMAL, runsPerWeek: 15 }, field: "runsPerWeek" },
    { what: "runsPerWeek -1", input: { ...MINIMAL, runsPerWeek: -1 }, field: "runsPerWeek" },
    { what: "runsPerWeek 2.5", input: { ...MINIMAL, runsPerWeek: 2.5 }, field: "runsPerWeek" },
    { what: "unknown soreArea", input: { ...MINIMAL, soreAreas: ["calves", "elbows"] }, field: "soreAreas" },
    { what: "soreAreas not an array", input: { ...MINIMAL, soreAreas: "calves" }, field: "soreAreas" },
    { what: "unknown level", input: { ...MINIMAL, level: "elite" }, field: "level" },
    { what: "unknown goal", input: { ...MINIMAL, goal: "100k" }, field: "goal" },
    { what: "unknown units", input: { ...MINIMAL, units: "furlongs" }, field: "units" },
    { what: "unknown sendDay", input: { ...MINIMAL, sendDay: "monday" }, field: "sendDay" },
    { what: "sendDay in the wrong case", input: { ...MINIMAL, sendDay: "Mon" }, field: "sendDay" },
    { what: "61-character name", input: { ...MINIMAL, name: "x".repeat(61) }, field: "name" },
    { what: "name not a string", input: { ...MINIMAL, name: 42 }, field: "name" },
  ])("$what → an issue on $field only", ({ input, field }) => {
    // Act
    const paths = issuePaths(input);

    // Assess
    expect(paths).toEqual([field]);
  });

  it("names every bad field at once", () => {
    // Prepare
    const input = { email: "nope", consent: false, sendHour: 99, runsPerWeek: 15, timezone: "Mars/Olympus", level: "elite" };

    // Act
    const paths = issuePaths(input);

    // Assess
    expect(paths).toEqual(["consent", "email", "level", "runsPerWeek", "sendHour", "timezone"]);
  });

  it("gives a human message for each field", () => {
    // Act
    const result = signupSchema.safeParse({ email: "nope", consent: false, sendHour: 99, timezone: "Mars/Olympus" });

    // Assess
    const messages = Object.fromEntries(result.error?.issues.map((i) => [String(i.path[0]), i.message]) ?? []);
    expect(messages).toEqual({
      email: expect.stringContaining("email"),
      consent: expect.stringContaining("consent"),
      sendHour: expect.stringContaining("sendHour"),
      timezone: expect.stringContaining("timezone"),
    });
  });
});

describe("normalisation", () => {
  it.each([
    { raw: " Ada@Example.COM ", expected: "ada@example.com" },
    { raw: "ADA@EXAMPLE.COM", expected: "ada@example.com" },
    { raw: "\tada@example.com\n", expected: "ada@example.com" },
    { raw: "ada+legwork@example.co.uk", expected: "ada+legwork@example.co.uk" },
  ])("email $raw → $expected", ({ raw, expected }) => {
    // Act
    const result = signupSchema.parse({ ...MINIMAL, email: raw });

    // Assess
    expect(result.email).toBe(expected);
    expect(normaliseEmail(raw)).toBe(expected);
  });

  it("checks the 254 limit after trimming", () => {
    // Prepare: 254 characters of address inside surrounding spaces.
    const email = ` ${emailOfLength(254)} `;

    // Act
    const result = signupSchema.safeParse({ ...MINIMAL, email });

    // Assess
    expect(result.success).toBe(true);
  });

  it.each([
    { what: "surrounding spaces", raw: "  Ada  ", expected: "Ada" },
    { what: "runs of spaces", raw: "Ada    Lovelace", expected: "Ada Lovelace" },
    { what: "CR LF", raw: "Ada\r\nLovelace", expected: "Ada Lovelace" },
    { what: "a header injection attempt", raw: "Ada\r\nBcc: evil@example.net", expected: "Ada Bcc: evil@example.net" },
    { what: "lone LF", raw: "Ada\nLovelace", expected: "Ada Lovelace" },
    { what: "lone CR", raw: "Ada\rLovelace", expected: "Ada Lovelace" },
    { what: "tab", raw: "Ada\tLovelace", expected: "Ada Lovelace" },
    { what: "NUL", raw: "Ada\u0000Lovelace", expected: "AdaLovelace" },
    { what: "NUL between words", raw: "Ada \u0000Lovelace", expected: "Ada Lovelace" },
    { what: "escape (terminal control)", raw: "Ada\u001b[31mLovelace", expected: "Ada[31mLovelace" },
    { what: "DEL", raw: "Ada\u007fLovelace", expected: "AdaLovelace" },
    { what: "vertical tab and form feed", raw: "Ada\u000b\u000cLovelace", expected: "Ada Lovelace" },
    { what: "C1 next-line", raw: "Ada\u0085Lovelace", expected: "Ada Lovelace" },
    { what: "line separator", raw: "Ada\u2028Lovelace", expected: "Ada Lovelace" },
    { what: "paragraph separator", raw: "Ada\u2029Lovelace", expected: "Ada Lovelace" },
    { what: "right-to-left override", raw: "\u202eAda Lovelace", expected: "Ada Lovelace" },
    { what: "left-to-right embedding and pop", raw: "\u202aAda\u202c Lovelace", expected: "Ada Lovelace" },
    { what: "isolates", raw: "\u2066Ada\u2069 \u2067Lovelace\u2069", expected: "Ada Lovelace" },
    { what: "non-ASCII letters kept", raw: "  Zoë  Núñez-O'Brien ", expected: "Zoë Núñez-O'Brien" },
    { what: "non-Latin script kept", raw: "李 小龍", expected: "李 小龍" },
  ])("name with $what → $expected", ({ raw, expected }) => {
    // Act
    const result = signupSchema.parse({ ...MINIMAL, name: raw });

    // Assess
    expect(result.name).toBe(expected);
    expect(normaliseName(raw)).toBe(expected);
  });

  // Invisible characters that must not survive into a name (and so into a From/To display name or a
  // greeting): zero-width characters and every Unicode Bidi_Control character (UAX #9).
  const INVISIBLE = /[\u061c\u200b\u200e\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]/u;
  it.each([
    { what: "zero-width space U+200B", raw: "Ada\u200bLovelace" },
    { what: "word joiner U+2060", raw: "Ada\u2060Lovelace" },
    { what: "zero-width no-break space U+FEFF", raw: "\ufeffAda\ufeffLovelace" },
    { what: "left-to-right mark U+200E", raw: "Ada\u200eLovelace" },
    { what: "right-to-left mark U+200F", raw: "\u200fAdaLovelace" },
    { what: "Arabic letter mark U+061C", raw: "AdaLovelace\u061c" },
    { what: "right-to-left override U+202E", raw: "Ada\u202eLovelace" },
    { what: "first-strong isolate U+2068", raw: "Ada\u2068Lovelace" },
  ])("name with $what has it stripped", ({ raw }) => {
    // Act
    const result = signupSchema.parse({ ...MINIMAL, name: raw });

    // Assess
    expect(result.name).not.toMatch(INVISIBLE);
    expect(result.name?.replace(/ /g, "")).toBe("AdaLovelace");
  });

  it.each([
    { what: "empty", raw: "" },
    { what: "only spaces", raw: "    " },
    { what: "only control characters", raw: "\r\n\t\u0000" },
    { what: "only bidi overrides", raw: "\u202e\u202c" },
  ])("a name that is $what becomes absent", ({ raw }) => {
    // Act
    const result = signupSchema.parse({ ...MINIMAL, name: raw });

    // Assess
    expect(result.name).toBeUndefined();
  });

  it("checks the 60 limit after normalisation", () => {
    // Prepare: 60 visible characters padded with spaces and control characters.
    const raw = `  \r\n${"x".repeat(60)}\t  `;

    // Act
    const result = signupSchema.parse({ ...MINIMAL, name: raw });

    // Assess
    expect(result.name).toBe("x".repeat(60));
  });

  it.each([
    { raw: ["feet", "calves", "lower-back", "knees"], expected: ["calves", "knees", "feet", "lower-back"] },
    { raw: [...SORE_AREAS].reverse(), expected: [...SORE_AREAS] },
    { raw: ["hips", "hips", "calves", "hips"], expected: ["calves", "hips"] },
    { raw: [], expected: [] },
  ])("soreAreas $raw are ordered as SORE_AREAS: $expected", ({ raw, expected }) => {
    // Act
    const result = signupSchema.parse({ ...MINIMAL, soreAreas: raw });

    // Assess
    expect(result.soreAreas).toEqual(expected);
  });
});

describe("preferencesSchema", () => {
  it("needs no email or consent and fills the defaults", () => {
    // Act
    const result = preferencesSchema.parse({});

    // Assess
    expect(result).toEqual({
      level: "new",
      goal: "general",
      runsPerWeek: 3,
      units: "metric",
      timezone: "UTC",
      sendDay: "mon",
      sendHour: 7,
      soreAreas: [],
    });
  });

  it.each([
    { field: "timezone", value: "Mars/Olympus" },
    { field: "sendHour", value: 99 },
    { field: "runsPerWeek", value: 15 },
    { field: "soreAreas", value: ["elbows"] },
    { field: "sendDay", value: "someday" },
  ])("rejects $field = $value, naming the field", ({ field, value }) => {
    // Act
    const result = preferencesSchema.safeParse({ [field]: value });

    // Assess
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path[0])).toEqual([field]);
  });

  it("does not carry email or consent through", () => {
    // Act
    const result = preferencesSchema.parse({ email: "ada@example.com", consent: true, sendDay: "fri" });

    // Assess
    expect(result).not.toHaveProperty("email");
    expect(result).not.toHaveProperty("consent");
    expect(result.sendDay).toBe("fri");
  });
});

describe("usualRunMinutes and runDays (issue 14)", () => {
  it("are optional: a profile without them stays without them", () => {
    const result = signupSchema.parse(MINIMAL);
    expect("usualRunMinutes" in result).toBe(false);
    expect("runDays" in result).toBe(false);
  });

  it.each([10, 45, 240, "50"])("accepts a usual run of %j minutes (a form sends a string)", (value) => {
    expect(signupSchema.parse({ ...MINIMAL, usualRunMinutes: value }).usualRunMinutes).toBe(Number(value));
  });

  it("reads a form's empty box as not given", () => {
    expect(signupSchema.parse({ ...MINIMAL, usualRunMinutes: " " }).usualRunMinutes).toBeUndefined();
  });

  it.each([9, 241, 30.5, "abc", null, true])("refuses a usual run of %j, naming the field and the range", (value) => {
    const result = signupSchema.safeParse({ ...MINIMAL, usualRunMinutes: value });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([
      ["usualRunMinutes", "usualRunMinutes must be a whole number of minutes from 10 to 240"],
    ]);
  });

  it("keeps run days in week order, without repeats, and refuses an unknown day by name", () => {
    expect(preferencesSchema.parse({ runDays: ["sun", "tue", "sun", "mon"] }).runDays).toEqual(["mon", "tue", "sun"]);
    expect(issuePaths({ ...MINIMAL, runDays: ["funday"] })).toEqual(["runDays"]);
    expect(preferencesSchema.parse({ runDays: "sat" }).runDays).toEqual(["sat"]); // a form with one box ticked
    expect(SEND_DAYS).toHaveLength(7);
  });
});
