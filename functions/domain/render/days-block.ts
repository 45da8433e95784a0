/**
 * The day-by-day week: one row per session, the day in a narrow first column, what to do and for
 * how long in bold, the detail under it. Narrow columns and wrapping text keep it readable at 375 px.
 */
import type { DayRow } from "../curriculum/blocks.js";
import { wrap } from "./text.js";

const RULE = "#e3ded6";
const MUTED = "#57606a";
const ACCENT = "#1d6b4f";

/** Escaping is the caller's: blocks.ts passes its escapeHtml so both renderers share one. */
export const daysHtml = (rows: readonly DayRow[], escape: (s: string) => string): string =>
  `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" class="lw-days"` +
  ` style="border-collapse:collapse;margin:0 0 20px;width:100%;">${rows
    .map((row, i) => {
      const same = i > 0 && rows[i - 1]?.day === row.day;
      const edge = same ? "" : `border-top:1px solid ${RULE};`;
      const day = same ? "" : escape(row.day);
      const what = row.quiet ? `<span style="color:${MUTED};">${escape(row.what)}</span>` : `<strong>${escape(row.what)}</strong>`;
      const detailStyle = `font-size:14px;line-height:1.45;color:${MUTED};`;
      const detail = row.detail ? `<br><span class="lw-muted" style="${detailStyle}">${escape(row.detail)}</span>` : "";
      const dayStyle = `padding:8px 8px 8px 0;${edge}vertical-align:top;width:44px;font-weight:700;color:${ACCENT};white-space:nowrap;`;
      return `<tr><td style="${dayStyle}">${day}</td><td style="padding:8px 0;${edge}vertical-align:top;word-wrap:break-word;">${what}${detail}</td></tr>`;
    })
    .join("")}</table>`;

/**
 * The text form: "Tue  Run/walk · 25 min" with the detail indented under it.
 * @example daysText([{ day: "Mon", what: "Rest" }]) // "Mon  Rest"
 */
export const daysText = (rows: readonly DayRow[]): string =>
  rows
    .map((row, i) => {
      const same = i > 0 && rows[i - 1]?.day === row.day;
      const head = wrap(row.what, `${same ? "  +" : row.day}  `, "     ");
      return row.detail ? `${head}\n${wrap(row.detail, "     ")}` : head;
    })
    .join("\n");
