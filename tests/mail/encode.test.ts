import fc from "fast-check";
import { simpleParser } from "mailparser";
import { describe, expect, it } from "vitest";
import { encodedWords, headerField, mailbox, quotedPrintable } from "../../functions/mail/encode.js";
import type { OutgoingEmail } from "../../functions/mail/mime.js";
import { buildMime } from "../../functions/mail/mime.js";

const BASE: OutgoingEmail = {
  from: "Legwork Coach <coach@legwork.example>",
  to: "ada@example.com",
  subject: "Week 1: easy does it",
  html: "<p>Hello Ada,</p>",
  text: "Hello Ada,\n",
  messageId: "<week1.abcdefghij123@legwork.example>",
  date: new Date("2026-03-02T07:00:00.000Z"),
};

const headerBlock = (raw: Buffer): string => raw.toString("latin1").slice(0, raw.toString("latin1").indexOf("\r\n\r\n"));
const boundaryOf = (raw: Buffer): string => /boundary="([^"]+)"/.exec(raw.toString("latin1"))![1]!;
const FUZZ_RUNS = 60;

describe("the MIME composer's encodings", () => {
  it.each([
    { what: "accents and an emoji", subject: "Semaine 1 – Zoë 🏃" },
    { what: "a long subject", subject: `Week 3: ${"warm-up ".repeat(20)}done` },
    { what: "a long non-ASCII subject", subject: `Zoë, ${"échauffement ".repeat(12)}🏃‍♀️` },
    { what: "text that looks like an encoded word", subject: "=?UTF-8?Q?not_mine?= stays as typed" },
    { what: "two spaces in a row", subject: "easy  does it" },
  ])("round-trips a subject with $what, folded to 78 columns", async ({ subject }) => {
    // Act
    const raw = await buildMime({ ...BASE, subject });
    const mail = await simpleParser(raw);

    // Assess
    expect(mail.subject).toBe(subject);
    for (const line of headerBlock(raw).split("\r\n")) expect(line.length).toBeLessThanOrEqual(78);
  });

  it.each([
    { from: "Zoë Ünal <coach@legwork.example>", name: "Zoë Ünal" },
    { from: '"Coach, Legwork" <coach@legwork.example>', name: "Coach, Legwork" },
    { from: '"Legwork Coach, St. Ives" <coach@legwork.example>', name: "Legwork Coach, St. Ives" },
    { from: '"Ada \\"Coach\\" L." <coach@legwork.example>', name: 'Ada "Coach" L.' },
    { from: "coach@legwork.example", name: "" },
  ])("keeps the display name $name and its address", async ({ from, name }) => {
    // Act
    const mail = await simpleParser(await buildMime({ ...BASE, from }));

    // Assess
    expect(mail.from?.value).toEqual([{ name, address: "coach@legwork.example" }]);
  });

  it("writes an internationalised domain in ASCII (IDNA)", () => {
    expect(mailbox("to", "ada@bücher.example")).toEqual(["ada@xn--bcher-kva.example"]);
  });

  it.each(["ada@example.com, eve@example.net", "friends: ada@example.com;", "not an address", "", "zoë@example.com"])(
    "refuses %j as a To: each field names one ASCII mailbox",
    async (to) => {
      await expect(buildMime({ ...BASE, to })).rejects.toThrow(RangeError);
    },
  );

  it("gives an email without a Message-ID a fresh one at the sender's domain", async () => {
    // Act
    const a = await simpleParser(await buildMime({ ...BASE, messageId: "" }));
    const b = await simpleParser(await buildMime({ ...BASE, messageId: "" }));

    // Assess
    expect(a.messageId).toMatch(/^<[0-9a-f-]{36}@legwork\.example>$/);
    expect(a.messageId).not.toBe(b.messageId);
  });

  it("never lets a body line match the boundary, even when the body holds the boundary itself", async () => {
    // Prepare: the boundary derives from the Message-ID only, so a body can quote it exactly.
    const boundary = boundaryOf(await buildMime(BASE));
    const text = `--${boundary}\n--${boundary}--\nSubject: not a header\n`;
    const html = `<p>--${boundary}</p>`;

    // Act
    const raw = await buildMime({ ...BASE, text, html });
    const mail = await simpleParser(raw);

    // Assess
    expect(boundaryOf(raw)).toBe(boundary);
    const delimiters = raw
      .toString("latin1")
      .split("\r\n")
      .filter((line) => line.startsWith(`--${boundary}`));
    expect(delimiters).toEqual([`--${boundary}`, `--${boundary}`, `--${boundary}--`]);
    expect(mail.text).toBe(text); // mailparser gives text parts back with LF line ends
    expect(mail.html).toBe(html);
  });

  it("round-trips any text and HTML, with CRLF line ends and body lines of at most 76 characters", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: "grapheme", minLength: 1, maxLength: 400 }),
        fc.string({ unit: "grapheme", minLength: 1, maxLength: 400 }),
        fc.string({ unit: "grapheme", maxLength: 80 }),
        async (text, html, subject) => {
          // Act
          const raw = await buildMime({
            ...BASE,
            text,
            html,
            subject: subject.replace(/[\r\n]/g, " ").replaceAll(String.fromCharCode(0), " "),
          });
          const mail = await simpleParser(raw);

          // Assess
          const latin1 = raw.toString("latin1");
          expect(latin1).not.toMatch(/[^\r]\n|\r[^\n]/);
          expect(latin1).toMatch(/^[\x20-\x7e\r\n]*$/); // 7-bit throughout
          const body = latin1.slice(latin1.indexOf("\r\n\r\n") + 4);
          for (const line of body.split("\r\n")) expect(line.length).toBeLessThanOrEqual(76);
          // mailparser gives text parts back with LF line ends (and a lone CR as one).
          expect(mail.text).toBe(text.replace(/\r\n?/g, "\n"));
          expect(mail.html).toBe(html);
        },
      ),
      { numRuns: FUZZ_RUNS, seed: 12 },
    );
  });

  it("quoted-printable encodes a line's trailing white space, and only that", () => {
    expect(quotedPrintable("a b \nc\t")).toBe("a b=20\r\nc=09");
  });

  it("makes RFC 2047 words of whole characters, each at most 75 characters", () => {
    // Act
    const words = encodedWords("🏃".repeat(40));

    // Assess
    for (const word of words) {
      expect(word.length).toBeLessThanOrEqual(75);
      expect(word).toMatch(/^=\?UTF-8\?Q\?(=F0=9F=8F=83)+\?=$/);
    }
  });

  it("refuses a header line past 998 characters rather than send it", () => {
    expect(() => headerField("List-Unsubscribe", [`<https://x.example/${"a".repeat(1000)}>`])).toThrow(RangeError);
  });
});
