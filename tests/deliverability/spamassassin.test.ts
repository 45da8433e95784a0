import { execFileSync } from "node:child_process";
import { simpleParser } from "mailparser";
import { describe, expect, it } from "vitest";
import { confirmationEmail, welcomeEmail } from "../../functions/app/emails.js";
import { weeklyEmail } from "../../functions/app/dispatch.js";
import { Links } from "../../functions/app/links.js";
import { loadConfig } from "../../functions/config.js";
import type { Runner } from "../../functions/domain/profile.js";
import { signupSchema } from "../../functions/domain/profile.js";
import { PROGRAMME_WEEKS } from "../../functions/domain/render/index.js";
import { parseTokenKeys } from "../../functions/domain/tokens.js";
import type { OutgoingEmail } from "../../functions/mail/mime.js";
import { buildMime } from "../../functions/mail/mime.js";

const NOW = new Date("2026-12-06T07:00:00Z");
const config = { ...loadConfig(process.env), LEGWORK_BASE_URL: "https://coach.legwork.example" };
const links = new Links(parseTokenKeys(config.LEGWORK_TOKEN_KEYS ?? ""), config.LEGWORK_BASE_URL, config.LEGWORK_REPLY_DOMAIN);

// The hostile profile from the acceptance gate: markup and a CRLF header injection in the name.
const hostile = signupSchema.parse({
  email: "sam@example.com",
  name: "<script>alert(1)</script>\r\nBcc: victim@example.com",
  level: "new",
  goal: "10k",
  runsPerWeek: 3,
  units: "imperial",
  timezone: "America/New_York",
  sendDay: "sun",
  sendHour: 7,
  soreAreas: ["calves", "shins"],
  consent: true,
});
const { consent: _c, ...profile } = hostile;
const runner: Runner = {
  ...profile,
  id: "spamcheck0001",
  status: "active",
  week: 0,
  nextSendAt: NOW.toISOString(),
  createdAt: NOW.toISOString(),
  updatedAt: NOW.toISOString(),
  consentAt: NOW.toISOString(),
  consentSource: "test",
};

const emails: [string, OutgoingEmail, boolean][] = [
  ["confirmation", confirmationEmail(config, links, runner, NOW), false],
  ["welcome", welcomeEmail(config, links, runner, NOW), true],
  ...Array.from({ length: PROGRAMME_WEEKS }, (_, i): [string, OutgoingEmail, boolean] => [
    `week ${i + 1}`,
    weeklyEmail(config, links, { ...runner, week: i }, i + 1, NOW),
    true,
  ]),
];

const spamScore = (raw: Buffer): number => {
  const out = execFileSync("spamassassin", ["-L", "-t"], { input: raw, maxBuffer: 10 * 1024 * 1024 }).toString();
  const match = /^X-Spam-Status: (?:Yes|No), score=(-?[\d.]+)/m.exec(out);
  if (!match) throw new Error("spamassassin printed no score");
  return Number(match[1]);
};

describe("deliverability gate", () => {
  it.each(emails)("%s scores below 1.0 on SpamAssassin and is well formed", async (_label, email, isListMail) => {
    const raw = await buildMime(email);
    expect(spamScore(raw)).toBeLessThan(1.0);

    const parsed = await simpleParser(raw);
    const head = raw.toString("latin1").split("\r\n\r\n")[0]!.replace(/\r\n[ \t]+/g, " ");
    for (const name of ["Message-ID", "Date", "From", "To", "Subject"])
      expect(head.match(new RegExp(`^${name}:`, "gim")) ?? [], name).toHaveLength(1);
    expect(head).not.toMatch(/^(bcc|cc):/im);
    expect(parsed.text?.length).toBeGreaterThan(100);
    expect(parsed.html).toBeTruthy();
    expect(String(parsed.html)).not.toMatch(/<script/i);
    expect(String(parsed.html)).toContain(config.LEGWORK_POSTAL_ADDRESS.replace(/&/g, "&amp;"));
    expect(parsed.text).toContain(config.LEGWORK_POSTAL_ADDRESS);
    if (isListMail) {
      expect(head).toMatch(/^List-Unsubscribe: <https:\/\/[^>]+\/unsubscribe\?token=[a-z0-9.]+>$/m);
      expect(head).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click$/m);
      expect(String(parsed.html)).toMatch(/>\s*Unsubscribe\s*</i);
    }
  });
});
