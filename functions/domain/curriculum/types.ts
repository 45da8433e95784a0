/**
 * The shape of the curriculum. Copy that states a fact is a {@link Claim} and must name where the
 * fact comes from (a key from coaching-facts.md, or `practice` for the exercise library); copy
 * that states no fact (greetings, prompts, framing) is a {@link Note}. Sources are checked by
 * tests/domain/render/sources.test.ts against coaching-facts.md.
 */
import type { Block, Inline, PlanRow, Rich } from "./blocks.js";
import type { Ctx } from "../personalise/index.js";

export const SOURCE_KEYS = [
  "article",
  "nosaka-2002",
  "seiler-2010",
  "yale-running-injuries",
  "medic-2017",
  "couch-to-5k",
  "nielsen-2014",
  "buist-2008",
  "acsm-2016-nutrition",
  "acsm-2007-fluids",
  "practice",
] as const;
export type SourceKey = (typeof SOURCE_KEYS)[number];

export interface Claim {
  readonly kind: "claim";
  readonly sources: readonly SourceKey[];
  readonly blocks: readonly Block[];
}

export interface Note {
  readonly kind: "note";
  readonly blocks: readonly Block[];
}

export type Section = Claim | Note;

/** A plan row a week introduces; later weeks keep it, so the plan grows into the whole routine. */
export interface Habit {
  readonly row: Omit<PlanRow, "isNew">;
  readonly sources: readonly SourceKey[];
}

export interface WeekContent {
  readonly week: number;
  /** Goes into the subject: "Week N of 10: <topic>". */
  readonly topic: string;
  /** Shown under the heading and first in the inbox preview. */
  readonly preheader: (ctx: Ctx) => string;
  /** The one lesson of the week. */
  readonly lesson: (ctx: Ctx) => readonly Section[];
  /** Extra depth for regular and experienced runners. */
  readonly whyItWorks: (ctx: Ctx) => readonly Section[];
  /** The routine this week adds to the plan; null adds nothing. */
  readonly habit: (ctx: Ctx) => Habit | null;
  /** Overrides the standard red-flag reminder for this week. */
  readonly safety?: (ctx: Ctx) => Section;
  /** Overrides the standard sign-off. */
  readonly signOff?: string;
}

export const claim = (sources: readonly SourceKey[], ...blocks: Block[]): Claim => ({ kind: "claim", sources, blocks });
export const note = (...blocks: Block[]): Note => ({ kind: "note", blocks });

export const p = (text: Rich): Block => ({ kind: "paragraph", text });
export const small = (text: Rich): Block => ({ kind: "paragraph", text, size: "small" });
export const h = (text: string): Block => ({ kind: "heading", text });
export const ul = (...items: Rich[]): Block => ({ kind: "bullets", items });
export const callout = (tone: "note" | "caution", title: string, text: Rich, items?: readonly Rich[]): Block =>
  items ? { kind: "callout", tone, title, text, items } : { kind: "callout", tone, title, text };
export const b = (strong: string): { strong: string } => ({ strong });
export const button = (label: string, url: string): Block => ({ kind: "button", label, url });
export const link = (text: string, href: string): Inline => ({ text, href });
