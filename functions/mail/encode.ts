import { domainToASCII } from "node:url";
import addressparser from "nodemailer/lib/addressparser/index.js";

/**
 * The encodings an outgoing email needs (RFC 2045 quoted-printable and base64 bodies, RFC 2047 encoded
 * words, RFC 5322 folding), written for the one shape Legwork sends. Every output is 7-bit ASCII.
 */

/** Lines of a body may be 76 characters long (RFC 2045 6.7 and 6.8); header lines should be 78 (RFC 5322 2.1.1). */
const BODY_LINE = 76;
const HEADER_LINE = 78;
/** The hard limit of any line, CRLF excluded (RFC 5322 2.1.1). */
const MAX_LINE = 998;

const HEX = Array.from({ length: 256 }, (_, b) => `=${b.toString(16).toUpperCase().padStart(2, "0")}`);
const LITERAL = Array.from({ length: 256 }, (_, b) => String.fromCharCode(b));

/** One line of text (no line break in it) as quoted-printable, with soft breaks ("=" CRLF) before 76 columns. */
const quotedLine = (line: string): string => {
  const bytes = Buffer.from(line, "utf8");
  const last = bytes.length - 1;
  let out = "";
  let width = 0;
  for (let i = 0; i <= last; i++) {
    const b = bytes[i]!;
    // Printable ASCII but "=" as itself; space and tab too, unless they end the line (RFC 2045 6.7 rule 3).
    const plain = (b > 32 && b < 127 && b !== 61) || ((b === 32 || b === 9) && i < last);
    const token = plain ? LITERAL[b]! : HEX[b]!;
    if (width + token.length > BODY_LINE - 1) {
      out += "=\r\n";
      width = 0;
    }
    out += token;
    width += token.length;
  }
  return out;
};

/** A line of printable ASCII without "=" that does not end in white space: its bytes need no encoding. */
const PLAIN_LINE = /^(?:[\t\x20-\x3c\x3e-\x7e]*[\x21-\x3c\x3e-\x7e])?$/;

/** The common case fast: a plain line as it is, cut by soft breaks when it is long; any other byte by byte. */
const encodeLine = (line: string): string => {
  if (!PLAIN_LINE.test(line)) return quotedLine(line);
  if (line.length <= BODY_LINE) return line;
  const parts: string[] = [];
  for (let i = 0; i < line.length; i += BODY_LINE - 1) parts.push(line.slice(i, i + BODY_LINE - 1));
  return parts.join("=\r\n");
};

/** UTF-8 text as quoted-printable; its line ends (LF or CRLF) become CRLF, a lone CR is encoded. */
export const quotedPrintable = (text: string): string => text.split(/\r?\n/).map(encodeLine).join("\r\n");

/** UTF-8 text as base64 in lines of 76 characters. */
export const base64Lines = (text: string): string => {
  const encoded = Buffer.from(text, "utf8").toString("base64");
  const lines: string[] = [];
  for (let i = 0; i < encoded.length; i += BODY_LINE) lines.push(encoded.slice(i, i + BODY_LINE));
  return lines.join("\r\n");
};

/** Characters a Q encoded word may carry as themselves anywhere, phrases included (RFC 2047 5 rule 3). */
const Q_PLAIN = /^[A-Za-z0-9!*+\-/]$/;
const ENCODED_PREFIX = "=?UTF-8?Q?";
/** An encoded word is at most 75 characters (RFC 2047 2), prefix and "?=" included. */
const ENCODED_ROOM = 75 - ENCODED_PREFIX.length - 2;

const qChar = (char: string): string => {
  if (char === " ") return "_";
  if (Q_PLAIN.test(char)) return char;
  let out = "";
  for (const b of Buffer.from(char, "utf8")) out += HEX[b];
  return out;
};

/** Text as RFC 2047 Q encoded words of UTF-8, each whole characters (a word never splits one). */
export const encodedWords = (text: string): string[] => {
  const words: string[] = [];
  let word = "";
  for (const char of text) {
    const q = qChar(char);
    if (word.length + q.length > ENCODED_ROOM) {
      words.push(`${ENCODED_PREFIX}${word}?=`);
      word = "";
    }
    word += q;
  }
  if (word || words.length === 0) words.push(`${ENCODED_PREFIX}${word}?=`);
  return words;
};

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/** Unstructured text (a Subject) as header tokens: as it is when plain ASCII, else encoded words. */
export const unstructured = (text: string): string[] => {
  const tokens = text.split(" ");
  // "=?" could read as an encoded word, and a token past the line limit cannot be folded: encode those too.
  const plain = PRINTABLE_ASCII.test(text) && !text.includes("=?") && tokens.every((t) => t.length < MAX_LINE - HEADER_LINE);
  return plain ? tokens : encodedWords(text);
};

/**
 * A header field `Name: tokens…`, folded before a token that would pass 78 columns (RFC 5322 2.2.3);
 * unfolding gives back the tokens joined by single spaces. A line past 998 characters is refused.
 */
export const headerField = (name: string, tokens: readonly string[]): string => {
  const lines: string[] = [];
  let line = `${name}:`;
  for (const token of tokens) {
    // An empty token (two spaces in a row) never starts a line: a line of only white space may not be folded in.
    if (token && line.length + 1 + token.length > HEADER_LINE) {
      lines.push(line);
      line = "";
    }
    line += ` ${token}`;
  }
  lines.push(line);
  if (lines.some((l) => l.length > MAX_LINE)) throw new RangeError(`${name} header is too long`);
  return lines.join("\r\n");
};

/** atext and spaces (RFC 5322 3.2.3): a display name of only these needs no quotes. */
const ATOMS = /^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~ ]+$/;

const displayName = (name: string): string[] => {
  if (!PRINTABLE_ASCII.test(name) || name.includes("=?")) return encodedWords(name);
  return ATOMS.test(name) ? name.split(" ") : [`"${name.replace(/["\\]/g, "\\$&")}"`];
};

/** An address with its domain in ASCII (IDNA), as SES and every hop expect. */
const asciiAddress = (field: string, address: string): string => {
  const at = address.lastIndexOf("@");
  const domain = at > 0 ? domainToASCII(address.slice(at + 1)) : "";
  const ascii = `${address.slice(0, at)}@${domain}`;
  // A non-ASCII local part would need SMTPUTF8, which SES does not offer: refused, never sent as 8-bit bytes.
  if (!domain || !/^[\x21-\x7e]+$/.test(ascii) || /[<>]/.test(ascii)) throw new RangeError(`${field} is not an email address`);
  return ascii;
};

/**
 * One mailbox (`Name <address>` or `address`) as header tokens. Anything else, a group or a list of
 * addresses included, is refused: each field Legwork sends names exactly one mailbox.
 */
export const mailbox = (field: string, value: string): string[] => {
  const parsed = addressparser(value);
  const only = parsed.length === 1 ? parsed[0] : undefined;
  if (!only || !("address" in only) || !only.address) throw new RangeError(`${field} must be one email address`);
  const address = asciiAddress(field, only.address);
  return only.name ? [...displayName(only.name), `<${address}>`] : [address];
};
