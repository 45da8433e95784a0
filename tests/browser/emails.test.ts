import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PROGRAMME_WEEKS, renderConfirmation, renderUnsubscribed, renderWeek, renderWelcome } from "../../functions/domain/render/index.js";
import { horizontalOverflow, useBrowser } from "../support/browser.js";
import { CHECKIN_LINKS, FOOTER, NEW_IMPERIAL_5K, profile } from "../domain/render/fixtures.js";

/** A runner who stretches the layout: the longest unbroken name allowed, every area sore, many runs. */
const STRESS = profile({
  name: "Maximiliana-Wolfeschlegelsteinhausenbergerdorff-Featherstone",
  level: "experienced",
  runsPerWeek: 14,
  goal: "ultra",
  units: "imperial",
  soreAreas: ["calves", "shins", "quads", "hamstrings", "glutes", "hips", "knees", "ankles", "feet", "lower-back"],
});

const WIDTHS = [375, 600] as const;

describe("emails in a real browser", () => {
  const browser = useBrowser();

  const overflow = (html: string, width: number): Promise<number> => horizontalOverflow(browser(), html, width);

  it("detects a layout that is too wide (so the checks below can fail)", async () => {
    expect(await overflow('<!doctype html><html><body><div style="width:500px">x</div></body></html>', 375)).toBeGreaterThan(0);
  });

  for (let week = 1; week <= PROGRAMME_WEEKS; week += 1) {
    it(`week ${week} fits 375 px and 600 px without horizontal scroll`, async () => {
      for (const p of [NEW_IMPERIAL_5K, STRESS]) {
        const { html } = renderWeek({ profile: p, week, footer: FOOTER, checkinLinks: CHECKIN_LINKS });
        for (const width of WIDTHS) expect(await overflow(html, width), `${p.level} at ${width}px`).toBeLessThanOrEqual(0);
      }
    });
  }

  it("every link in a weekly email is a 44 px tap target at 375 px, and no text is under 14 px", async () => {
    const { html } = renderWeek({ profile: NEW_IMPERIAL_5K, week: 2, footer: FOOTER, checkinLinks: CHECKIN_LINKS });
    const page = await browser().newPage({ viewport: { width: 375, height: 800 } });
    try {
      await page.setContent(html, { waitUntil: "load" });
      const small = await page.evaluate<string[]>(`[...document.querySelectorAll("a")].filter((a) => a.getBoundingClientRect().height < 44)
        .map((a) => a.textContent.trim() + ": " + a.getBoundingClientRect().height)`);
      expect(small).toEqual([]);
      const tiny = await page.evaluate<
        string[]
      >(`[...document.querySelectorAll("span.lw-badge")].filter((el) => parseFloat(getComputedStyle(el).fontSize) < 14)
        .map((el) => el.textContent.trim())`);
      expect(tiny).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it("the one-off emails fit 375 px and 600 px, long confirm link included", async () => {
    const emails = [
      renderConfirmation({
        profile: STRESS,
        confirmUrl: `https://legwork.example.org/confirm?token=${"a".repeat(180)}`,
        postalAddress: FOOTER.postalAddress,
      }),
      renderWelcome({ profile: STRESS, firstSendAt: "2025-03-03T07:00:00Z", footer: FOOTER }),
      renderUnsubscribed({ profile: STRESS, resubscribeUrl: "https://legwork.example.org/", postalAddress: FOOTER.postalAddress }),
    ];
    for (const { html, subject } of emails)
      for (const width of WIDTHS) expect(await overflow(html, width), `${subject} at ${width}px`).toBeLessThanOrEqual(0);
  });

  it("screenshots week 1 at 375 px and 600 px for a human to look at", async () => {
    const { html } = renderWeek({ profile: NEW_IMPERIAL_5K, week: 1, footer: FOOTER, checkinLinks: CHECKIN_LINKS });
    for (const width of WIDTHS) {
      const page = await browser().newPage({ viewport: { width, height: 800 } });
      await page.setContent(html, { waitUntil: "load" });
      const png = await page.screenshot({ path: join(tmpdir(), `legwork-week1-${width}.png`), fullPage: true });
      await page.close();
      expect(png.length).toBeGreaterThan(10_000);
    }
  });
});
