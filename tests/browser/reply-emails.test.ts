import { describe, expect, it } from "vitest";
import type { CheckinSummary } from "../../functions/domain/adapt.js";
import type { RenderedEmail } from "../../functions/domain/render/index.js";
import { renderAck, renderCommandReply, renderRecoveryWeek, renderTriage, renderWeek } from "../../functions/domain/render/index.js";
import { RED_FLAGS } from "../../functions/domain/reply/index.js";
import { horizontalOverflow, useBrowser } from "../support/browser.js";
import { CHECKIN_LINKS, FOOTER, profile } from "../domain/render/fixtures.js";

/** A runner who stretches the layout: the longest unbroken name allowed, every area sore, many runs. */
const STRESS = profile({
  name: "Maximiliana-Wolfeschlegelsteinhausenbergerdorff-Featherstone",
  level: "experienced",
  runsPerWeek: 14,
  goal: "ultra",
  units: "imperial",
  soreAreas: ["calves", "shins", "quads", "hamstrings", "glutes", "hips", "knees", "ankles", "feet", "lower-back"],
});
const ALL_AREAS = STRESS.soreAreas;

/** Six weeks of check-ins ending in a 10/10 with every area: the widest lead and chart. */
const CHECKINS: CheckinSummary[] = [2, 4, 6, 8, 9, 10].map((soreness, i) => ({
  at: `2025-0${i < 3 ? 2 : 3}-${String(10 + i).padStart(2, "0")}T08:00:00Z`,
  week: i + 1,
  soreness,
  areas: i === 5 ? [...ALL_AREAS] : ["calves"],
  redFlags: [],
}));

const LONG_WORD = "x".repeat(160);

const emails = (): [string, RenderedEmail][] => [
  ["adapted week 7", renderWeek({ profile: STRESS, week: 7, footer: FOOTER, checkinLinks: CHECKIN_LINKS, checkins: CHECKINS })],
  [
    "adapted week 5, red flags",
    renderWeek({
      profile: STRESS,
      week: 5,
      footer: FOOTER,
      checkins: [{ ...CHECKINS[3]!, week: 4, redFlags: [...RED_FLAGS], areas: [...ALL_AREAS] }],
    }),
  ],
  [
    "adapted week 4, care",
    renderWeek({ profile: STRESS, week: 4, footer: FOOTER, checkins: [{ ...CHECKINS[3]!, week: 3, soreness: 5, areas: [...ALL_AREAS] }] }),
  ],
  ["recovery week", renderRecoveryWeek({ profile: STRESS, week: 7, footer: FOOTER, checkinLinks: CHECKIN_LINKS, checkins: CHECKINS })],
  [
    "ack",
    renderAck({
      profile: STRESS,
      soreness: 10,
      areas: [...ALL_AREAS],
      note: `calves 10 ${LONG_WORD} ${"words ".repeat(60)}`,
      footer: FOOTER,
    }),
  ],
  ["ack without a score", renderAck({ profile: STRESS, soreness: null, areas: [...ALL_AREAS], note: LONG_WORD, footer: FOOTER })],
  [
    "triage",
    renderTriage({
      profile: STRESS,
      redFlags: [...RED_FLAGS],
      areas: [...ALL_AREAS],
      resumeHint: "Your plan picks up at week 5.",
      footer: FOOTER,
    }),
  ],
  [
    "stop",
    renderCommandReply({
      profile: STRESS,
      command: "stop",
      undoUrl: `https://legwork.example.org/undo?token=${"a".repeat(180)}`,
      footer: FOOTER,
    }),
  ],
  ["pause", renderCommandReply({ profile: STRESS, command: "pause", pausedUntil: "2025-04-14T06:00:00Z", footer: FOOTER })],
  ["resume", renderCommandReply({ profile: STRESS, command: "resume", nextSendAt: "2025-04-14T06:00:00Z", footer: FOOTER })],
];

describe("adapted, recovery and reply emails in a real browser", () => {
  const browser = useBrowser();

  const fits = async (html: string, width: number): Promise<boolean> => (await horizontalOverflow(browser(), html, width)) <= 0;

  it("detects a layout that is too wide (so the checks below can fail)", async () => {
    expect(await fits('<!doctype html><html><body><div style="width:500px">x</div></body></html>', 375)).toBe(false);
  });

  for (const width of [375, 600])
    it(`every one fits ${width} px without horizontal scroll`, async () => {
      for (const [name, { html }] of emails()) expect(await fits(html, width), `${name} at ${width}px`).toBe(true);
    });

  it("draws the soreness chart bars at their score's width", async () => {
    // Prepare
    const [, email] = emails()[0]!;
    const page = await browser().newPage({ viewport: { width: 375, height: 800 } });
    try {
      await page.setContent(email.html, { waitUntil: "load" });
      // Act: each filled bar's width as a share of its track, in the order drawn.
      const ratios = await page.evaluate<number[]>(
        `[...document.querySelectorAll("td.lw-track")].map((t) => { const bar = t.querySelector("table"); return bar ? Math.round(10 * bar.getBoundingClientRect().width / t.getBoundingClientRect().width) : 0; })`,
      );
      // Assess
      expect(ratios).toEqual([2, 4, 6, 8, 9, 10]);
    } finally {
      await page.close();
    }
  });
});
