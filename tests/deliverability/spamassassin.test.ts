import { execFileSync } from "node:child_process";
import { simpleParser } from "mailparser";
import { describe, expect, it } from "vitest";
import { confirmationEmail, welcomeEmail } from "../../functions/app/emails.js";
import { weeklyEmail } from "../../functions/app/dispatch.js";
import { senderDomain } from "../../functions/app/emails.js";
import { Links } from "../../functions/app/links.js";
import { loadConfig } from "../../functions/config.js";
import type { Runner } from "../../functions/domain/profile.js";
import { signupSchema } from "../../functions/domain/profile.js";
import type { RenderedEmail } from "../../functions/domain/render/index.js";
import { PROGRAMME_WEEKS, renderAck, renderCommandReply, renderTriage, renderUnsubscribed } from "../../functions/domain/render/index.js";
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

const footer = {
  unsubscribeUrl: links.unsubscribe(runner.id, NOW),
  preferencesUrl: links.preferences(runner.id, NOW),
  postalAddress: config.LEGWORK_POSTAL_ADDRESS,
};
const transactional = (kind: string, rendered: RenderedEmail): OutgoingEmail => ({
  from: config.LEGWORK_FROM,
  to: runner.email,
  ...rendered,
  replyTo: links.replyTo(runner.id, NOW),
  messageId: `<${kind}.${runner.id}@${senderDomain(config.LEGWORK_FROM)}>`,
  date: NOW,
});
const recent = [
  { at: "2026-11-23T08:00:00Z", week: 0, soreness: 7, areas: ["calves" as const], redFlags: [] },
  { at: "2026-11-30T08:00:00Z", week: 0, soreness: 8, areas: ["calves" as const], redFlags: [] },
];

const emails: [string, OutgoingEmail, boolean][] = [
  ["confirmation", confirmationEmail(config, links, runner, NOW), false],
  ["welcome", welcomeEmail(config, links, runner, NOW), true],
  ...Array.from({ length: PROGRAMME_WEEKS }, (_, i): [string, OutgoingEmail, boolean] => [
    `week ${i + 1}`,
    weeklyEmail(config, links, { ...runner, week: i }, i + 1, NOW),
    true,
  ]),
  ["week 3 adapted after calves 7/10", weeklyEmail(config, links, { ...runner, week: 2, recentCheckins: [{ ...recent[0]!, week: 2 }] }, 3, NOW), true],
  ["recovery week", weeklyEmail(config, links, { ...runner, week: 3, recentCheckins: recent }, { kind: "recovery", week: 3 }, NOW), true],
  ["acknowledgement", transactional("ack", renderAck({ profile, soreness: 6, areas: ["calves"], note: "calves about a 6 <b>today</b>", footer })), false],
  ["acknowledgement without a score", transactional("ack", renderAck({ profile, soreness: null, areas: [], note: "thanks!", footer })), false],
  ["triage", transactional("triage", renderTriage({ profile, redFlags: ["sharp_pain", "swelling"], areas: ["shins"], resumeHint: "", footer })), false],
  ["pause reply", transactional("pause", renderCommandReply({ profile, command: "pause", pausedUntil: "2026-12-27T07:00:00Z", footer })), false],
  ["resume reply", transactional("resume", renderCommandReply({ profile, command: "resume", nextSendAt: "2026-12-13T12:00:00Z", footer })), false],
  ["stop reply", transactional("stop", renderCommandReply({ profile, command: "stop", undoUrl: footer.unsubscribeUrl, footer })), false],
  ["unsubscribe confirmation", transactional("unsubscribed", renderUnsubscribed({ profile, resubscribeUrl: footer.unsubscribeUrl, postalAddress: config.LEGWORK_POSTAL_ADDRESS })), false],
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
    const score = spamScore(raw);
    console.log(`SpamAssassin ${score.toFixed(1)}  ${_label}`);
    expect(score).toBeLessThan(1.0);

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
