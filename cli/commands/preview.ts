import { readFileSync } from "node:fs";
import * as z from "zod/mini";
import "../../functions/domain/zod-locale.js";
import { planSend, weeklyEmail } from "../../functions/app/dispatch.js";
import { Links } from "../../functions/app/links.js";
import type { Config } from "../../functions/config.js";
import { loadConfig } from "../../functions/config.js";
import type { CheckinSummary } from "../../functions/domain/adapt.js";
import type { Runner } from "../../functions/domain/profile.js";
import { SAMPLE_PROFILE, previewRunner } from "../../functions/app/sample-runner.js";
import { SORE_AREAS, signupSchema } from "../../functions/domain/profile.js";
import { RED_FLAGS } from "../../functions/domain/reply/types.js";
import { PROGRAMME_WEEKS } from "../../functions/domain/render/index.js";
import { parseTokenKeys } from "../../functions/domain/tokens.js";
import type { OutgoingEmail } from "../../functions/mail/mime.js";
import { buildMime } from "../../functions/mail/mime.js";
import { applyLocalEnv } from "../../infra/local/env.js";
import type { CliIo } from "../shared/io.js";
import type { FlagSpec } from "../shared/io.js";
import { UsageError, parseArgs } from "../shared/io.js";

export const previewProfileSchema = z.extend(signupSchema, { consent: z.optional(z.boolean()) });

const PREVIEW_BASE_URL = "https://coach.legwork.example";

/**
 * One check-in for `--checkin`: the parse-reply JSON works as it is (its other keys are ignored).
 * `week` (the lesson it answered) and `at` default to a reply to the email before the previewed one.
 */
const previewCheckinSchema = z.object({
  soreness: z.nullable(z.int().check(z.gte(0), z.lte(10))),
  areas: z._default(z.array(z.enum(SORE_AREAS)), []),
  redFlags: z._default(z.array(z.enum(RED_FLAGS)), []),
  week: z.optional(z.int().check(z.gte(0))),
  at: z.optional(z.iso.datetime({ offset: true })),
});
/** One check-in or an array of them; always an array after parsing (a lone check-in's fields report as `0.…`). */
export const previewCheckinsSchema = z.pipe(
  z.transform((value: unknown) => (Array.isArray(value) ? value : [value])),
  z.array(previewCheckinSchema).check(z.minLength(1), z.maxLength(20)),
);

const DAY_MS = 86_400_000;

/**
 * The check-ins as the runner's record holds them, oldest first: the last one answered the email
 * before week `week` and arrived two days after it; each earlier one answered the week before.
 */
export const previewCheckins = (entries: z.infer<typeof previewCheckinSchema>[], week: number, now: Date): CheckinSummary[] =>
  entries.map((entry, i) => {
    const back = entries.length - 1 - i;
    return {
      at: entry.at ?? new Date(now.getTime() - (back * 7 + 5) * DAY_MS).toISOString(),
      week: entry.week ?? Math.max(0, week - 1 - back),
      soreness: entry.soreness,
      areas: entry.areas,
      redFlags: entry.redFlags,
    };
  });

export { PREVIEW_RUNNER_ID, SAMPLE_PROFILE, previewRunner } from "../../functions/app/sample-runner.js";

/** Check-ins from parsed JSON (one or an array), as `--checkin` takes them; UsageError naming the fields when invalid. */
export const previewCheckinsFrom = (raw: unknown, week: number, now: Date): CheckinSummary[] => {
  const parsed = previewCheckinsSchema.safeParse(raw);
  if (!parsed.success) throw new UsageError(`--checkin: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  return previewCheckins(parsed.data, week, now);
};

/** The signed links of a preview: the configured token keys and reply domain, links on `baseUrl`. */
export const previewLinks = (config: Config, baseUrl: string): Links =>
  new Links(parseTokenKeys(config.LEGWORK_TOKEN_KEYS ?? ""), baseUrl, config.LEGWORK_REPLY_DOMAIN);

/** What the dispatcher would send this runner in the slot at `now` (the lesson, or a recovery week after two high check-ins). */
export const previewEmail = (config: Config, links: Links, runner: Runner, now: Date): OutgoingEmail =>
  weeklyEmail(config, links, runner, planSend(runner), now);

/**
 * The exact bytes `preview --format mime` prints: the dispatcher's weekly email through the MIME
 * builder the SES mailer uses. tests/app/preview-bytes.test.ts pins them against what SES receives.
 */
export const previewMime = async (config: Config, links: Links, runner: Runner, now: Date): Promise<Buffer> =>
  buildMime(previewEmail(config, links, runner, now));

/** Reads and validates a JSON file; a problem is a message for stderr, never a throw. */
export const readJsonFile = <T>(
  file: string,
  what: string,
  schema: z.ZodMiniType<T>,
): { ok: true; value: T } | { ok: false; error: string } => {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    const reason =
      error instanceof SyntaxError ? "not valid JSON" : `cannot read it (${(error as { code?: string }).code ?? "unreadable"})`;
    return { ok: false, error: JSON.stringify({ error: { code: `invalid_${what}`, message: `${file}: ${reason}`, fields: [] } }) };
  }
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { ok: true, value: parsed.data };
  const fields = parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
  return { ok: false, error: JSON.stringify({ error: { code: `invalid_${what}`, message: `${file} is not a valid ${what}`, fields } }) };
};

export const FLAGS: FlagSpec = { values: ["week", "profile", "checkin", "format", "now", "base-url"] };

/** `legwork preview --week N [--profile F.json] [--checkin F.json] [--format html|text|mime] [--now ISO] [--base-url URL]` */
export const USAGE =
  "usage: legwork preview --week N [--format html|text|mime] [--profile FILE.json] [--checkin FILE.json] [--now ISO] [--base-url URL]\n" +
  "  --checkin: one check-in or an array of them, oldest first, each {soreness: 0-10|null, areas?, redFlags?, week?, at?};\n" +
  "             the JSON that parse-reply prints works as it is";

/**
 * The profile (the sample runner when none is given), the check-ins and the instant that `preview` and
 * `plan` read from their options; a bad one is an error message that names it.
 */
export const readPreviewInputs = (
  command: string,
  options: Record<string, string | true>,
  usage: string,
):
  | { ok: true; profile: z.output<typeof previewProfileSchema>; checkins: z.output<typeof previewCheckinsSchema>; now: Date }
  | { ok: false; error: string } => {
  const profile =
    typeof options["profile"] === "string"
      ? readJsonFile(options["profile"], "profile", previewProfileSchema)
      : { ok: true as const, value: previewProfileSchema.parse(SAMPLE_PROFILE) };
  if (!profile.ok) return profile;
  const checkins =
    typeof options["checkin"] === "string"
      ? readJsonFile(options["checkin"], "checkin", previewCheckinsSchema)
      : { ok: true as const, value: [] };
  if (!checkins.ok) return checkins;
  const now = typeof options["now"] === "string" ? new Date(options["now"]) : new Date();
  if (Number.isNaN(now.getTime()))
    return { ok: false, error: `${command}: --now must be an ISO instant such as 2026-12-07T07:00:00Z\n${usage}` };
  return { ok: true, profile: profile.value, checkins: checkins.value, now };
};

export const run = async (argv: string[], io: CliIo): Promise<number> => {
  const { options } = parseArgs(argv);
  const week = Number(options["week"]);
  if (!Number.isInteger(week) || week < 1 || week > PROGRAMME_WEEKS) {
    io.stderr(`preview: --week must be a whole number from 1 to ${PROGRAMME_WEEKS}\n${USAGE}`);
    return 2;
  }
  const format = typeof options["format"] === "string" ? options["format"] : "html";
  if (!["html", "text", "mime"].includes(format)) {
    io.stderr("preview: --format must be html, text or mime");
    return 2;
  }
  const inputs = readPreviewInputs("preview", options, USAGE);
  if (!inputs.ok) {
    io.stderr(inputs.error);
    return 2;
  }
  const { profile: parsedProfile, checkins: parsedCheckins, now } = inputs;
  // Previews show the email as production sends it: https links (RFC 8058 needs https for one-click),
  // unless a base URL is set explicitly.
  const baseUrl = typeof options["base-url"] === "string" ? options["base-url"] : (process.env["LEGWORK_BASE_URL"] ?? PREVIEW_BASE_URL);
  applyLocalEnv();
  const config = loadConfig();
  const { consent: _c, ...profile } = parsedProfile;
  const runner = previewRunner(profile, { week, now, checkins: previewCheckins(parsedCheckins, week, now) });
  const links = previewLinks(config, baseUrl);
  if (format === "mime") {
    process.stdout.write(await previewMime(config, links, runner, now));
    return 0;
  }
  const email = previewEmail(config, links, runner, now);
  io.stdout(format === "text" ? email.text : email.html);
  return 0;
};
