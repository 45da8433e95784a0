import { htmlToNewText } from "./strip-html.js";
import { stripPlainText } from "./strip-text.js";

/** The readable bodies of a message; either may be missing. */
export interface MessageBody {
  text?: string | undefined;
  html?: string | undefined;
}

/**
 * The new text of a reply: quotes, quote headers and signatures removed, trimmed. The plain
 * part is used when it has any text; otherwise the HTML part, with its quote containers removed
 * first (see strip-html.ts), then the plain-text rules (see strip-text.ts).
 *
 * @example
 * extractNewText({ text: "Calves about a 6.\n\nOn Mon, 3 Mar 2025 at 07:00, Legwork <coach@legwork.example> wrote:\n> Week 3" });
 * // => "Calves about a 6."
 */
export const extractNewText = ({ text, html }: MessageBody): string => {
  if (text !== undefined && text.trim() !== "") return stripPlainText(text);
  // Non-breaking spaces are how HTML editors indent; as text they are plain spaces.
  if (html !== undefined && html.trim() !== "") return stripPlainText(htmlToNewText(html).replace(/\u00a0/g, " "));
  return "";
};
