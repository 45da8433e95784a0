/**
 * The typed blocks every email body is made of: the vocabulary the curriculum is written in and the
 * renderer reads (functions/domain/render turns each into HTML and plain text). Types only: the copy
 * never depends on how a block is drawn.
 */

/** A run of inline text: plain, bold, or a link (the URL is shown in full in the text part). */
export type Inline = string | { readonly strong: string } | { readonly text: string; readonly href: string };
/** Inline text: one string, or runs of inline text joined without separators. */
export type Rich = string | readonly Inline[];

export interface LinkItem {
  readonly label: string;
  readonly url: string;
}

export interface PlanRow {
  readonly label: string;
  readonly detail: Rich;
  /** Marks the habit this week's email introduces. */
  readonly isNew?: boolean;
}

export interface ChartBar {
  readonly label: string;
  /** Soreness from 0 to 10; values outside are clamped. */
  readonly score: number;
}

/** One session of the day-by-day week. */
export interface DayRow {
  /** "Mon" … "Sun". */
  readonly day: string;
  /** "Easy run · 45 min" */
  readonly what: string;
  readonly detail?: string;
  /** Rest days read quieter. */
  readonly quiet?: boolean;
}

export type Block =
  /** `flush` drops the top margin, for a heading that opens a card. */
  | { readonly kind: "heading"; readonly text: string; readonly flush?: boolean }
  | { readonly kind: "paragraph"; readonly text: Rich; readonly size?: "normal" | "small" }
  | { readonly kind: "bullets"; readonly items: readonly Rich[] }
  | { readonly kind: "plan"; readonly rows: readonly PlanRow[] }
  /** The week day by day (functions/domain/plan). */
  | { readonly kind: "days"; readonly rows: readonly DayRow[] }
  | {
      readonly kind: "callout";
      readonly tone: "note" | "caution";
      readonly title: string;
      readonly text: Rich;
      readonly items?: readonly Rich[];
    }
  | { readonly kind: "button"; readonly label: string; readonly url: string }
  | { readonly kind: "links"; readonly links: readonly LinkItem[]; readonly style: "pills" | "inline" }
  | { readonly kind: "sorenessChart"; readonly title: string; readonly bars: readonly ChartBar[] };
