import { describe, expect, it } from "vitest";
import { PROGRAMME_WEEKS, renderWeek } from "../../../functions/domain/render/index.js";
import { CHECKIN_LINKS, FOOTER, profileMatrix } from "./fixtures.js";

const LEFTOVERS = ["undefined", "NaN", "[object Object]", "{{", "}}", "null"];

describe("renderWeek across the profile matrix", () => {
  const profiles = profileMatrix();

  it("covers every level, unit system, sore-area extreme and several run counts", () => {
    expect(profiles.length).toBe(4 * 2 * 2 * 6);
  });

  for (let week = 1; week <= PROGRAMME_WEEKS; week += 1) {
    it(`week ${week} renders a complete email for every profile`, () => {
      for (const p of profiles) {
        for (const checkinLinks of [undefined, CHECKIN_LINKS]) {
          // Act
          const email = renderWeek({ profile: p, week, footer: FOOTER, ...(checkinLinks ? { checkinLinks } : {}) });
          const where = `week ${week} ${p.level}/${p.units}/${p.runsPerWeek}/${p.goal}/${p.soreAreas.length}`;
          // Assess
          expect(email.subject, where).toMatch(new RegExp(`^Week ${week} of ${PROGRAMME_WEEKS}: \\S`));
          expect(email.html.length, where).toBeGreaterThan(1000);
          expect(email.text.length, where).toBeGreaterThan(500);
          expect(email.text, where).toContain(`Unsubscribe: ${FOOTER.unsubscribeUrl}`);
          expect(email.text, where).toContain(FOOTER.preferencesUrl);
          expect(email.text, where).toContain(FOOTER.postalAddress);
          expect(email.text, where).toContain("Reply with your worst morning-after score");
          expect(email.html, where).toContain(FOOTER.unsubscribeUrl.replace(/&/g, "&amp;"));
          expect(email.html, where).toMatch(/<a [^>]*href="https:\/\/legwork\.example\.org\/unsubscribe[^"]*"[^>]*>Unsubscribe<\/a>/);
          for (const bad of LEFTOVERS) {
            expect(email.html.includes(bad), `${where}: html contains ${bad}`).toBe(false);
            expect(email.text.includes(bad), `${where}: text contains ${bad}`).toBe(false);
          }
        }
      }
    });
  }

  it("shows the score links in both parts when they are given", () => {
    const email = renderWeek({ profile: profiles[0]!, week: 3, footer: FOOTER, checkinLinks: CHECKIN_LINKS });
    for (const link of CHECKIN_LINKS) {
      expect(email.text).toContain(`${link.label}: ${link.url}`);
      expect(email.html.includes(`href="${link.url.replace(/&/g, "&amp;")}"`)).toBe(true);
    }
  });

  it("rejects weeks outside 1..10 with a RangeError", () => {
    for (const week of [0, -1, 11, 1.5, Number.NaN]) {
      expect(() => renderWeek({ profile: profiles[0]!, week, footer: FOOTER })).toThrow(RangeError);
    }
  });

  it("keeps the HTML free of images, remote styles, scripts and hidden text, with lang and a title", () => {
    for (let week = 1; week <= PROGRAMME_WEEKS; week += 1) {
      const { html, subject } = renderWeek({ profile: profiles[5]!, week, footer: FOOTER, checkinLinks: CHECKIN_LINKS });
      // Booleans, not toMatch on the document: a failure should not print 20 KB of HTML.
      expect(/^<!doctype html><html lang="en"/.test(html)).toBe(true);
      expect(html.includes(`<title>${subject.replace(/'/g, "&#39;")}</title>`)).toBe(true);
      expect(
        html.match(/<img\b|<link\b|@import|<script\b|display:\s*none|visibility:\s*hidden|opacity:\s*0[;"]|max-height:\s*0/gi),
      ).toBeNull();
      expect(html.match(/bit\.ly|tinyurl|goo\.gl/gi)).toBeNull();
    }
  });

  it("writes plain, calm copy: no ALL-CAPS shouting, at most one exclamation mark", () => {
    for (const p of profiles.slice(0, 12))
      for (let week = 1; week <= PROGRAMME_WEEKS; week += 1) {
        const { text, subject } = renderWeek({ profile: p, week, footer: FOOTER });
        const body = text.replace(/https?:\/\/\S+/g, "");
        expect(body.match(/\b[A-Z]{5,}\b/g) ?? [], `week ${week}`).toEqual([]);
        expect((body.match(/!/g) ?? []).length, `week ${week}`).toBeLessThanOrEqual(1);
        expect(subject).not.toMatch(/!|\bFREE\b/);
      }
  });
});
