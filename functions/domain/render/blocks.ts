/**
 * Renders the typed blocks of functions/domain/curriculum/blocks.ts two ways from the same data:
 * to inline-styled HTML that matches the precompiled layout, and straight to plain text. All text
 * is escaped here, so nothing a caller passes in can reach the HTML as markup.
 */
import type { Block, Inline, Rich } from "../curriculum/blocks.js";
import { daysHtml, daysText } from "./days-block.js";
import { wrap } from "./text.js";

export type { Block, ChartBar, DayRow, Inline, LinkItem, PlanRow, Rich } from "../curriculum/blocks.js";

const ESCAPES = /[&<>"']/g;
const ENTITY: Readonly<Record<string, string>> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/**
 * Escapes text for HTML content and double- or single-quoted attribute values (& < > " ').
 * Same output as functions/lib/escape.ts, but it jumps from match to match: most copy has nothing
 * to escape but a few apostrophes, and this runs for every string of every email.
 * @example escapeHtml('<b "x">') // "&lt;b &quot;x&quot;&gt;"
 */
export const escapeHtml = (value: string): string => {
  ESCAPES.lastIndex = 0;
  let match = ESCAPES.exec(value);
  if (!match) return value;
  let out = "";
  let last = 0;
  while (match) {
    out += value.slice(last, match.index) + ENTITY[match[0]];
    last = match.index + 1;
    match = ESCAPES.exec(value);
  }
  return out + value.slice(last);
};

const ACCENT = "#1d6b4f";
const TEXT = "#1f2328";
const MUTED = "#57606a";
const RULE = "#e3ded6";

const SAFE_URL = /^(?:https?:\/\/|mailto:)[^\s]+$/i;

/**
 * Escapes a link for an attribute value. Links arrive already built (and signed) by the caller;
 * anything that is not an http(s) or mailto URL is a bug, so it fails loudly instead of being sent.
 */
export const escapeUrl = (url: string): string => {
  if (!SAFE_URL.test(url)) throw new RangeError(`link must be an http(s) or mailto URL without spaces: ${url.slice(0, 40)}`);
  return escapeHtml(url);
};

const linkStyle = `color:${ACCENT};text-decoration:underline;`;

const inlineHtml = (run: Inline): string => {
  if (typeof run === "string") return escapeHtml(run);
  if ("strong" in run) return `<strong>${escapeHtml(run.strong)}</strong>`;
  // A bare URL as link text must be able to wrap, or it scrolls a phone screen sideways.
  const style = run.text === run.href ? `${linkStyle}word-break:break-all;` : linkStyle;
  return `<a href="${escapeUrl(run.href)}" style="${style}">${escapeHtml(run.text)}</a>`;
};

/** Escaped inline text; a line break in the source becomes <br> (sign-offs, postal addresses). */
const richHtml = (rich: Rich): string => {
  const html = typeof rich === "string" ? escapeHtml(rich) : rich.map(inlineHtml).join("");
  return html.includes("\n") ? html.replace(/\n/g, "<br>") : html;
};

const inlineText = (run: Inline): string => {
  if (typeof run === "string") return run;
  if ("strong" in run) return run.strong;
  return run.text === run.href ? run.href : `${run.text} (${run.href})`;
};

/** The plain-text form of inline text: links show their URL in full. */
export const richText = (rich: Rich): string => (typeof rich === "string" ? rich : rich.map(inlineText).join(""));

const clampScore = (score: number): number => (Number.isFinite(score) ? Math.min(10, Math.max(0, Math.round(score))) : 0);

const listHtml = (items: readonly Rich[], margin = "0 0 16px"): string =>
  `<ul style="margin:${margin};padding:0 0 0 22px;">${items
    .map((item) => `<li style="margin:0 0 6px;">${richHtml(item)}</li>`)
    .join("")}</ul>`;

const blockHtml = (block: Block): string => {
  switch (block.kind) {
    case "heading":
      return `<h2 style="margin:${block.flush ? "0" : "28px"} 0 10px;font-size:20px;line-height:1.3;font-weight:700;color:${TEXT};">${escapeHtml(block.text)}</h2>`;
    case "paragraph":
      return block.size === "small"
        ? `<p class="lw-muted" style="margin:0 0 12px;font-size:13px;line-height:1.5;color:${MUTED};">${richHtml(block.text)}</p>`
        : `<p style="margin:0 0 16px;">${richHtml(block.text)}</p>`;
    case "bullets":
      return listHtml(block.items);
    case "plan":
      return `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse;margin:0 0 20px;width:100%;">${block.rows
        .map(
          (row) =>
            `<tr><td class="lw-row" style="padding:10px 12px 10px 0;border-top:1px solid ${RULE};vertical-align:top;width:34%;font-weight:700;">${escapeHtml(row.label)}${
              row.isNew
                ? `<br><span class="lw-badge" style="display:inline-block;margin-top:4px;padding:1px 8px;border-radius:10px;background-color:${ACCENT};color:#ffffff;font-size:14px;font-weight:700;white-space:nowrap;">new this week</span>`
                : ""
            }</td><td class="lw-row" style="padding:10px 0;border-top:1px solid ${RULE};vertical-align:top;">${richHtml(row.detail)}</td></tr>`,
        )
        .join("")}</table>`;
    case "days":
      return daysHtml(block.rows, escapeHtml);
    case "callout": {
      const edge = block.tone === "caution" ? "#b45309" : ACCENT;
      const fill = block.tone === "caution" ? "#fff4e5" : "#eef6f1";
      const items = block.items && block.items.length > 0 ? listHtml(block.items, "8px 0 0") : "";
      return `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse;margin:0 0 20px;width:100%;"><tr><td class="lw-callout" style="padding:14px 16px;border-left:4px solid ${edge};background-color:${fill};"><p style="margin:0 0 6px;font-weight:700;">${escapeHtml(block.title)}</p><p style="margin:0;">${richHtml(block.text)}</p>${items}</td></tr></table>`;
    }
    case "button":
      return `<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="border-collapse:separate;margin:4px 0 20px;"><tr><td style="border-radius:6px;background-color:${ACCENT};"><a class="lw-btn" href="${escapeUrl(block.url)}" style="display:inline-block;padding:12px 22px;border-radius:6px;color:#ffffff;font-weight:700;text-decoration:none;">${escapeHtml(block.label)}</a></td></tr></table>`;
    case "links":
      return block.style === "pills"
        ? `<p style="margin:0 0 12px;">${block.links
            .map(
              (link) =>
                `<a class="lw-pill" href="${escapeUrl(link.url)}" style="display:inline-block;margin:0 8px 8px 0;padding:10px 16px;border:1px solid ${ACCENT};border-radius:22px;color:${ACCENT};font-weight:700;text-decoration:none;">${escapeHtml(link.label)}</a>`,
            )
            .join("")}</p>`
        : `<p style="margin:0 0 12px;">${block.links
            // A 44 px tap target around each small footer link: 12 px above and below a 20 px line.
            .map(
              (link) =>
                `<a href="${escapeUrl(link.url)}" style="display:inline-block;padding:12px 2px;line-height:20px;${linkStyle}">${escapeHtml(link.label)}</a>`,
            )
            .join(" &middot; ")}</p>`;
    case "sorenessChart":
      return `<p style="margin:0 0 8px;font-weight:700;">${escapeHtml(block.title)}</p><table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse;margin:0 0 20px;width:100%;">${block.bars
        .map((bar) => {
          const score = clampScore(bar.score);
          const fill =
            score === 0
              ? ""
              : `<table role="presentation" width="${score * 10}%" cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse;width:${score * 10}%;"><tr><td style="height:12px;line-height:12px;font-size:0;background-color:${ACCENT};border-radius:6px;">&nbsp;</td></tr></table>`;
          return `<tr><td style="padding:4px 10px 4px 0;width:30%;vertical-align:middle;">${escapeHtml(bar.label)}</td><td style="padding:4px 0;vertical-align:middle;"><table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse;width:100%;"><tr><td class="lw-track" style="background-color:#e9e5de;border-radius:6px;">${fill}</td></tr></table></td><td style="padding:4px 0 4px 10px;width:48px;text-align:right;vertical-align:middle;font-weight:700;">${score}/10</td></tr>`;
        })
        .join("")}</table>`;
  }
};

const listText = (items: readonly Rich[]): string => items.map((item) => wrap(richText(item), "- ", "  ")).join("\n");

const blockText = (block: Block): string => {
  switch (block.kind) {
    case "heading":
      return `${block.text}\n${"-".repeat(Math.min(72, [...block.text].length))}`;
    case "paragraph":
      return wrap(richText(block.text));
    case "bullets":
      return listText(block.items);
    case "plan":
      return block.rows
        .map((row) => wrap(`${row.label}${row.isNew ? " (new this week)" : ""}: ${richText(row.detail)}`, "* ", "  "))
        .join("\n");
    case "days":
      return daysText(block.rows);
    case "callout": {
      const head = [wrap(block.title), wrap(richText(block.text))].join("\n");
      return block.items && block.items.length > 0 ? `${head}\n${listText(block.items)}` : head;
    }
    case "button":
      return `${block.label}: ${block.url}`;
    case "links":
      return block.links.map((link) => `${link.label}: ${link.url}`).join("\n");
    case "sorenessChart": {
      const width = Math.max(...block.bars.map((bar) => [...bar.label].length), 0);
      return [
        block.title,
        ...block.bars.map((bar) => {
          const score = clampScore(bar.score);
          return `${bar.label.padEnd(width)}  ${"#".repeat(score)}${".".repeat(10 - score)}  ${score}/10`;
        }),
      ].join("\n");
    }
  }
};

/**
 * Renders blocks to inline-styled HTML for the layout's content slots.
 * @example blocksToHtml([{ kind: "paragraph", text: "Easy does it." }]) // '<p style="margin:0 0 16px;">Easy does it.</p>'
 */
export const blocksToHtml = (blocks: readonly Block[]): string => blocks.map(blockHtml).join("");

/**
 * Renders blocks straight to plain text: wrapped at 72 columns, blank lines between blocks,
 * links as "label: URL" so the text part works on its own.
 * @example blocksToText([{ kind: "button", label: "Confirm", url: "https://example.com/c" }]) // "Confirm: https://example.com/c"
 */
export const blocksToText = (blocks: readonly Block[]): string => blocks.map(blockText).join("\n\n");
