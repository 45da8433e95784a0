import { escapeHtml as e } from "../../lib/escape.js";

/**
 * Small server-rendered SVG charts for the overview: no script, no external image. Each has a title
 * and a description for screen readers; the same numbers are in a table next to it.
 */
export interface Series {
  label: string;
  color: string;
  values: (number | null)[];
}

const W = 320;
const H = 140;
const PAD = { left: 34, right: 8, top: 10, bottom: 24 };

const frame = (title: string, desc: string, inner: string): string =>
  `<svg viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-labelledby="${id(title)}-t ${id(title)}-d">` +
  `<title id="${id(title)}-t">${e(title)}</title><desc id="${id(title)}-d">${e(desc)}</desc>${inner}</svg>`;

const id = (title: string): string => `chart-${title.toLowerCase().replace(/[^a-z0-9]+/g, "-")}`;

const axis = (max: number, format: (n: number) => string): string => {
  const y0 = H - PAD.bottom;
  return (
    `<line x1="${PAD.left}" y1="${y0}" x2="${W - PAD.right}" y2="${y0}" stroke="#6b7f75"/>` +
    `<text x="${PAD.left - 4}" y="${PAD.top + 4}" font-size="10" text-anchor="end" fill="#3f524b">${e(format(max))}</text>` +
    `<text x="${PAD.left - 4}" y="${y0}" font-size="10" text-anchor="end" fill="#3f524b">${e(format(0))}</text>`
  );
};

const xLabels = (labels: string[]): string => {
  const step = (W - PAD.left - PAD.right) / Math.max(1, labels.length);
  return labels
    .map((l, i) =>
      i % 2 === labels.length % 2
        ? ""
        : `<text x="${PAD.left + step * (i + 0.5)}" y="${H - 8}" font-size="9" text-anchor="middle" fill="#3f524b">${e(l)}</text>`,
    )
    .join("");
};

const scaleY = (v: number, max: number): number => H - PAD.bottom - (max === 0 ? 0 : (v / max) * (H - PAD.top - PAD.bottom));

const describe = (series: Series[], labels: string[], format: (n: number) => string): string =>
  series.map((s) => `${s.label}: ${s.values.map((v, i) => `${labels[i]} ${v === null ? "none" : format(v)}`).join(", ")}`).join(". ");

/** Grouped bars, one group per week. */
export const barChart = (input: {
  title: string;
  labels: string[];
  series: Series[];
  max?: number;
  format?: (n: number) => string;
}): string => {
  const format = input.format ?? ((n: number) => String(Math.round(n * 10) / 10));
  const max = input.max ?? Math.max(1, ...input.series.flatMap((s) => s.values.map((v) => v ?? 0)));
  const group = (W - PAD.left - PAD.right) / Math.max(1, input.labels.length);
  const bar = (group * 0.8) / input.series.length;
  const bars = input.series
    .map((s, si) =>
      s.values
        .map((v, i) => {
          const y = scaleY(v ?? 0, max);
          return `<rect x="${(PAD.left + group * i + group * 0.1 + bar * si).toFixed(1)}" y="${y.toFixed(1)}" width="${bar.toFixed(1)}" height="${(H - PAD.bottom - y).toFixed(1)}" fill="${s.color}"/>`;
        })
        .join(""),
    )
    .join("");
  return frame(input.title, describe(input.series, input.labels, format), axis(max, format) + bars + xLabels(input.labels));
};

/** Lines over the weeks (a null is a gap), with optional dashed threshold lines. */
export const lineChart = (input: {
  title: string;
  labels: string[];
  series: Series[];
  max: number;
  format?: (n: number) => string;
  thresholds?: { label: string; value: number; color: string }[];
}): string => {
  const format = input.format ?? ((n: number) => String(Math.round(n * 10) / 10));
  const step = (W - PAD.left - PAD.right) / Math.max(1, input.labels.length);
  const x = (i: number) => (PAD.left + step * (i + 0.5)).toFixed(1);
  const lines = input.series
    .map((s) => {
      const points = s.values.map((v, i) => (v === null ? null : `${x(i)},${scaleY(Math.min(v, input.max), input.max).toFixed(1)}`));
      const path = points.filter((p): p is string => p !== null).join(" ");
      const dots = points
        .map((p) => (p ? `<circle cx="${p.split(",")[0]}" cy="${p.split(",")[1]}" r="2.5" fill="${s.color}"/>` : ""))
        .join("");
      return `<polyline points="${path}" fill="none" stroke="${s.color}" stroke-width="2"/>${dots}`;
    })
    .join("");
  const marks = (input.thresholds ?? [])
    .map((t) => {
      const y = scaleY(t.value, input.max).toFixed(1);
      return `<line x1="${PAD.left}" y1="${y}" x2="${W - PAD.right}" y2="${y}" stroke="${t.color}" stroke-dasharray="4 3"/><text x="${W - PAD.right}" y="${Number(y) - 3}" font-size="9" text-anchor="end" fill="${t.color}">${e(t.label)}</text>`;
    })
    .join("");
  const desc =
    describe(input.series, input.labels, format) +
    (input.thresholds?.length ? `. ${input.thresholds.map((t) => `${t.label} at ${format(t.value)}`).join(", ")}` : "");
  return frame(input.title, desc, axis(input.max, format) + marks + lines + xLabels(input.labels));
};

/** A legend for the series of a chart. */
export const legend = (series: Pick<Series, "label" | "color">[]): string =>
  `<p class="note">${series.map((s) => `<span aria-hidden="true" style="color:${s.color}">■</span> ${e(s.label)}`).join(" &nbsp; ")}</p>`;
