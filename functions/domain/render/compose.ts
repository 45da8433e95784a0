/** Turns composed copy (sections and blocks) into the three parts of an email, HTML and text from the same blocks. */
import type { Section, SourceKey } from "../curriculum/types.js";
import { SOURCE_NAMES } from "../curriculum/shared.js";
import type { Block } from "./blocks.js";
import { blocksToHtml, blocksToText } from "./blocks.js";
import type { Layout } from "./layout.js";
import { fillLayout } from "./layout.js";
import { underline, wrap } from "./text.js";

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

/** An email before rendering: what the copy says, in typed blocks. */
export interface Composed {
  readonly subject: string;
  readonly kicker: string;
  readonly heading: string;
  readonly preheader: string;
  readonly sections: readonly Section[];
  /** The check-in card; weekly emails only. */
  readonly checkin?: readonly Block[];
  readonly footer: readonly Block[];
  /** Adds the "Sources" small print under the content (weekly emails). */
  readonly showSources?: boolean;
}

/** The "Sources" small print: the human-readable names of every source the email's claims cite. */
export const sourcesLine = (sections: readonly Section[]): Block | null => {
  const keys: SourceKey[] = [];
  for (const section of sections) {
    if (section.kind !== "claim") continue;
    for (const key of section.sources) if (!keys.includes(key)) keys.push(key);
  }
  if (keys.length === 0) return null;
  return { kind: "paragraph", size: "small", text: `Sources: ${keys.map((k) => SOURCE_NAMES[k]).join("; ")}.` };
};

export const contentBlocks = (sections: readonly Section[], showSources = true): Block[] => {
  const blocks = sections.flatMap((s) => s.blocks);
  const sources = showSources ? sourcesLine(sections) : null;
  return sources ? [...blocks, sources] : blocks;
};

/**
 * Renders composed copy into a precompiled layout (HTML) and the matching plain text.
 * @example renderComposed(NOTICE, composed).subject
 */
export const renderComposed = (layout: Layout, email: Composed): RenderedEmail => {
  const content = contentBlocks(email.sections, email.showSources ?? false);
  const html = fillLayout(layout, {
    title: email.subject,
    kicker: email.kicker,
    heading: email.heading,
    preheader: email.preheader,
    content: blocksToHtml(content),
    footer: blocksToHtml(email.footer),
    ...(email.checkin ? { checkin: blocksToHtml(email.checkin) } : {}),
  });
  const text = [
    `Legwork \u00b7 ${email.kicker}`,
    underline(email.heading),
    wrap(email.preheader),
    blocksToText(content),
    ...(email.checkin ? [blocksToText(email.checkin)] : []),
    `--\n${blocksToText(email.footer)}`,
  ].join("\n\n");
  return { subject: email.subject, html, text: `${text}\n` };
};
