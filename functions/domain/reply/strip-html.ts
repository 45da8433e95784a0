/**
 * HTML to new text. Quote containers are removed before conversion:
 * - cut everything from `#divRplyFwdMsg`, `#appendonsend` (Outlook web/new Outlook),
 *   `#OLK_SRC_BODY_SECTION` (Outlook for Mac) and `#stopSpelling` (old Hotmail) to the end;
 * - skip `div.gmail_quote` / `.gmail_attr` (Gmail), every `blockquote` (Apple Mail's
 *   `type=cite` included, so interleaved answers outside it stay), `.moz-cite-prefix` (Thunderbird),
 *   `.yahoo_quoted` (Yahoo) and signature blocks (`.gmail_signature`, `.moz-signature`,
 *   `#Signature`, `#AppleMailSignature`).
 * The text that is left then goes through the plain-text rules (Outlook desktop's "From:/Sent:"
 * block has no id, only styling).
 *
 * Bounds: htmlparser2 slows down quadratically on deep nesting, so HTML over `MAX_HTML_CHARS`
 * is cut and HTML with more than `MAX_TAGS` tags is flattened with linear rules instead.
 */
import { convert } from "html-to-text";
import type { HtmlToTextOptions } from "html-to-text";

export const MAX_HTML_CHARS = 300_000;
export const MAX_TAGS = 15_000;

const CUT_MARKERS = ["divrplyfwdmsg", "appendonsend", "olk_src_body_section", "stopspelling"];

const SKIP = [
  "blockquote",
  "div.gmail_quote",
  ".gmail_quote",
  ".gmail_attr",
  ".moz-cite-prefix",
  ".yahoo_quoted",
  // web.de / GMX and Spark / Exchange quote containers, with or without a blockquote inside.
  "div[name=quote]",
  "div[name=messageReplySection]",
  ".gmail_signature",
  ".moz-signature",
  "#Signature",
  "#AppleMailSignature",
  "img",
  "head",
  "style",
  "script",
  "title",
];

const OPTIONS: HtmlToTextOptions = {
  wordwrap: false,
  limits: { maxDepth: 100, maxInputLength: MAX_HTML_CHARS },
  selectors: [
    ...SKIP.map((selector) => ({ selector, format: "skip" })),
    { selector: "a", options: { ignoreHref: true } },
    { selector: "h1", options: { uppercase: false } },
    { selector: "h2", options: { uppercase: false } },
    { selector: "h3", options: { uppercase: false } },
    { selector: "table", format: "block" },
    { selector: "tr", format: "block" },
    { selector: "td", format: "block" },
    { selector: "th", format: "block" },
    { selector: "hr", format: "skip" },
  ],
};

/** Removes every `<tag ...>...</tag>` span (case-insensitive), by index so it stays linear. */
const removeSpans = (html: string, open: string, close: string): string => {
  const lower = html.toLowerCase();
  let out = "";
  let from = 0;
  let search = 0;
  for (;;) {
    const start = lower.indexOf(open, search);
    if (start < 0) break;
    const after = lower[start + open.length];
    // "<head" must not match "<header".
    if (open.length > 4 && after !== undefined && !/[\s>/]/.test(after)) {
      search = start + 1;
      continue;
    }
    const end = lower.indexOf(close, start + open.length);
    out += html.slice(from, start);
    if (end < 0) return out;
    from = end + close.length;
    search = from;
  }
  return out + html.slice(from);
};

/** Cuts the HTML at the tag that carries the first quote marker id. */
const cutAtMarkers = (html: string): string => {
  const lower = html.toLowerCase();
  let cut = html.length;
  for (const marker of CUT_MARKERS) {
    const at = lower.indexOf(marker);
    if (at < 0) continue;
    const tag = lower.lastIndexOf("<", at);
    cut = Math.min(cut, tag < 0 ? at : tag);
  }
  return html.slice(0, cut);
};

const ENTITIES: Readonly<Record<string, string>> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };

const decodeEntity = (entity: string): string => {
  if (entity.startsWith("#x") || entity.startsWith("#X")) return safeCodePoint(parseInt(entity.slice(2), 16));
  if (entity.startsWith("#")) return safeCodePoint(parseInt(entity.slice(1), 10));
  return ENTITIES[entity.toLowerCase()] ?? `&${entity};`;
};

const safeCodePoint = (n: number): string => (Number.isInteger(n) && n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : " ");

/** Linear fallback for pathological HTML: block tags become line breaks, other tags vanish. */
const flatten = (html: string): string =>
  html
    .replace(/<(?:br|\/p|\/div|\/li|\/tr|\/h\d|p|div|li|tr)\b[^<>]*>/gi, "\n")
    .replace(/<[^<>]*>/g, "")
    .replace(/&(#\d{1,7}|#x[0-9a-f]{1,6}|[a-z]{2,8});/gi, (_, entity: string) => decodeEntity(entity));

const countTags = (html: string): number => {
  let n = 0;
  for (let i = html.indexOf("<"); i >= 0; i = html.indexOf("<", i + 1)) n++;
  return n;
};

/** Plain text of an HTML part with the quote containers removed (not yet plain-stripped). */
export const htmlToNewText = (html: string): string => {
  let cleaned = html.slice(0, MAX_HTML_CHARS);
  cleaned = removeSpans(cleaned, "<!--", "-->");
  cleaned = removeSpans(cleaned, "<style", "</style>");
  cleaned = removeSpans(cleaned, "<script", "</script>");
  cleaned = removeSpans(cleaned, "<head", "</head>");
  cleaned = cutAtMarkers(cleaned);
  // html-to-text reads only the first <body> it finds; a quoted email's own <body> nested in the quote
  // would make that the whole message. The document tags carry no text: drop them all.
  cleaned = cleaned.replace(/<\/?(?:html|body)\b[^<>]*>|<!doctype[^<>]*>/gi, "");
  if (countTags(cleaned) > MAX_TAGS) return flatten(cleaned);
  try {
    return convert(cleaned, OPTIONS);
  } catch {
    return flatten(cleaned);
  }
};

/** Whether the HTML part marks its quote with a container (so its structure says what is quoted). */
export const hasQuoteContainer = (html: string): boolean =>
  /gmail_quote|<blockquote|name="?(?:quote|messageReplySection)|type="?cite/i.test(html.slice(0, MAX_HTML_CHARS));

/** All the text of an HTML part, quotes included, by the linear rules. */
export const htmlFullText = (html: string): string => {
  let cleaned = html.slice(0, MAX_HTML_CHARS);
  for (const [open, close] of [
    ["<!--", "-->"],
    ["<style", "</style>"],
    ["<script", "</script>"],
    ["<head", "</head>"],
  ] as const) {
    cleaned = removeSpans(cleaned, open, close);
  }
  return flatten(cleaned);
};
