import { createHash, randomUUID } from "node:crypto";
import { base64Lines, headerField, mailbox, quotedPrintable, unstructured } from "./encode.js";

/** One email ready to become MIME. Every header value is encoded and folded by encode.ts, never concatenated raw. */
export interface OutgoingEmail {
  from: string;
  to: string;
  subject: string;
  html: string;
  text: string;
  replyTo?: string | undefined;
  /** https URL for RFC 8058 one-click unsubscribe; list mail only. */
  unsubscribeUrl?: string | undefined;
  /** Stable id, e.g. derived from (runner, week), so a resend is recognisably the same message; "" makes a random one. */
  messageId: string;
  date: Date;
  /** Provider tags (SES EmailTags), e.g. `{ type: "weekly" }`: they come back in bounce and complaint events. */
  tags?: Record<string, string> | undefined;
}

// eslint-disable-next-line no-control-regex
const LINE_BREAK = /[\r\n\u0000]/;

/** Header values never carry CR, LF or NUL, whatever the caller passes. */
// eslint-disable-next-line no-control-regex
const headerSafe = (value: string): string => value.replace(/[\r\n\u0000]/g, " ");

/** Address fields are refused outright if they carry CR/LF/NUL: folding them could change the recipients. */
const addressField = (name: string, field: string, value: string): string => {
  if (LINE_BREAK.test(value)) throw new RangeError(`${field} must not contain line breaks`);
  return headerField(name, mailbox(field, value));
};

/** A header whose value is ASCII by construction (an id, a URL): refused otherwise, never silently re-encoded. */
const asciiField = (name: string, value: string): string => {
  if (!/^[\x20-\x7e]*$/.test(value)) throw new RangeError(`${name} must be ASCII`);
  return headerField(name, value.split(" "));
};

const domainOf = (address: string): string => /@([^>\s]+)>?\s*$/.exec(address)?.[1] ?? "legwork.local";

/** RFC 5322 date-time in UTC, e.g. "Mon, 02 Mar 2026 07:00:00 +0000". */
const rfc5322Date = (date: Date): string => date.toUTCString().replace("GMT", "+0000");

/**
 * Builds the exact bytes to send: multipart/alternative with a quoted-printable text part (readable in the
 * raw message) and a base64 HTML part (Buffer's native encoder), CRLF line ends throughout. The boundary
 * derives from the Message-ID, so the same message always produces the same bytes (what `preview --format
 * mime` prints is what is sent); it holds "=_", which neither quoted-printable nor base64 ever produces, so
 * no body line can match it.
 */
export const buildMime = async (email: OutgoingEmail): Promise<Buffer> => {
  const messageId = headerSafe(email.messageId) || `<${randomUUID()}@${domainOf(email.from)}>`;
  const boundary = `=_lw_${createHash("sha256").update(messageId).digest("hex").slice(0, 24)}`;
  const headers = [
    addressField("From", "from", email.from),
    addressField("To", "to", email.to),
    ...(email.replyTo ? [addressField("Reply-To", "replyTo", email.replyTo)] : []),
    headerField("Subject", unstructured(headerSafe(email.subject))),
    asciiField("Message-ID", messageId),
    `Date: ${rfc5322Date(email.date)}`,
    "MIME-Version: 1.0",
    ...(email.unsubscribeUrl
      ? [asciiField("List-Unsubscribe", `<${headerSafe(email.unsubscribeUrl)}>`), "List-Unsubscribe-Post: List-Unsubscribe=One-Click"]
      : []),
    `Content-Type: multipart/alternative;\r\n boundary="${boundary}"`,
  ];
  const message = [
    ...headers,
    "",
    `--${boundary}`,
    "Content-Type: text/plain; charset=utf-8",
    "Content-Transfer-Encoding: quoted-printable",
    "",
    quotedPrintable(email.text),
    `--${boundary}`,
    "Content-Type: text/html; charset=utf-8",
    "Content-Transfer-Encoding: base64",
    "",
    base64Lines(email.html),
    `--${boundary}--`,
    "",
  ].join("\r\n");
  return Buffer.from(message, "latin1");
};
