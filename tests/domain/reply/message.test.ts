import { describe, expect, it } from "vitest";
import { LegworkError } from "../../../functions/domain/errors.js";
import {
  DEFAULT_LIMITS,
  extractNewText,
  MalformedMessageError,
  MessageTooLargeError,
  parseMessage,
  parseReply,
  ReplyError,
} from "../../../functions/domain/reply/index.js";

const BASE_HEADERS: Record<string, string> = {
  From: "Sam Runner <Sam.Runner@Example.com>",
  To: "Legwork Coach <Checkin+r1.Kx8mZ2.9f3a@Reply.Legwork.Example>",
  Subject: "Re: Week 3: easy does it",
  "Message-ID": "<CAH8f3kQ1x@mail.example.com>",
  "MIME-Version": "1.0",
  "Content-Type": 'text/plain; charset="UTF-8"',
};

/** A raw message from headers (null removes a base header) and a body. */
const mail = (headers: Record<string, string | null> = {}, body = "Calves about a 6\r\n"): string => {
  const merged = { ...BASE_HEADERS, ...headers };
  const lines = Object.entries(merged)
    .filter((entry): entry is [string, string] => entry[1] !== null)
    .map(([k, v]) => `${k}: ${v}`);
  return `${lines.join("\r\n")}\r\n\r\n${body}`;
};

describe("parseMessage: envelope", () => {
  it("reads addresses lower-cased, subject, message id, size and attachments", async () => {
    // Prepare
    const raw = mail({
      "Delivered-To": "checkin+r1.kx8mz2.9f3a@reply.legwork.example",
      "X-Original-To": "Other+Alias@Reply.Legwork.Example",
    });
    // Act
    const message = await parseMessage(raw);
    // Assess
    expect(message.from).toBe("sam.runner@example.com");
    expect(message.to).toEqual(["checkin+r1.kx8mz2.9f3a@reply.legwork.example", "other+alias@reply.legwork.example"]);
    expect(message.subject).toBe("Re: Week 3: easy does it");
    expect(message.messageId).toBe("<CAH8f3kQ1x@mail.example.com>");
    expect(message.size).toBe(Buffer.byteLength(raw));
    expect(message.attachments).toBe(0);
    expect(message.autoReply).toBe(false);
  });

  it("gives the contract's parse-reply object, keys in contract order", async () => {
    const reply = await parseReply(mail());
    expect(reply).toEqual({ soreness: 6, areas: ["calves"], redFlags: [], command: null, pauseWeeks: null, text: "Calves about a 6" });
    expect(Object.keys(reply)).toEqual(["soreness", "areas", "redFlags", "command", "pauseWeeks", "text"]);
  });

  it("accepts a Buffer and a string alike", async () => {
    const raw = mail();
    expect(await parseReply(Buffer.from(raw))).toEqual(await parseReply(raw));
  });

  it("has null from and message id when the headers are missing", async () => {
    const message = await parseMessage(mail({ From: null, "Message-ID": null }));
    expect(message.from).toBeNull();
    expect(message.messageId).toBeNull();
  });

  it("caps the returned text at limits.maxTextChars", async () => {
    const message = await parseMessage(mail({}, `${"a".repeat(50)} calves 6`), { maxTextChars: 20 });
    expect(message.reply.text).toBe("a".repeat(20));
  });

  it("strips only as far as it reads and returns: a long new text still gives the full text asked for", async () => {
    // Arrange
    const body = Array.from({ length: 6_000 }, (_, i) => `line ${i} calves ${i % 7}`).join("\r\n");
    const unbounded = extractNewText({ text: body.replace(/\r\n/g, "\n") });

    // Act
    const byDefault = await parseMessage(mail({}, body));
    const longer = await parseMessage(mail({}, body), { maxTextChars: 50_000 });

    // Assess
    expect(unbounded.length).toBeGreaterThan(100_000);
    expect(byDefault.reply.text).toBe(unbounded.slice(0, DEFAULT_LIMITS.maxTextChars).trim());
    expect(longer.reply.text).toBe(unbounded.slice(0, 50_000).trim());
    expect(longer.reply.soreness).toBe(byDefault.reply.soreness);
  });

  it("takes a command from a short subject when the body has none", async () => {
    expect((await parseReply(mail({ Subject: "Unsubscribe" }, "\r\n"))).command).toBe("stop");
    expect((await parseReply(mail({ Subject: "Re: PAUSE 3 weeks" }, "\r\n"))).pauseWeeks).toBe(3);
    expect((await parseReply(mail({ Subject: "Re: Week 4: stop skipping your warm-up" }, "\r\n"))).command).toBeNull();
  });
});

type HeaderTable = Array<[string, Record<string, string | null>]>;

describe("parseMessage: auto-replies", () => {
  it.each<HeaderTable[number]>([
    ["Auto-Submitted: auto-replied", { "Auto-Submitted": "auto-replied" }],
    ["Auto-Submitted: auto-generated", { "Auto-Submitted": "auto-generated" }],
    ["X-Autoreply", { "X-Autoreply": "yes" }],
    ["X-Autorespond", { "X-Autorespond": "Out of office" }],
    ["Precedence: bulk", { Precedence: "bulk" }],
    ["Precedence: auto_reply", { Precedence: "auto_reply" }],
    ["Precedence: junk", { Precedence: "junk" }],
    ["Precedence: list", { Precedence: "list" }],
    ["X-Auto-Response-Suppress with an OOF subject", { "X-Auto-Response-Suppress": "All", Subject: "Out of office: Week 3" }],
    ["a null Return-Path", { "Return-Path": "<>" }],
    ["MAILER-DAEMON", { From: "Mail Delivery System <MAILER-DAEMON@mx.example.org>" }],
    ["postmaster", { From: "postmaster@example.org" }],
    ["no From at all", { From: null }],
    ["X-Failed-Recipients", { "X-Failed-Recipients": "old@example.org" }],
    ["multipart/report delivery-status", { "Content-Type": 'multipart/report; report-type=delivery-status; boundary="b"' }],
    ["subject: Out of office", { Subject: "Out of office" }],
    ["subject: Out of the Office until Monday", { Subject: "I am Out of the Office until Monday" }],
    ["subject: Automatic reply:", { Subject: "Automatic reply: Week 3: easy does it" }],
    ["subject: Auto:", { Subject: "Auto: Week 3: easy does it" }],
    ["subject: AW: Abwesenheitsnotiz:", { Subject: "AW: Abwesenheitsnotiz: Week 3" }],
    ["subject: Réponse automatique :", { Subject: "=?UTF-8?Q?R=C3=A9ponse_automatique_:_Week_3?=" }],
    ["subject: Respuesta automática:", { Subject: "=?UTF-8?Q?Respuesta_autom=C3=A1tica:_Week_3?=" }],
    ["subject: Autosvar:", { Subject: "Autosvar: Week 3" }],
    ["subject: Undeliverable:", { Subject: "Undeliverable: Week 3" }],
  ])("%s is automatic", async (_name, headers) => {
    const body = headers["Content-Type"]?.startsWith("multipart/report")
      ? "--b\r\nContent-Type: text/plain\r\n\r\nfailed\r\n--b\r\nContent-Type: message/delivery-status\r\n\r\nStatus: 5.1.1\r\n--b--\r\n"
      : undefined;
    expect((await parseMessage(mail(headers, body))).autoReply).toBe(true);
  });

  it.each<HeaderTable[number]>([
    ["a normal reply", {}],
    ["Auto-Submitted: no", { "Auto-Submitted": "no" }],
    ["X-Auto-Response-Suppress alone (Outlook sets it on ordinary mail)", { "X-Auto-Response-Suppress": "All" }],
    ["Precedence: first-class", { Precedence: "first-class" }],
    ["a subject that mentions autumn", { Subject: "Re: Autumn 10k plan" }],
    ["multipart/report of another kind", { "Content-Type": 'multipart/mixed; boundary="b"' }],
  ])("%s is not automatic", async (_name, headers) => {
    const body = headers["Content-Type"] ? "--b\r\nContent-Type: text/plain\r\n\r\nCalves 6\r\n--b--\r\n" : undefined;
    expect((await parseMessage(mail(headers, body))).autoReply).toBe(false);
  });
});

describe("parseMessage: errors", () => {
  it("refuses a message over the default 1 MB limit without parsing it", async () => {
    const raw = mail({}, "x".repeat(DEFAULT_LIMITS.maxBytes));
    const error = await parseMessage(raw).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MessageTooLargeError);
    expect(error).toMatchObject({ name: "MessageTooLargeError", size: Buffer.byteLength(raw), limit: 1024 * 1024 });
  });

  it("takes a configurable size limit", async () => {
    await expect(parseMessage(mail(), { maxBytes: 100 })).rejects.toBeInstanceOf(MessageTooLargeError);
    await expect(parseMessage(mail(), { maxBytes: 10_000 })).resolves.toBeDefined();
  });

  it.each([
    ["an empty string", ""],
    ["whitespace", " \r\n\t\r\n"],
    ["text without a header section", "hello world, calves 6"],
    ["an empty Buffer", Buffer.alloc(0)],
  ])("calls %s malformed", async (_name, raw) => {
    const error = await parseMessage(raw).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MalformedMessageError);
    expect(error).toMatchObject({ name: "MalformedMessageError" });
  });

  it("calls a value that is not a Buffer or a string malformed", async () => {
    await expect(parseMessage(42 as unknown as string)).rejects.toBeInstanceOf(MalformedMessageError);
  });

  it("puts every reply error under ReplyError and LegworkError, keeping the cause", () => {
    const cause = new Error("boom");
    const error = new MalformedMessageError("bad", { cause });
    expect(error).toBeInstanceOf(ReplyError);
    expect(error).toBeInstanceOf(LegworkError);
    expect(error).toBeInstanceOf(Error);
    expect(error.cause).toBe(cause);
    expect(new MessageTooLargeError(2, 1)).toBeInstanceOf(ReplyError);
  });
});
