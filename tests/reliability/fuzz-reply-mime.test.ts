import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { SORE_AREAS } from "../../functions/domain/profile.js";
import { DEFAULT_LIMITS, RED_FLAGS, ReplyError, parseMessage } from "../../functions/domain/reply/index.js";
import { cpuMs } from "../support/cpu-time.js";
import { fuzzRuns } from "../support/fuzz.js";

/*
 * parseMessage on generated MIME (tests/domain/reply/fuzz.test.ts covers flat noise): header sections
 * with RFC 2047 encoded words (valid and broken), folding, every transfer encoding (valid and corrupt),
 * odd and unknown charsets, nested multiparts with right and wrong boundaries, CRLF / LF / mixed line
 * ends. Every case resolves to a well-formed message or throws a ReplyError, and finishes in under
 * 1 s, as the issue asks for messages up to 1 MB; a second property pads generated messages to about
 * 1 MB with hostile filler and holds them to the same bound.
 */

/** The issue's bound for any message up to 1 MB. */
const BOUND_MS = 1_000;
const MAX_BYTES = DEFAULT_LIMITS.maxBytes;
const stats = { cases: 0, ok: 0, replyErrors: {} as Record<string, number>, slowestMs: 0 };
const padded = {
  cases: 0,
  ok: 0,
  replyErrors: {} as Record<string, number>,
  minBytes: Infinity,
  maxBytes: 0,
  slowestMedianMs: 0,
  remeasured: 0,
};

/**
 * Parses `raw` once; a case that takes BOUND_MS or more is parsed twice more and judged on the median
 * of the three, so one run slowed by a neighbour on the shared cores cannot fail it while a parser that
 * is really slow still does. Times are CPU time (support/cpu-time.ts). Returns "ok" or the ReplyError's name (anything else is thrown) and the time.
 */
const timedParse = async (raw: Buffer | string, check: (parsed: Awaited<ReturnType<typeof parseMessage>>) => void = () => undefined) => {
  const once = async (): Promise<[string, number]> => {
    const started = cpuMs();
    try {
      const parsed = await parseMessage(raw);
      const elapsed = cpuMs() - started;
      check(parsed);
      return ["ok", elapsed];
    } catch (error) {
      const elapsed = cpuMs() - started;
      if (!(error instanceof ReplyError)) throw error;
      return [error.name, elapsed];
    }
  };
  const [result, first] = await once();
  if (first < BOUND_MS) return { result, ms: first, remeasured: false };
  const times = [first, (await once())[1], (await once())[1]].sort((a, b) => a - b);
  return { result, ms: times[1]!, remeasured: true };
};

const CHARSETS = [
  "utf-8",
  "UTF-8",
  "iso-8859-1",
  "windows-1252",
  "us-ascii",
  "shift_jis",
  "koi8-r",
  "gb2312",
  "utf-16",
  "utf-7",
  "x-unknown",
  "",
  '"utf-8"',
  "utf-8'en'",
];
const ENCODINGS = ["7bit", "8bit", "binary", "base64", "Base64", "quoted-printable", "QUOTED-PRINTABLE", "x-uuencode", "bogus", ""];
const TEXT_PIECES = [
  "Calves about a 6 today.",
  "no sharp pain, just tight",
  "PAUSE 3 weeks",
  "stop",
  "résumé ünïcödé 李 🏃",
  "<div>6/10 <b>quads</b></div>",
  "> On Mon, 3 Mar 2027 at 07:00, Legwork Coach <coach@legwork.example> wrote:\n> Week 3",
  "-- \nSent from my phone",
  "=?utf-8?B?broken",
  "\u0000\u0001\u00ff",
];

/** Quoted-printable (roughly, as clients write it), or deliberately broken. */
const qp = (text: string, broken: boolean): string =>
  Buffer.from(text, "utf8")
    .toString("latin1")
    .replace(/[=\u0080-\u00ff]/g, (c) => `=${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`)
    .replace(/(.{70})/g, "$1=\n") + (broken ? "=Z" : "");

const encode = (text: string, encoding: string, broken: boolean): string => {
  const lower = encoding.toLowerCase();
  if (lower === "base64") {
    const b64 = Buffer.from(text, "utf8")
      .toString("base64")
      .replace(/(.{76})/g, "$1\n");
    return broken ? `${b64.slice(0, Math.max(1, b64.length - 3))}!*` : b64;
  }
  if (lower === "quoted-printable") return qp(text, broken);
  return text;
};

const encodedWord = fc
  .tuple(fc.constantFrom(...CHARSETS), fc.constantFrom("B", "Q", "b", "q", "X"), fc.string({ maxLength: 30 }), fc.boolean())
  .map(([charset, kind, text, broken]) => {
    const payload =
      kind.toUpperCase() === "B" ? Buffer.from(text).toString("base64") : qp(text, false).replace(/ /g, "_").replace(/=\n/g, "");
    return `=?${charset.replace(/"/g, "")}?${kind}?${broken ? payload.slice(0, payload.length >> 1) : payload}${broken ? "" : "?="}`;
  });

const headerValue = fc.oneof(
  fc.string({ unit: "binary-ascii", maxLength: 60 }),
  fc.string({ unit: "grapheme", maxLength: 40 }),
  encodedWord,
  fc.array(encodedWord, { minLength: 1, maxLength: 4 }).map((words) => words.join(" ")),
  fc.constantFrom(
    "Sam <sam@example.com>",
    '"Sam, the runner" <sam@example.com>, other@example.com',
    "undisclosed-recipients:;",
    "checkin+k2.kabcdefghij234.abc.aaaaaaaaaaaaaaaaaaaaaaaa@reply.legwork.example",
    "<>",
    "auto-replied",
    "bulk",
    "<CAF=x@mail.gmail.com>",
  ),
);

const headerName = fc.oneof(
  fc.constantFrom(
    "From",
    "To",
    "Cc",
    "Reply-To",
    "Subject",
    "Message-ID",
    "In-Reply-To",
    "References",
    "Date",
    "Auto-Submitted",
    "X-Autoreply",
    "Precedence",
    "Return-Path",
    "Delivered-To",
    "X-Original-To",
    "MIME-Version",
  ),
  fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,20}$/),
);

/** `Name: value`, sometimes folded onto continuation lines. */
const headerLine = fc.tuple(headerName, headerValue, fc.nat(80), fc.boolean()).map(([name, value, at, fold]) => {
  const line = `${name}: ${value.replace(/[\r\n]/g, " ")}`;
  return fold && at < line.length ? `${line.slice(0, at)}\r\n ${line.slice(at)}` : line;
});

interface Part {
  headers: string[];
  body: string;
}

const leaf = fc
  .tuple(
    fc.constantFrom(
      "text/plain",
      "text/html",
      "text/enriched",
      "application/octet-stream",
      "image/png",
      "message/delivery-status",
      "TEXT/PLAIN",
      "text",
    ),
    fc.constantFrom(...CHARSETS),
    fc.constantFrom(...ENCODINGS),
    fc.array(fc.oneof(fc.constantFrom(...TEXT_PIECES), fc.string({ unit: "binary", maxLength: 50 })), { maxLength: 8 }),
    fc.boolean(),
    fc.option(fc.constantFrom("inline", "attachment", 'attachment; filename="x.txt"', "attachment; filename*=utf-8''%E2%9C%93.txt"), {
      nil: undefined,
    }),
  )
  .map(([type, charset, encoding, pieces, broken, disposition]): Part => ({
    headers: [
      `Content-Type: ${type}${charset ? `; charset=${charset}` : ""}`,
      ...(encoding ? [`Content-Transfer-Encoding: ${encoding}`] : []),
      ...(disposition ? [`Content-Disposition: ${disposition}`] : []),
    ],
    body: encode(pieces.join(" "), encoding, broken),
  }));

const { part } = fc.letrec<{ part: Part }>((tie) => ({
  part: fc.oneof(
    { maxDepth: 3, depthIdentifier: "mime" },
    leaf,
    fc
      .tuple(
        fc.constantFrom("mixed", "alternative", "related", "report", "signed", "digest"),
        fc.oneof(
          fc.constantFrom("b", "=_Part_1", "----=_NextPart_000_0000", "a'b(c)", "x y"),
          fc.stringMatching(/^[A-Za-z0-9'()+_,./:=?-]{1,70}$/),
        ),
        fc.array(tie("part"), { maxLength: 4 }),
        fc.constantFrom("right", "missing close", "wrong boundary", "unquoted", "no boundary parameter"),
        fc.string({ maxLength: 20 }),
      )
      .map(([subtype, boundary, children, style, preamble]): Part => {
        const used = style === "wrong boundary" ? `${boundary}x` : boundary;
        const param = style === "no boundary parameter" ? "" : style === "unquoted" ? `; boundary=${boundary}` : `; boundary="${boundary}"`;
        const body =
          `${preamble}\r\n` +
          children.map((c) => `--${used}\r\n${c.headers.join("\r\n")}\r\n\r\n${c.body}\r\n`).join("") +
          (style === "missing close" ? "" : `--${used}--\r\n`);
        return { headers: [`Content-Type: multipart/${subtype}${param}`], body };
      }),
  ),
}));

const message = fc
  .tuple(fc.array(headerLine, { maxLength: 12 }), part, fc.constantFrom("\r\n", "\n", "mixed"))
  .map(([headers, root, eol]) => {
    const raw = `${[...headers, ...root.headers].join("\r\n")}\r\n\r\n${root.body}`;
    if (eol === "\r\n") return raw;
    if (eol === "\n") return raw.replace(/\r\n/g, "\n");
    let i = 0;
    return raw.replace(/\r\n/g, () => (i++ % 2 ? "\n" : "\r\n"));
  });

describe("fuzz: parseMessage on generated MIME", () => {
  afterAll(() => {
    console.log(`fuzz parse-reply MIME: ${JSON.stringify(stats)}`);
  });

  it("resolves to a well-formed message or throws a ReplyError, and finishes in under 1 s", { timeout: 300_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(message, fc.boolean(), async (raw, asBuffer) => {
        stats.cases++;
        const { result, ms } = await timedParse(asBuffer ? Buffer.from(raw, "latin1") : raw, (parsed) => {
          const { reply } = parsed;
          expect(reply.soreness === null || (Number.isInteger(reply.soreness) && reply.soreness >= 0 && reply.soreness <= 10)).toBe(true);
          expect(reply.areas.every((a) => (SORE_AREAS as readonly string[]).includes(a))).toBe(true);
          expect(reply.redFlags.every((f) => (RED_FLAGS as readonly string[]).includes(f))).toBe(true);
          expect(reply.pauseWeeks === null || reply.command === "pause").toBe(true);
          expect(typeof reply.text).toBe("string");
          expect(reply.text.length).toBeLessThanOrEqual(DEFAULT_LIMITS.maxTextChars);
          expect(parsed.from === null || parsed.from === parsed.from.toLowerCase()).toBe(true);
          expect(Number.isInteger(parsed.attachments) && parsed.attachments >= 0).toBe(true);
        });
        if (result === "ok") stats.ok++;
        else stats.replyErrors[result] = (stats.replyErrors[result] ?? 0) + 1;
        stats.slowestMs = Math.max(stats.slowestMs, Math.round(ms));
        expect(ms).toBeLessThan(BOUND_MS);
      }),
      fuzzRuns(1_000, 5_000),
    );
  });
});

/** Filler that is expensive in some layer: long lines, many lines, quotes, tags, encoded-looking text. */
const FILLER_UNITS = [
  "Calves about a 6, no sharp pain, 3-4 after 10k at 5:30/km. ",
  "6\r\n",
  "\r\n",
  "> On Mon, 3 Mar 2027 at 07:00, Legwork Coach <coach@legwork.example> wrote:\r\n",
  `${">".repeat(100)} calves 7\r\n`,
  "<div>",
  "<p><b>6</b></p>",
  "<blockquote>x",
  "Y2FsdmVzIDYgbm8gc2hhcnAgcGFpbiA=\r\n",
  "=C3=A9=3D6 =\r\n",
  "--b\r\nContent-Type: text/plain\r\n\r\ncalves 6\r\n",
  "no ",
];

type Where = "end" | "after headers" | "header";

/** In a header, every line break of the filler becomes a fold (a continuation line). */
const fillerFor = (unit: string, where: Where): string => (where === "header" ? unit.replace(/\r?\n/g, "\r\n ") : unit);

const insertPadding = (raw: string, padding: string, where: Where): string => {
  if (where === "end") return raw + padding;
  if (where === "header") return `X-Pad: ${padding}\r\n${raw}`;
  const blank = /\r?\n\r?\n/.exec(raw);
  if (!blank) return raw + padding;
  const at = blank.index + blank[0].length;
  return raw.slice(0, at) + padding + raw.slice(at);
};

describe("fuzz: parseMessage on generated MIME padded to about 1 MB", () => {
  afterAll(() => {
    console.log(`fuzz parse-reply MIME padded to ~1 MB: ${JSON.stringify(padded)}`);
  });

  it("throws only ReplyErrors and finishes in under 1 s", { timeout: 600_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(
        message,
        fc.oneof(fc.constantFrom(...FILLER_UNITS), fc.string({ unit: "binary", minLength: 1, maxLength: 24 })),
        fc.constantFrom<Where>("end", "after headers", "header"),
        // Mostly just under the 1 MB limit; about one case in twelve just over it (refused unread).
        fc.integer({ min: 920_000, max: MAX_BYTES + 12_000 }),
        async (raw, unit, where, target) => {
          // Arrange
          const filler = fillerFor(unit, where);
          const room = target - Buffer.byteLength(raw) - 16;
          const padding = room > 0 ? filler.repeat(Math.max(1, Math.floor(room / Buffer.byteLength(filler)))) : "";
          const bytes = Buffer.from(insertPadding(raw, padding, where), "utf8");
          padded.cases++;
          padded.minBytes = Math.min(padded.minBytes, bytes.length);
          padded.maxBytes = Math.max(padded.maxBytes, bytes.length);

          // Act
          const { result, ms, remeasured } = await timedParse(bytes);

          // Assess
          if (result === "ok") padded.ok++;
          else padded.replyErrors[result] = (padded.replyErrors[result] ?? 0) + 1;
          if (remeasured) padded.remeasured++;
          padded.slowestMedianMs = Math.max(padded.slowestMedianMs, Math.round(ms));
          if (bytes.length > MAX_BYTES) expect(result).toBe("MessageTooLargeError");
          expect(ms).toBeLessThan(BOUND_MS);
        },
      ),
      fuzzRuns(40, 100),
    );
    expect(padded.minBytes).toBeGreaterThanOrEqual(900_000);
    expect(padded.maxBytes).toBeLessThanOrEqual(MAX_BYTES + 12_000);
  });
});
