import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { composeWeek } from "../../../functions/domain/render/week.js";
import { PROGRAMME_WEEKS } from "../../../functions/domain/render/index.js";
import { confirmationCopy, unsubscribedCopy, welcomeCopy } from "../../../functions/domain/curriculum/notices.js";
import { contextFor } from "../../../functions/domain/personalise/index.js";
import { SOURCE_KEYS, WEEKS } from "../../../functions/domain/curriculum/index.js";
import type { Section } from "../../../functions/domain/curriculum/index.js";
import { composeRecoveryWeek } from "../../../functions/domain/render/adapted.js";
import { ackCopy, pauseCopy, resumeCopy, stopCopy, triageCopy } from "../../../functions/domain/curriculum/replies.js";
import type { CheckinSummary } from "../../../functions/domain/adapt.js";
import { FOOTER, profileMatrix } from "./fixtures.js";

/** The keys listed under "## Sources (keys)" in coaching-facts.md, plus `practice` for the exercise library. */
const knownKeys = (markdown: string): Set<string> => {
  const section = factsSection(markdown, "Sources (keys)");
  const keys = [...section.matchAll(/^- `([^`]+)`:/gm)].map((m) => m[1] ?? "");
  return new Set([...keys, "practice"]);
};

const FACTS = readFileSync(new URL("../../../functions/domain/curriculum/coaching-facts.md", import.meta.url), "utf8");
/** The design folder's original, next to the repository (`../shared/design/` from the repo root); absent in a plain clone. */
const SHARED_FACTS = fileURLToPath(new URL("../../../../shared/design/coaching-facts.md", import.meta.url));

/** One `## ` section of coaching-facts.md, by the start of its heading. */
const factsSection = (markdown: string, heading: string): string => {
  const section = markdown.split(/^## /m).find((s) => s.startsWith(heading));
  if (section === undefined) throw new Error(`coaching-facts.md has no '## ${heading}' section`);
  return section;
};

/** The first line where two texts differ, for a short failure message. */
const firstDifference = (a: string, b: string): string => {
  const [left, right] = [a.split("\n"), b.split("\n")];
  const i = left.findIndex((line, n) => line !== right[n]);
  const at = i === -1 ? left.length : i;
  return `line ${at + 1}: local ${JSON.stringify(left[at] ?? "<end>")} vs shared ${JSON.stringify(right[at] ?? "<end>")}`;
};

/** Every problem with the sources of these sections: a claim without sources, or an unknown key. */
const sourceProblems = (sections: readonly Section[], known: Set<string>): string[] =>
  sections.flatMap((s) => {
    if (s.kind !== "claim") return [];
    if (s.sources.length === 0) return [`claim without sources: ${JSON.stringify(s.blocks).slice(0, 80)}`];
    return s.sources.filter((k) => !known.has(k)).map((k) => `unknown source key ${k}`);
  });

/** The welcome email's sections for a runner whose first email is on a Monday at 7 am, London time. */
const welcomeSections = (ctx: Parameters<typeof welcomeCopy>[0]) =>
  welcomeCopy(ctx, {
    firstSend: "Monday 3 March at 7 am",
    weekday: "Monday",
    time: "7 am",
    timezone: "Europe/London",
    weeks: 10,
    preferencesUrl: "https://example.org/p",
  }).sections;

describe("claim sources", () => {
  const known = knownKeys(FACTS);

  it("reads the ten source keys of coaching-facts.md, plus practice", () => {
    // Assess
    expect([...known].sort()).toEqual([
      "acsm-2007-fluids",
      "acsm-2016-nutrition",
      "article",
      "buist-2008",
      "couch-to-5k",
      "medic-2017",
      "nielsen-2014",
      "nosaka-2002",
      "practice",
      "seiler-2010",
      "yale-running-injuries",
    ]);
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
      ...welcomeSections(ctx),
      ...unsubscribedCopy(undefined, "https://example.org/").sections,
    ];
    expect(sourceProblems(sections, known)).toEqual([]);
  });

  it("every claim in every adapted week and recovery email, for every profile and band, cites known sources", () => {
    // Prepare: one check-in per band (high, care, low, red flags), two highs for the recovery email.
    const bands: [string, number | null, string[]][] = [
      ["high", 8, []],
      ["care", 5, []],
      ["low", 2, []],
      ["red flags", null, ["sharp_pain", "numbness"]],
    ];
    const problems: string[] = [];
    let claims = 0;
    // Act
    for (const p of profileMatrix())
      for (let week = 2; week <= PROGRAMME_WEEKS; week += 1) {
        for (const [band, soreness, redFlags] of bands) {
          const checkins: CheckinSummary[] = [
            { at: "2025-03-10T08:00:00Z", week: week - 1, soreness, areas: ["calves", "knees"], redFlags },
          ];
          const { sections } = composeWeek({ profile: p, week, footer: FOOTER, checkins });
          problems.push(...sourceProblems(sections, known).map((m) => `${band} week ${week} ${p.level}: ${m}`));
          claims += sections.filter((s) => s.kind === "claim").length;
        }
        const highs: CheckinSummary[] = [
          { at: "2025-03-03T08:00:00Z", week: week - 2, soreness: 7, areas: ["shins"], redFlags: [] },
          { at: "2025-03-10T08:00:00Z", week: week - 1, soreness: 9, areas: ["shins"], redFlags: [] },
        ];
        const { sections } = composeRecoveryWeek({ profile: p, week, footer: FOOTER, checkins: highs });
        problems.push(...sourceProblems(sections, known).map((m) => `recovery week ${week} ${p.level}: ${m}`));
        expect(sections.some((s) => s.kind === "claim")).toBe(true);
      }
    // Assess
    expect(problems).toEqual([]);
    expect(claims).toBeGreaterThan(0);
  });

  it("every claim in the replies (ack, triage, commands) cites known sources", () => {
    // Prepare
    const url = "https://example.org/p";
    const sections = [
      ...[null, 0, 3, 4, 6, 7, 10].flatMap(
        (soreness) => ackCopy({ name: "Sam", soreness, areas: "calves", quote: "x", preferencesUrl: url }).sections,
      ),
      ...triageCopy({ name: "Sam", signs: ["swelling"], areas: "shins", resumeHint: "", preferencesUrl: url }).sections,
      ...stopCopy({ name: "Sam", undoUrl: url }).sections,
      ...pauseCopy({ name: "Sam", until: "Monday 14 April", timezone: "Europe/London", preferencesUrl: url }).sections,
      ...resumeCopy({ name: "Sam", next: "Monday 14 April at 7 am", weekday: "Monday", timezone: "Europe/London", preferencesUrl: url })
        .sections,
    ];
    // Act / Assess
    expect(sections.filter((s) => s.kind === "claim").length).toBeGreaterThan(3);
    expect(sourceProblems(sections, known)).toEqual([]);
  });

  it("has one content module per programme week, in order", () => {
    expect(WEEKS.map((w) => w.week)).toEqual(Array.from({ length: PROGRAMME_WEEKS }, (_, i) => i + 1));
  });

  it(
    "functions/domain/curriculum/coaching-facts.md is the shared design copy, byte for byte, when ../shared/design/coaching-facts.md exists " +
      "(in a clone without the shared folder, only the local copy's sections are checked)",
    () => {
      // Assess: the local copy always has the sections the content and these tests rely on.
      for (const heading of [
        "Sources (keys)",
        "Why legs get sore",
        "Three training mistakes",
        "Four recovery techniques",
        "Safety",
        "Exercise library",
      ])
        expect(factsSection(FACTS, heading).length).toBeGreaterThan(0);
      // Conditional, not skipped: next to the design folder the copy must not have drifted from it.
      if (existsSync(SHARED_FACTS)) {
        const shared = readFileSync(SHARED_FACTS, "utf8");
        expect(
          FACTS === shared,
          `functions/domain/curriculum/coaching-facts.md has drifted from ${SHARED_FACTS}: ${firstDifference(FACTS, shared)}`,
        ).toBe(true);
      }
    },
  );

  it("red flags cite no source: coaching-facts.md gives them no key, and `practice` is the exercise library", () => {
    // Arrange: the premise, read from the facts page itself
    expect(factsSection(FACTS, "Safety")).not.toMatch(/`[a-z0-9-]+`/);
    expect(factsSection(FACTS, "Exercise library")).toMatch(/^Exercise library \(`practice`:/);
    const ctx = contextFor(profileMatrix()[0]!, 1);
    const welcome = welcomeSections(ctx);

    // Act: every section that tells the runner to see a physio or sports doctor, in every standard week and the welcome
    const redFlagSections = [
      ...profileMatrix().flatMap((p) =>
        Array.from({ length: PROGRAMME_WEEKS }, (_, i) => composeWeek({ profile: p, week: i + 1, footer: FOOTER }).sections).flat(),
      ),
      ...welcome,
    ].filter((s) => JSON.stringify(s.blocks).includes("physio or sports doctor"));

    // Assess
    expect(redFlagSections.length).toBeGreaterThanOrEqual(profileMatrix().length * PROGRAMME_WEEKS + 1);
    expect(redFlagSections.filter((s) => s.kind === "claim")).toEqual([]);
  });

  it("keeps the curriculum's copy of coaching-facts.md in step with the fluid fact it pins", () => {
    expect(FACTS).toContain("0.4-0.8 litres per hour");
    expect(FACTS).toContain("14-27 US fl oz");
  });
});
