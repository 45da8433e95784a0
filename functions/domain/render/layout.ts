/**
 * Fills the precompiled layouts. Each layout is split once, at module load, into static parts and
 * slot names; filling is one pass of string joins. Text slots are escaped here; HTML slots take
 * the output of blocksToHtml, which escapes everything it is given.
 */
import { NOTICE_LAYOUT, WEEKLY_LAYOUT } from "./generated/templates.js";
import { escapeHtml } from "./blocks.js";

/** A precompiled layout. Each is its own constant, so a bundle that never sends a weekly email leaves it out. */
export interface Layout {
  readonly name: string;
  readonly html: string;
}

/** The weekly drip email: lesson, plan, check-in card. */
export const WEEKLY: Layout = { name: "weekly", html: WEEKLY_LAYOUT };
/** Every other email: confirmations, acknowledgements, notices. */
export const NOTICE: Layout = { name: "notice", html: NOTICE_LAYOUT };

export interface TextSlots {
  readonly title: string;
  readonly kicker: string;
  readonly heading: string;
  readonly preheader: string;
}

export interface HtmlSlots {
  readonly content: string;
  readonly footer: string;
  readonly checkin?: string;
}

export type LayoutValues = TextSlots & HtmlSlots;

const TEXT_SLOTS: ReadonlySet<string> = new Set<keyof TextSlots>(["title", "kicker", "heading", "preheader"]);
const HTML_SLOTS: ReadonlySet<string> = new Set<keyof HtmlSlots>(["content", "footer", "checkin"]);

interface Compiled {
  /** Static HTML; parts[i] comes before slots[i], the last part after the last slot. */
  readonly parts: readonly string[];
  readonly slots: readonly (keyof LayoutValues)[];
}

const compile = ({ name, html }: Layout): Compiled => {
  const pieces = html.split(/\{\{(\w+)\}\}/);
  const parts: string[] = [];
  const slots: (keyof LayoutValues)[] = [];
  pieces.forEach((piece, i) => {
    if (i % 2 === 0) {
      parts.push(piece);
    } else if (TEXT_SLOTS.has(piece) || HTML_SLOTS.has(piece)) {
      slots.push(piece as keyof LayoutValues);
    } else {
      throw new Error(`layout ${name} has an unknown slot {{${piece}}}: run npm run build:templates`);
    }
  });
  return { parts, slots };
};

/** Each layout is split into parts and slots once, on first use. */
const COMPILED = new WeakMap<Layout, Compiled>();

/**
 * Substitutes values into a compiled layout.
 * @example fillLayout(NOTICE, { title: "Hi", kicker: "k", heading: "h", preheader: "p", content: "<p>x</p>", footer: "" })
 */
export const fillLayout = (layout: Layout, values: LayoutValues): string => {
  let compiled = COMPILED.get(layout);
  if (!compiled) COMPILED.set(layout, (compiled = compile(layout)));
  const { parts, slots } = compiled;
  let html = parts[0] ?? "";
  for (let i = 0; i < slots.length; i += 1) {
    const slot = slots[i] as keyof LayoutValues;
    const value = values[slot];
    if (value === undefined) throw new Error(`layout ${layout.name}: no value for {{${slot}}}`);
    html += (TEXT_SLOTS.has(slot) ? escapeHtml(value) : value) + (parts[i + 1] ?? "");
  }
  return html;
};
