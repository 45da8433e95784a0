/**
 * Property: whatever the client does to the quote, a reply that quotes an email Legwork sent reads
 * exactly as the runner's words alone. Every email type Legwork sends a runner × every quoting style
 * (none, ">", HTML blockquote, a header block in each supported language, unprefixed, unprefixed under
 * an attribution in an unknown language) × a few things runners say.
 */
import { describe, expect, it } from "vitest";
import { ownMailFor, sentEmailsFor } from "../../../functions/app/own-mail.js";
import { loadConfig } from "../../../functions/config.js";
import type { Runner } from "../../../functions/domain/profile.js";
import { parseMessage, parseReplyText, quoteOwnMail, ownMailOf } from "../../../functions/domain/reply/index.js";
import type { Deps } from "../../../functions/wiring.js";
import { pendingRunner } from "../../support/runners.js";
import { HEADER_BLOCKS } from "./own-mail-styles.js";

const NOW = new Date("2026-03-02T07:00:00Z");
const config = loadConfig({ LEGWORK_FROM: "Legwork Coach <coach@legwork.example>", LEGWORK_REPLY_DOMAIN: "reply.legwork.example" });
const deps = { config, keys: { current: "k1", keys: { k1: "a".repeat(64) } } } as unknown as Deps;
const runner: Runner = pendingRunner(NOW, {
  name: "Sam",
  email: "sam@example.org",
  status: "active",
  week: 3,
  soreAreas: ["calves", "knees"],
  recentCheckins: [{ at: "2026-02-23T08:00:00Z", week: 2, soreness: 7, areas: ["calves", "shins"], redFlags: ["sharp_pain"] }],
});

const NOTES = ["calves about a 7 after the long run"];
/** What the app fingerprints: each email is also quoted on its own below. */
const own = ownMailFor(deps, runner, NOW, NOTES);
const SENT = sentEmailsFor(deps, runner, NOW, NOTES);

const WORDS = [
  "Legs fine, about a 2.",
  "calves 3",
  "Knees a bit stiff, maybe 4/10 after the hills. No pain otherwise.",
  "PAUSE 2 weeks please, away on holiday",
];

const gt = (text: string) =>
  text
    .split("\n")
    .map((l) => `> ${l}`)
    .join("\n");
const htmlEscape = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

type Style = {
  name: string;
  text?: (words: string, sent: { subject: string; text: string; html: string }) => string;
  html?: (words: string, sent: { html: string }) => string;
};

const STYLES: Style[] = [
  { name: "none", text: (w) => w },
  { name: ">", text: (w, s) => `${w}\n\nOn Mon, 2 Mar 2026 at 07:00, Legwork Coach <coach@legwork.example> wrote:\n\n${gt(s.text)}\n` },
  {
    name: "html blockquote",
    html: (w, s) => `<div dir="ltr">${htmlEscape(w)}</div><br><div class="gmail_quote"><blockquote>${s.html}</blockquote></div>`,
  },
  { name: "html nested body, no quote class", html: (w, s) => `<html><body><p>${htmlEscape(w)}</p><div>${s.html}</div></body></html>` },
  { name: "unprefixed", text: (w, s) => `${w}\n\n${s.text}` },
  { name: "unprefixed, unknown attribution", text: (w, s) => `${w}\n\nZu 2.3.2026 kl 7 ya Legwork Coach:\n\n${s.text}` },
  { name: "bottom, unprefixed", text: (w, s) => `${s.text}\n\n${w}` },
  ...HEADER_BLOCKS.map((block): Style => ({
    name: `header block: ${block.locale}`,
    text: (w, s) => `${w}\n\n${block.lines(s.subject).join("\n")}\n\n${s.text}`,
  })),
];

const rawOf = (style: Style, words: string, sent: { subject: string; text: string; html: string }): string => {
  const head = `From: Sam <sam@example.org>\r\nTo: checkin+tok@reply.legwork.example\r\nSubject: Re: ${sent.subject}\r\nMessage-ID: <r1@example.org>\r\nMIME-Version: 1.0\r\n`;
  if (style.text) {
    const body = Buffer.from(style.text(words, sent).replace(/\n/g, "\r\n"), "utf8").toString("base64");
    return `${head}Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n${body}\r\n`;
  }
  const body = Buffer.from(style.html!(words, sent), "utf8").toString("base64");
  return `${head}Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n${body}\r\n`;
};

describe("a reply quoting Legwork's own email reads as the runner's words alone", () => {
  it("regenerates every type Legwork sends", () => {
    expect(SENT.map((e) => e.name)).toEqual(
      expect.arrayContaining(["weekly", "recovery", "ack", "triage", "stop", "pause", "resume", "confirmation", "welcome", "unsubscribed"]),
    );
    expect(own.shingles.size).toBeGreaterThan(500);
  });

  for (const style of STYLES) {
    it(`quoting style: ${style.name}`, async () => {
      const misses: string[] = [];
      for (const sent of SENT) {
        for (const words of WORDS) {
          const reply = (await parseMessage(rawOf(style, words, sent), {}, own)).reply;
          const expected = { ...parseReplyText(words), text: words };
          if (JSON.stringify(reply) !== JSON.stringify(expected))
            misses.push(`${sent.name} / ${words}: ${JSON.stringify(reply).slice(0, 300)}`);
        }
      }
      expect(misses).toEqual([]);
    });
  }

  it("without the fingerprint the unprefixed quote would be read (the defence is what removes it)", async () => {
    const weekly = SENT.find((e) => e.name === "weekly")!;
    const raw = rawOf(
      STYLES.find((s) => s.name === "unprefixed")!,
      "Legs fine, about a 2.",
      weekly,
    );
    expect((await parseMessage(raw)).reply.text.length).toBeGreaterThan(200);
  });

  it("keeps the runner's words on a line that also repeats Legwork's", () => {
    const mine = ownMailOf([{ text: "How sore are your legs today on a scale from 0 to 10" }]);
    expect(quoteOwnMail("How sore are your legs today on a scale from 0 to 10 mine are a 3", mine)).toBe("mine are a 3");
  });
});
