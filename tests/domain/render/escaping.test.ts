import { describe, expect, it } from "vitest";
import {
  blocksToHtml,
  blocksToText,
  escapeHtml,
  PROGRAMME_WEEKS,
  renderConfirmation,
  renderUnsubscribed,
  renderWeek,
  renderWelcome,
} from "../../../functions/domain/render/index.js";
import { FOOTER, profile } from "./fixtures.js";

const HOSTILE_NAMES = ["<script>alert(1)</script>", '"onload=x', "Ann & 'Bo' <b>"];

/** Every tag in the HTML: where an injected attribute or element would have to be. */
const tags = (html: string): string[] => html.match(/<[^>]*>/g) ?? [];

describe("escaping", () => {
  it("escapes the five HTML-special characters", () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe("&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;");
    expect(escapeHtml("plain words")).toBe("plain words");
  });

  for (const name of HOSTILE_NAMES) {
    it(`shows the name ${JSON.stringify(name)} only escaped in the HTML of every email, and plain in the text`, () => {
      // Prepare
      const p = profile({ name });
      const emails = [
        ...Array.from({ length: PROGRAMME_WEEKS }, (_, i) => renderWeek({ profile: p, week: i + 1, footer: FOOTER })),
        renderConfirmation({ profile: p, confirmUrl: "https://legwork.example.org/confirm?token=a", postalAddress: "1 Mill Lane" }),
        renderWelcome({ profile: p, firstSendAt: "2025-03-03T07:00:00Z", footer: FOOTER }),
        renderUnsubscribed({ profile: p, resubscribeUrl: "https://legwork.example.org/", postalAddress: "1 Mill Lane" }),
      ];
      for (const email of emails) {
        // Assess
        expect(email.html.includes(name)).toBe(false);
        expect(email.html.includes(`Hi ${escapeHtml(name)},`)).toBe(true);
        expect(tags(email.html).filter((t) => /onload|<script|<b>/i.test(t))).toEqual([]);
        expect(email.html.toLowerCase().includes("<script")).toBe(false);
        expect(email.text.includes(`Hi ${name},`)).toBe(true);
      }
    });
  }

  it('greets "Hi there," when the runner gave no name', () => {
    const email = renderWeek({ profile: profile({ name: undefined }), week: 1, footer: FOOTER });
    expect(email.text).toContain("Hi there,");
    expect(email.html).toContain("Hi there,");
  });

  it("escapes link attributes (& becomes &amp;) and keeps the raw URL in the text part", () => {
    const url = "https://legwork.example.org/checkin?token=a&score=3";
    const blocks = [{ kind: "button", label: "Check in", url } as const];
    expect(blocksToHtml(blocks)).toContain('href="https://legwork.example.org/checkin?token=a&amp;score=3"');
    expect(blocksToText(blocks)).toBe(`Check in: ${url}`);
  });

  it("refuses link URLs that are not http(s) or mailto, or that could break out of the attribute", () => {
    for (const url of ["javascript:alert(1)", "data:text/html,x", "https://x.example/ onmouseover=y", "//evil.example"]) {
      expect(() => blocksToHtml([{ kind: "button", label: "x", url }])).toThrow(RangeError);
    }
  });

  it("escapes the postal address and a lead note from outside the renderer", () => {
    const email = renderWeek({
      profile: profile(),
      week: 2,
      footer: { ...FOOTER, postalAddress: "<i>Club</i> & Co" },
      lead: [{ kind: "paragraph", text: "Last week: <b>calves 7/10</b>" }],
    });
    expect(email.html).toContain("&lt;i&gt;Club&lt;/i&gt; &amp; Co");
    expect(email.html).toContain("Last week: &lt;b&gt;calves 7/10&lt;/b&gt;");
    expect(email.text).toContain("Last week: <b>calves 7/10</b>");
  });
});
