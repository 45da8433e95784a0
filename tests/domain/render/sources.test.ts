import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { composeWeek } from "../../../functions/domain/render/week.js";
import { PROGRAMME_WEEKS } from "../../../functions/domain/render/index.js";
import { confirmationCopy, unsubscribedCopy, welcomeCopy } from "../../../templates/content/notices.js";
import { contextFor } from "../../../functions/domain/render/personalise.js";
import { SOURCE_KEYS, WEEKS } from "../../../templates/content/index.js";
import type { Section } from "../../../templates/content/index.js";
import { FOOTER, profileMatrix } from "./fixtures.js";

/** The keys listed under "## Sources (keys)" in coaching-facts.md, plus `practice` for the exercise library. */
const knownKeys = (markdown: string): Set<string> => {
  const section = markdown.split(/^## /m).find((s) => s.startsWith("Sources (keys)"));
  if (!section) throw new Error("coaching-facts.md has no '## Sources (keys)' section");
  const keys = [...section.matchAll(/^- `([^`]+)`:/gm)].map((m) => m[1] ?? "");
  return new Set([...keys, "practice"]);
};

const FACTS = readFileSync(new URL("../../../templates/content/coaching-facts.md", import.meta.url), "utf8");

/** Every problem with the sources of these sections: a claim without sources, or an unknown key. */
const sourceProblems = (sections: readonly Section[], known: Set<string>): string[] =>
  sections.flatMap((s) => {
    if (s.kind !== "claim") return [];
    if (s.sources.length === 0) return [`claim without sources: ${JSON.stringify(s.blocks).slice(0, 80)}`];
    return s.sources.filter((k) => !known.has(k)).map((k) => `unknown source key ${k}`);
  });

describe("claim sources", () => {
  const known = knownKeys(FACTS);

  it("reads the five source keys of coaching-facts.md, plus practice", () => {
    // Assess
    expect([...known].sort()).toEqual(["article", "medic-2017", "nosaka-2002", "practice", "seiler-2010", "yale-running-injuries"]);
  });

  it("allows content to cite only keys that coaching-facts.md defines", () => {
    expect(SOURCE_KEYS.filter((k) => !known.has(k))).toEqual([]);
  });

  it("flags an unknown key and a claim with no sources", () => {
    // Prepare
    const bad = [
      { kind: "claim", sources: ["wikipedia"], blocks: [] },
      { kind: "claim", sources: [], blocks: [] },
    ] as unknown as Section[];
    // Act / Assess
    expect(sourceProblems(bad, known)).toHaveLength(2);
  });

  it("every claim in every week, for every profile in the matrix, cites known sources", () => {
    // Prepare
    const problems: string[] = [];
    // Act
    for (const p of profileMatrix())
      for (let week = 1; week <= PROGRAMME_WEEKS; week += 1) {
        const { sections } = composeWeek({ profile: p, week, footer: FOOTER });
        problems.push(...sourceProblems(sections, known).map((m) => `week ${week} ${p.level}: ${m}`));
        expect(sections.some((s) => s.kind === "claim")).toBe(true);
      }
    // Assess
    expect(problems).toEqual([]);
  });

  it("every claim in the one-off emails cites known sources", () => {
    const ctx = contextFor(profileMatrix()[0]!, 1);
    const sections = [
      ...confirmationCopy("Sam", "https://example.org/c").sections,
      ...welcomeCopy(ctx, {
        firstSend: "Monday 3 March at 7 am",
        weekday: "Monday",
        time: "7 am",
        timezone: "Europe/London",
        weeks: 10,
        preferencesUrl: "https://example.org/p",
      }).sections,
      ...unsubscribedCopy(undefined, "https://example.org/").sections,
    ];
    expect(sourceProblems(sections, known)).toEqual([]);
  });

  it("has one content module per programme week, in order", () => {
    expect(WEEKS.map((w) => w.week)).toEqual(Array.from({ length: PROGRAMME_WEEKS }, (_, i) => i + 1));
  });

  it("keeps the curriculum's copy of coaching-facts.md in step with the fluid fact it pins", () => {
    expect(FACTS).toContain("0.4-0.8 litres per hour");
    expect(FACTS).toContain("14-27 US fl oz");
  });
});
