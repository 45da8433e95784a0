/**
 * Accessibility checks inside a real page: axe-core (pinned in package.json) runs in the page itself,
 * plus the issue's own measures: 44 px tap targets, text sizes, focus-ring contrast, no sideways scroll.
 * Open pages from a context made with `bypassCSP: true`, so the axe script can be added to pages
 * whose CSP allows no script.
 */
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import type { Page } from "playwright-core";

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/** axe-core's WCAG 2.x A/AA rules and its best practices: each violation as "rule: target". */
export const axeViolations = async (page: Page): Promise<string[]> => {
  await page.addScriptTag({ content: AXE_SOURCE });
  return page.evaluate<string[]>(`axe.run(document, { runOnly: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] })
    .then((r) => r.violations.flatMap((v) => v.nodes.map((n) => v.id + ": " + n.target.join(" "))))`);
};

/** Controls and links under 44 px tall (a checkbox counts by its label row), as "tag#id text: height". */
export const smallTapTargets = (page: Page): Promise<string[]> =>
  page.evaluate<
    string[]
  >(`[...document.querySelectorAll("a, button, select, textarea, input:not([type=hidden]):not([type=checkbox]), label.check")]
    .filter((el) => el.offsetParent !== null && !el.closest(".hp"))
    .map((el) => [el, el.getBoundingClientRect().height])
    .filter(([, h]) => h < 44)
    .map(([el, h]) => el.tagName.toLowerCase() + "#" + (el.id || "") + " " + (el.textContent || "").trim().slice(0, 30) + ": " + h.toFixed(1))`);

/** Text smaller than 16 px in the body copy, or 14 px in footers and hints. */
export const smallText = (page: Page): Promise<string[]> =>
  page.evaluate<string[]>(`[...document.querySelectorAll("p, li, label, legend, footer, .hint, .err, button, a, span")]
    .filter((el) => el.offsetParent !== null && !el.closest(".hp") && (el.textContent || "").trim())
    .map((el) => [el, parseFloat(getComputedStyle(el).fontSize), el.closest("footer, .hint, .err") ? 14 : 16])
    .filter(([, size, min]) => size < min)
    .map(([el, size]) => el.tagName.toLowerCase() + " " + (el.textContent || "").trim().slice(0, 30) + ": " + size + "px")`);

/** The contrast of the focus outline of `selector` against white, after focusing it from the keyboard. */
export const focusRingContrast = async (page: Page, selector: string): Promise<number> => {
  await page.focus(selector);
  return page.evaluate<number>(`(() => {
    const c = getComputedStyle(document.activeElement).outlineColor.match(/\\d+(\\.\\d+)?/g).slice(0, 3).map(Number);
    const lum = (rgb) => rgb.map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
      .reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i], 0);
    return (1 + 0.05) / (lum(c) + 0.05);
  })()`);
};

/** Every check at once for one loaded page: what is wrong, or [] when nothing is. */
export const pageProblems = async (page: Page): Promise<string[]> => [
  ...(await axeViolations(page)),
  ...(await smallTapTargets(page)).map((x) => `tap target: ${x}`),
  ...(await smallText(page)).map((x) => `small text: ${x}`),
  ...((await page.evaluate<boolean>("document.documentElement.scrollWidth > window.innerWidth")) ? ["scrolls sideways"] : []),
];
