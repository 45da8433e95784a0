import { simpleParser } from "mailparser";
import { beforeAll, describe, expect, it } from "vitest";
import { confirmationEmail, welcomeEmail } from "../../functions/app/emails.js";
import { weeklyEmail } from "../../functions/app/dispatch.js";
import { senderDomain } from "../../functions/app/envelope.js";
import { Links } from "../../functions/app/links.js";
import { loadConfig } from "../../functions/config.js";
import type { Runner } from "../../functions/domain/profile.js";
import { signupSchema } from "../../functions/domain/profile.js";
import type { RenderedEmail } from "../../functions/domain/render/index.js";
import { PROGRAMME_WEEKS, renderAck, renderCommandReply, renderTriage, renderUnsubscribed } from "../../functions/domain/render/index.js";
import { parseTokenKeys } from "../../functions/domain/tokens.js";
import type { OutgoingEmail } from "../../functions/mail/mime.js";
import { buildMime } from "../../functions/mail/mime.js";
import { spamdReady, spamScore } from "../support/spamd.js";

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
  [
    "week 3 adapted after calves 7/10",
    weeklyEmail(config, links, { ...runner, week: 2, recentCheckins: [{ ...recent[0]!, week: 2 }] }, 3, NOW),
    true,
  ],
  ["recovery week", weeklyEmail(config, links, { ...runner, week: 3, recentCheckins: recent }, { kind: "recovery", week: 3 }, NOW), true],
  [
    "acknowledgement",
    transactional("ack", renderAck({ profile, soreness: 6, areas: ["calves"], note: "calves about a 6 <b>today</b>", footer })),
    false,
  ],
  [
    "acknowledgement without a score",
    transactional("ack", renderAck({ profile, soreness: null, areas: [], note: "thanks!", footer })),
    false,
  ],
  [
    "triage",
    transactional("triage", renderTriage({ profile, redFlags: ["sharp_pain", "swelling"], areas: ["shins"], resumeHint: "", footer })),
    false,
  ],
  [
    "pause reply",
    transactional("pause", renderCommandReply({ profile, command: "pause", pausedUntil: "2026-12-27T07:00:00Z", footer })),
    false,
  ],
  [
    "resume reply",
    transactional("resume", renderCommandReply({ profile, command: "resume", nextSendAt: "2026-12-13T12:00:00Z", footer })),
    false,
  ],
  ["stop reply", transactional("stop", renderCommandReply({ profile, command: "stop", undoUrl: footer.unsubscribeUrl, footer })), false],
  [
    "unsubscribe confirmation",
    transactional(
      "unsubscribed",
      renderUnsubscribed({
        profile,
        resubscribeUrl: footer.unsubscribeUrl,
        preferencesUrl: footer.preferencesUrl,
        postalAddress: config.LEGWORK_POSTAL_ADDRESS,
      }),
    ),
    false,
  ],
];

/** One node of a MIME tree, read from the raw bytes: its own headers, decoded body and child parts. */
interface MimePart {
  type: string;
  charset: string | undefined;
  body: string;
  parts: MimePart[];
}

const decode = (body: string, encoding: string): Buffer => {
  if (encoding === "base64") return Buffer.from(body.replace(/\s+/g, ""), "base64");
  if (encoding === "quoted-printable") {
    const bytes = body.replace(/=\r\n/g, "").replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    return Buffer.from(bytes, "latin1");
  }
  return Buffer.from(body, "latin1");
};

/**
 * Splits raw MIME on its declared boundaries (RFC 2046), recursively: the part structure as a mail
 * client sees it, not text a parser derives. Bodies are decoded by their Content-Transfer-Encoding.
 */
const mimeTree = (raw: string): MimePart => {
  const split = raw.indexOf("\r\n\r\n");
  const head = (split < 0 ? raw : raw.slice(0, split)).replace(/\r\n[ \t]+/g, " ");
  const body = split < 0 ? "" : raw.slice(split + 4);
  const contentType = /^content-type:[ \t]*([^\r\n]*)/im.exec(head)?.[1] ?? "text/plain";
  const type = contentType.split(";")[0]!.trim().toLowerCase();
  const param = (name: string) => new RegExp(`;\\s*${name}="?([^";]+)"?`, "i").exec(contentType)?.[1];
  const boundary = param("boundary");
  if (type.startsWith("multipart/") && boundary) {
    const sections = body.split(`--${boundary}`);
    const parts = sections
      .slice(1)
      .filter((section) => !section.startsWith("--"))
      .map((section) => mimeTree(section.replace(/^\r\n/, "").replace(/\r\n$/, "")));
    return { type, charset: undefined, body: "", parts };
  }
  const encoding = (/^content-transfer-encoding:[ \t]*(\S+)/im.exec(head)?.[1] ?? "7bit").toLowerCase();
  return { type, charset: param("charset")?.toLowerCase(), body: decode(body, encoding).toString("utf8"), parts: [] };
};

const leaves = (part: MimePart): MimePart[] => (part.parts.length ? part.parts.flatMap(leaves) : [part]);
const lf = (text: string) => text.replace(/\r\n/g, "\n").replace(/\n+$/, "");

describe("deliverability gate", () => {
  // The run's spamd (tests/support/spamd.ts) loads its rules once, while other files run.
  beforeAll(() => spamdReady());

  it.each(emails)("%s scores below 1.0 on SpamAssassin and is well formed", async (_label, email, isListMail) => {
    const raw = await buildMime(email);
    const score = await spamScore(raw);
    console.log(`SpamAssassin ${score.toFixed(1)}  ${_label}`);
    expect(score).toBeLessThan(1.0);

    const parsed = await simpleParser(raw);
    const head = raw
      .toString("latin1")
      .split("\r\n\r\n")[0]!
      .replace(/\r\n[ \t]+/g, " ");
    for (const name of ["Message-ID", "Date", "From", "To", "Subject"])
      expect(head.match(new RegExp(`^${name}:`, "gim")) ?? [], name).toHaveLength(1);
    expect(head).not.toMatch(/^(bcc|cc):/im);
    expect(parsed.text?.length).toBeGreaterThan(100);
    expect(parsed.html).toBeTruthy();
    expect(String(parsed.html)).not.toMatch(/<script/i);
    expect(String(parsed.html)).toContain(config.LEGWORK_POSTAL_ADDRESS.replace(/&/g, "&amp;"));
    expect(parsed.text).toContain(config.LEGWORK_POSTAL_ADDRESS);
    // A real text/plain part: its own node in the MIME tree, before the HTML in multipart/alternative
    // (the last part is the one clients prefer), holding exactly the text the renderer wrote.
    const tree = mimeTree(raw.toString("latin1"));
    expect(tree.type).toBe("multipart/alternative");
    expect(tree.parts.map((p) => p.type)).toEqual(["text/plain", "text/html"]);
    const plain = leaves(tree).filter((p) => p.type === "text/plain");
    expect(plain).toHaveLength(1);
    expect(plain[0]!.charset).toBe("utf-8");
    expect(lf(plain[0]!.body)).toBe(lf(email.text));
    expect(plain[0]!.body).not.toMatch(/<(html|body|table|td|p|a)\b/i);
    expect(lf(leaves(tree).find((p) => p.type === "text/html")!.body)).toBe(lf(email.html));
    // Every email links the preferences page, except the confirmation: a pending address has nothing
    // to manage yet.
    const prefs = /\/preferences\?token=[a-z0-9.]+/;
    if (_label === "confirmation") expect(email.html + email.text).not.toMatch(prefs);
    else {
      expect(email.html).toMatch(prefs);
      expect(plain[0]!.body).toMatch(prefs);
    }
    if (isListMail) {
      expect(head).toMatch(/^List-Unsubscribe: <https:\/\/[^>]+\/unsubscribe\?token=[a-z0-9.]+>$/m);
      expect(head).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click$/m);
      expect(String(parsed.html)).toMatch(/>\s*Unsubscribe\s*</i);
    }
  });
});
