import { describe, expect, it } from "vitest";
import type { Block } from "../../../functions/domain/render/index.js";
import { blocksToHtml, blocksToText } from "../../../functions/domain/render/index.js";
import { wrap } from "../../../functions/domain/render/text.js";

describe("blocks", () => {
  const cases: [string, Block, string[], string][] = [
    ["heading", { kind: "heading", text: "Your plan" }, ["<h2", ">Your plan</h2>"], "Your plan\n---------"],
    [
      "paragraph",
      { kind: "paragraph", text: ["Keep it ", { strong: "easy" }, "."] },
      ["<p", "Keep it <strong>easy</strong>."],
      "Keep it easy.",
    ],
    ["small paragraph", { kind: "paragraph", size: "small", text: "Fine print" }, ["font-size:13px", "Fine print"], "Fine print"],
    ["bullets", { kind: "bullets", items: ["one", "two"] }, ["<ul", "<li", ">one</li>"], "- one\n- two"],
    [
      "days",
      {
        kind: "days",
        rows: [
          { day: "Mon", what: "Easy run · 45 min", detail: "Talk <in> full sentences." },
          { day: "Mon", what: "Strength · 20 min" },
          { day: "Tue", what: "Rest", quiet: true },
        ],
      },
      [">Mon</td>", "<strong>Easy run · 45 min</strong>", "Talk &lt;in&gt; full sentences.", "width:44px"],
      "Mon  Easy run · 45 min\n     Talk <in> full sentences.\n  +  Strength · 20 min\nTue  Rest",
    ],
    [
      "plan",
      {
        kind: "plan",
        rows: [
          { label: "Runs", detail: "3 easy" },
          { label: "Sleep", detail: "7 to 9 hours", isNew: true },
        ],
      },
      ["<table", ">Runs</td>", "new this week"],
      "* Runs: 3 easy\n* Sleep (new this week): 7 to 9 hours",
    ],
    [
      "callout",
      { kind: "callout", tone: "caution", title: "Careful", text: "Stop if:", items: ["sharp pain"] },
      ["#b45309", ">Careful</p>", "<li"],
      "Careful\nStop if:\n- sharp pain",
    ],
    [
      "button",
      { kind: "button", label: "Confirm", url: "https://x.example/c" },
      ['href="https://x.example/c"', ">Confirm</a>"],
      "Confirm: https://x.example/c",
    ],
    [
      "inline links",
      {
        kind: "links",
        style: "inline",
        links: [
          { label: "A", url: "https://x.example/a" },
          { label: "B", url: "https://x.example/b" },
        ],
      },
      [">A</a> &middot; <a"],
      "A: https://x.example/a\nB: https://x.example/b",
    ],
    [
      "link in a paragraph",
      { kind: "paragraph", text: ["See ", { text: "preferences", href: "https://x.example/p" }, "."] },
      ['<a href="https://x.example/p"'],
      "See preferences (https://x.example/p).",
    ],
    [
      "soreness chart",
      {
        kind: "sorenessChart",
        title: "Last weeks",
        bars: [
          { label: "calves", score: 7 },
          { label: "shins", score: 12 },
        ],
      },
      ['width="70%"', 'width="100%"', "7/10", "10/10"],
      "Last weeks\ncalves  #######...  7/10\nshins   ##########  10/10",
    ],
  ];

  it.each(cases)("renders a %s to HTML and to text", (_, block, htmlParts, text) => {
    const html = blocksToHtml([block]);
    for (const part of htmlParts) expect(html).toContain(part);
    expect(blocksToText([block])).toBe(text);
  });

  it("separates blocks with a blank line in text", () => {
    expect(
      blocksToText([
        { kind: "paragraph", text: "a" },
        { kind: "paragraph", text: "b" },
      ]),
    ).toBe("a\n\nb");
  });

  it("turns line breaks into <br> in HTML and keeps them in text", () => {
    expect(blocksToHtml([{ kind: "paragraph", text: "See you,\nLegwork" }])).toContain("See you,<br>Legwork");
    expect(blocksToText([{ kind: "paragraph", text: "See you,\nLegwork" }])).toBe("See you,\nLegwork");
  });

  it("wraps text at 72 columns with hanging indents and never splits a URL", () => {
    const long = `${"word ".repeat(30)}https://example.org/${"x".repeat(80)} end`;
    const lines = wrap(long, "- ", "  ").split("\n");
    for (const line of lines) if (!line.includes("https://")) expect(line.length).toBeLessThanOrEqual(72);
    expect(lines.some((l) => l.trim() === `https://example.org/${"x".repeat(80)}`)).toBe(true);
    expect(lines[0]?.startsWith("- word")).toBe(true);
    expect(lines.slice(1).every((l) => l.startsWith("  "))).toBe(true);
    expect(lines.join(" ").replace(/\s+/g, " ").replace("- ", "")).toBe(long);
  });
});
