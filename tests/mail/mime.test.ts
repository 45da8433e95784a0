import type { AddressObject, ParsedMail } from "mailparser";
import { simpleParser } from "mailparser";
import { describe, expect, it } from "vitest";
import type { OutgoingEmail } from "../../functions/mail/mime.js";
import { buildMime } from "../../functions/mail/mime.js";

const BASE: OutgoingEmail = {
  from: "Legwork Coach <coach@legwork.example>",
  to: "ada@example.com",
  subject: "Week 1: easy does it",
  html: "<p>Hello Ada,</p><p>Three easy runs this week.</p>",
  text: "Hello Ada,\n\nThree easy runs this week.",
  messageId: "<week1.abcdefghij123@legwork.example>",
  date: new Date("2026-03-02T07:00:00.000Z"),
};
const UNSUBSCRIBE = "https://coach.legwork.example/u/k1.uabcdefghij123.xyz.abcdefghijklmnopqrstuvwx";

/** Header names in order, with folded continuation lines joined to their header. */
const headerLines = (raw: Buffer): Array<{ name: string; value: string }> => {
  const text = raw.toString("utf8");
  const end = text.indexOf("\r\n\r\n");
  expect(end).toBeGreaterThan(0);
  const unfolded = text.slice(0, end).replace(/\r\n[ \t]/g, " ");
  return unfolded.split("\r\n").map((line) => {
    const colon = line.indexOf(":");
    expect(colon).toBeGreaterThan(0);
    return { name: line.slice(0, colon).toLowerCase(), value: line.slice(colon + 1).trim() };
  });
};

const countOf = (raw: Buffer, name: string): number => headerLines(raw).filter((h) => h.name === name.toLowerCase()).length;

const addresses = (field: AddressObject | AddressObject[] | undefined): string[] =>
  (Array.isArray(field) ? field : field ? [field] : []).flatMap((a) =>
    a.value.flatMap((v) => [v.address ?? "", ...(v.group ?? []).map((g) => g.address ?? "")]).filter(Boolean),
  );

const everyAddress = (mail: ParsedMail): string[] =>
  [mail.from, mail.to, mail.cc, mail.bcc, mail.replyTo].flatMap((field) => addresses(field)).map((a) => a.toLowerCase());

const SINGLE_HEADERS = ["from", "to", "subject", "message-id", "date", "mime-version", "content-type"];

describe("buildMime", () => {
  it.each([
    { what: "a plain email", email: BASE },
    {
      what: "with reply-to and unsubscribe",
      email: { ...BASE, replyTo: "checkin+k1.kabc@reply.legwork.example", unsubscribeUrl: UNSUBSCRIBE },
    },
    {
      what: "with non-ASCII and long lines",
      email: { ...BASE, subject: "Semaine 1 – Zoë 🏃", text: `${"ü".repeat(300)}\n`, html: `<p>${"é".repeat(500)}</p>` },
    },
  ])("produces identical bytes for the same input ($what)", async ({ email }) => {
    // Act
    const first = await buildMime(email);
    const second = await buildMime({ ...email, date: new Date(email.date.getTime()) });

    // Assess
    expect(first.equals(second)).toBe(true);
  });

  it("produces different boundaries for different Message-IDs", async () => {
    // Prepare
    const boundary = (raw: Buffer) => /boundary="([^"]+)"/.exec(raw.toString("utf8"))?.[1];

    // Act
    const a = boundary(await buildMime(BASE));
    const b = boundary(await buildMime({ ...BASE, messageId: "<week2.abcdefghij123@legwork.example>" }));

    // Assess
    expect(a).toBeDefined();
    expect(b).toBeDefined();
    expect(a).not.toBe(b);
  });

  it("carries each core header exactly once with the given values", async () => {
    // Act
    const raw = await buildMime({ ...BASE, replyTo: "reply@legwork.example" });
    const mail = await simpleParser(raw);

    // Assess
    for (const name of SINGLE_HEADERS) expect(countOf(raw, name), name).toBe(1);
    expect(countOf(raw, "reply-to")).toBe(1);
    expect(mail.subject).toBe(BASE.subject);
    expect(addresses(mail.from)).toEqual(["coach@legwork.example"]);
    expect(mail.from?.value[0]?.name).toBe("Legwork Coach");
    expect(addresses(mail.to)).toEqual(["ada@example.com"]);
    expect(addresses(mail.replyTo)).toEqual(["reply@legwork.example"]);
    expect(mail.messageId).toBe(BASE.messageId);
    expect(mail.date?.toISOString()).toBe(BASE.date.toISOString());
    expect(mail.bcc).toBeUndefined();
    expect(mail.cc).toBeUndefined();
  });

  it("omits Reply-To when none is given", async () => {
    // Act
    const raw = await buildMime(BASE);

    // Assess
    expect(countOf(raw, "reply-to")).toBe(0);
  });

  it("has a text/plain and a text/html alternative with the given bodies", async () => {
    // Prepare
    const email = { ...BASE, text: "Hi Zoë,\n\nRun 5 km — easy.\n", html: "<p>Hi Zoë,</p><p>Run 5&nbsp;km — easy.</p>" };

    // Act
    const raw = await buildMime(email);
    const mail = await simpleParser(raw);

    // Assess
    const contentTypes = [...raw.toString("utf8").matchAll(/^Content-Type: ([^;\r\n]+)/gim)].map((m) => m[1]?.toLowerCase());
    expect(contentTypes).toEqual(["multipart/alternative", "text/plain", "text/html"]);
    const encodings = [...raw.toString("utf8").matchAll(/^Content-Transfer-Encoding: (\S+)/gim)].map((m) => m[1]?.toLowerCase());
    expect(encodings).toEqual(["quoted-printable", "base64"]); // readable text; HTML through the native encoder
    expect(mail.text).toBe(email.text);
    expect(mail.html).toBe(email.html);
  });

  it.each([
    { what: "LF", text: "Hi Ada,\n\nThree easy runs.\n- Monday\n- Thursday\n" },
    { what: "CRLF", text: "Hi Ada,\r\n\r\nThree easy runs.\r\n" },
    { what: "mixed", text: "Hi Ada,\r\n\nThree easy runs.\n" },
  ])("ends every line of the message in CRLF, whatever the text's line ends ($what)", async ({ text }) => {
    // Act
    const raw = (await buildMime({ ...BASE, text, unsubscribeUrl: UNSUBSCRIBE })).toString("latin1");
    const mail = await simpleParser(Buffer.from(raw, "latin1"));

    // Assess: RFC 5322 section 2.3, no bare LF or CR anywhere
    expect(raw).not.toMatch(/[^\r]\n/);
    expect(raw).not.toMatch(/\r[^\n]/);
    expect(mail.text?.replace(/\r\n/g, "\n")).toBe(text.replace(/\r\n/g, "\n"));
  });

  it("adds List-Unsubscribe and List-Unsubscribe-Post when an unsubscribe URL is given", async () => {
    // Act
    const raw = await buildMime({ ...BASE, unsubscribeUrl: UNSUBSCRIBE });

    // Assess
    const headers = headerLines(raw);
    expect(headers.filter((h) => h.name === "list-unsubscribe")).toEqual([{ name: "list-unsubscribe", value: `<${UNSUBSCRIBE}>` }]);
    expect(headers.filter((h) => h.name === "list-unsubscribe-post")).toEqual([
      { name: "list-unsubscribe-post", value: "List-Unsubscribe=One-Click" },
    ]);
  });

  it.each([
    { what: "no unsubscribe URL", unsubscribeUrl: undefined },
    { what: "an empty unsubscribe URL", unsubscribeUrl: "" },
  ])("has no List-Unsubscribe headers with $what", async ({ unsubscribeUrl }) => {
    // Act
    const raw = await buildMime({ ...BASE, unsubscribeUrl });

    // Assess
    expect(countOf(raw, "list-unsubscribe")).toBe(0);
    expect(countOf(raw, "list-unsubscribe-post")).toBe(0);
  });

  const PAYLOADS = [
    { what: "CRLF Bcc", payload: "\r\nBcc: evil@example.net" },
    { what: "LF Bcc", payload: "\nBcc: evil@example.net" },
    { what: "CR Bcc", payload: "\rBcc: evil@example.net" },
    { what: "CRLF Subject", payload: "\r\nSubject: you won" },
    { what: "CRLF X-Injected", payload: "\r\nX-Injected: yes" },
    { what: "NUL then CRLF", payload: "\u0000\r\nBcc: evil@example.net" },
    { what: "CRLF CRLF body", payload: "\r\n\r\nInjected body" },
    { what: "CRLF space (fold) then CRLF Bcc", payload: "\r\n folded\r\nBcc: evil@example.net" },
  ];
  const FIELDS = ["subject", "to", "from", "replyTo", "messageId", "unsubscribeUrl"] as const;
  const BASE_VALUES: Record<(typeof FIELDS)[number], string> = {
    subject: BASE.subject,
    to: BASE.to,
    from: BASE.from,
    replyTo: "reply@legwork.example",
    messageId: "<week1.abcdefghij123@legwork.example",
    unsubscribeUrl: UNSUBSCRIBE,
  };
  const cases = FIELDS.flatMap((field) => PAYLOADS.map((p) => ({ field, ...p })));

  it.each(cases)("$what in $field cannot create a header", async ({ field, payload }) => {
    // Prepare: the injection goes before the closing ">" of a Message-ID, at the end elsewhere.
    const value = field === "messageId" ? `${BASE_VALUES.messageId}${payload}>` : `${BASE_VALUES[field]}${payload}`;
    const email: OutgoingEmail = { ...BASE, replyTo: BASE_VALUES.replyTo, unsubscribeUrl: UNSUBSCRIBE, [field]: value };

    // Act: address fields refuse line breaks outright; other headers fold them away.
    if (["to", "from", "replyTo"].includes(field)) {
      await expect(buildMime(email)).rejects.toThrow(RangeError);
      return;
    }
    const raw = await buildMime(email);
    const mail = await simpleParser(raw);

    // Assess
    const names = headerLines(raw).map((h) => h.name);
    expect(names.filter((n) => n === "bcc")).toEqual([]);
    expect(names.filter((n) => n === "x-injected")).toEqual([]);
    for (const name of SINGLE_HEADERS)
      expect(
        names.filter((n) => n === name),
        name,
      ).toHaveLength(1);
    expect(names.filter((n) => n === "reply-to")).toHaveLength(1);
    expect(names.filter((n) => n === "list-unsubscribe")).toHaveLength(1);
    expect(names.filter((n) => n === "list-unsubscribe-post")).toHaveLength(1);
    expect([...new Set(names)].sort()).toEqual([...SINGLE_HEADERS, "reply-to", "list-unsubscribe", "list-unsubscribe-post"].sort());
    expect(mail.bcc).toBeUndefined();
    expect(mail.text).toBe(BASE.text);
    expect(mail.html).toBe(BASE.html);
  });

  // A CR/LF turned into a space must not turn the rest of the line into an addressee either: with
  // "victim@example.com  Bcc: evil@example.net" the address parser reads a group named
  // "victim@example.com  Bcc" whose only member is evil@example.net. Refusing to build is acceptable.
  it.each(
    (["to", "from", "replyTo"] as const).flatMap((field) =>
      ["\r\nBcc: evil@example.net", "\nCc: evil@example.net", "\r\nTo: evil@example.net"].map((payload) => ({ field, payload })),
    ),
  )("an injection $payload in $field never makes evil@example.net an addressee", async ({ field, payload }) => {
    // Prepare
    const original = { to: BASE.to, from: "coach@legwork.example", replyTo: "reply@legwork.example" }[field];
    const email: OutgoingEmail = { ...BASE, replyTo: "reply@legwork.example", [field]: `${original}${payload}` };

    // Act
    const built = await buildMime(email).then(
      (raw) => ({ ok: true as const, raw }),
      (error: unknown) => ({ ok: false as const, error }),
    );

    // Assess
    if (!built.ok) {
      expect(built.error).toBeInstanceOf(Error);
      return;
    }
    const mail = await simpleParser(built.raw);
    const own = { to: mail.to, from: mail.from, replyTo: mail.replyTo }[field];
    expect(everyAddress(mail)).not.toContain("evil@example.net");
    expect(addresses(own).map((a) => a.toLowerCase())).toContain(original);
    expect(countOf(built.raw, "bcc")).toBe(0);
    expect(countOf(built.raw, "cc")).toBe(0);
  });
});
