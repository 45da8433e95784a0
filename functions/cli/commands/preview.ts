import { readFileSync } from "node:fs";
import * as z from "zod/mini";
import "../../lib/zod-locale.js";
import { weeklyEmail } from "../../app/dispatch.js";
import { Links } from "../../app/links.js";
import { loadConfig } from "../../config.js";
import type { Runner } from "../../domain/profile.js";
import { signupSchema } from "../../domain/profile.js";
import { PROGRAMME_WEEKS } from "../../domain/render/index.js";
import { parseTokenKeys } from "../../domain/tokens.js";
import { buildMime } from "../../mail/mime.js";
import { applyLocalEnv } from "../../../infra/local/env.js";
import type { CliIo } from "../io.js";
import { parseArgs } from "../io.js";

const previewProfileSchema = z.extend(signupSchema, { consent: z.optional(z.boolean()) });

/** A sample runner for previews when no profile file is given. */
export const SAMPLE_PROFILE = {
  email: "sam@example.com",
  name: "Sam",
  level: "new",
  goal: "10k",
  runsPerWeek: 3,
  units: "metric",
  timezone: "Europe/London",
  sendDay: "mon",
  sendHour: 7,
  soreAreas: ["calves"],
};

const PREVIEW_BASE_URL = "https://coach.legwork.example";

const readJson = (file: string): unknown => JSON.parse(readFileSync(file, "utf8"));

/** `legwork preview --week N [--profile F.json] [--format html|text|mime] [--now ISO] [--base-url URL]` */
export const USAGE = "usage: legwork preview --week N [--format html|text|mime] [--profile FILE.json] [--now ISO] [--base-url URL]";

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
  const raw = typeof options["profile"] === "string" ? readJson(options["profile"]) : SAMPLE_PROFILE;
  const parsed = previewProfileSchema.safeParse(raw);
  if (!parsed.success) {
    io.stderr(JSON.stringify({ error: { code: "invalid_profile", fields: parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })) } }));
    return 2;
  }
  const now = typeof options["now"] === "string" ? new Date(options["now"]) : new Date();
  // Previews show the email as production sends it: https links (RFC 8058 needs https for one-click),
  // unless a base URL is set explicitly.
  const baseUrl = typeof options["base-url"] === "string" ? options["base-url"] : (process.env["LEGWORK_BASE_URL"] ?? PREVIEW_BASE_URL);
  applyLocalEnv();
  const config = loadConfig();
  const { consent: _c, ...profile } = parsed.data;
  const runner: Runner = {
    ...profile,
    id: "preview0runner",
    status: "active",
    week: week - 1,
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
    consentAt: now.toISOString(),
    consentSource: "preview",
  };
  const links = new Links(parseTokenKeys(config.LEGWORK_TOKEN_KEYS ?? ""), baseUrl, config.LEGWORK_REPLY_DOMAIN);
  const email = weeklyEmail(config, links, runner, week, now);
  if (format === "mime") process.stdout.write(await buildMime(email));
  else io.stdout(format === "text" ? email.text : email.html);
  return 0;
};
