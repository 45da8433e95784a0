import { hasQuoteContainer, htmlFullText, htmlToNewText } from "./strip-html.js";
import type { OwnMail } from "./own-mail.js";
import { quoteOwnMail } from "./own-mail.js";
import { MAX_BODY_CHARS, stripPlainText } from "./strip-text.js";

/** The readable bodies of a message; either may be missing. */
export interface MessageBody {
  text?: string | undefined;
  html?: string | undefined;
}

const words = (s: string): string =>
  ` ${s
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim()} `;

/**
 * Clients that wrap a quote in the plain part mark only each paragraph's first line with ">" (Gmail on
 * Android); the HTML part's quote container says exactly what is quoted. A plain line that the HTML
 * part has only inside its quote is dropped; every other line stays.
 */
const checkedByHtml = (fromText: string, html: string, own: OwnMail | undefined): string => {
  const newHtml = words(stripPlainText(quoteOwnMail(htmlToNewText(html).replace(/\u00a0/g, " "), own)));
  const fullHtml = words(htmlFullText(html).replace(/\u00a0/g, " "));
  const kept = fromText.split("\n").filter((line) => {
    const w = words(line);
    return w.trim() === "" || newHtml.includes(w) || !fullHtml.includes(w);
  });
  return kept
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
};

/**
 * The new text of a reply: quotes, quote headers and signatures removed, trimmed. The plain
 * part is used when it has any text; otherwise the HTML part, with its quote containers removed
 * first (see strip-html.ts), then the plain-text rules (see strip-text.ts).
 *
 * `maxChars` (default: no bound) stops the plain-text rules once that much new text is kept; the
 * result's first `maxChars` characters are the same as without it (see `stripPlainText`).
 * `parseMessage` passes what it reads and returns, so a message of thousands of short lines is not
 * stripped to the end only to be cut at 10,000 characters.
 *
 * @example
 * extractNewText({ text: "Calves about a 6.\n\nOn Mon, 3 Mar 2025 at 07:00, Legwork <coach@legwork.example> wrote:\n> Week 3" });
 * // => "Calves about a 6."
 */
export const extractNewText = ({ text, html }: MessageBody, maxChars = Number.POSITIVE_INFINITY, own?: OwnMail): string => {
  if (text !== undefined && text.trim() !== "") {
    const fromText = stripPlainText(quoteOwnMail(text.slice(0, MAX_BODY_CHARS), own), maxChars);
    return html !== undefined && hasQuoteContainer(html) ? checkedByHtml(fromText, html, own) : fromText;
  }
  // Non-breaking spaces are how HTML editors indent; as text they are plain spaces.
  if (html !== undefined && html.trim() !== "") {
    return stripPlainText(quoteOwnMail(htmlToNewText(html).replace(/\u00a0/g, " "), own), maxChars);
  }
  return "";
};
