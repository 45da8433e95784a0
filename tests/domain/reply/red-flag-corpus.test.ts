/**
 * The red-flag wording corpus (tests/fixtures/red-flags, written for Legwork): everyday ways runners
 * describe each warning sign, and near misses (negations, past and resolved, idioms, "7 sharp").
 * Recall must be 100 % (every expected code read) and false flags at most 1 % of the near misses.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseReplyText, RED_FLAGS } from "../../../functions/domain/reply/index.js";
import type { RedFlag } from "../../../functions/domain/reply/index.js";

const DIR = new URL("../../fixtures/red-flags/", import.meta.url);
const lines = (file: string) =>
  readFileSync(new URL(file, DIR), "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "" && !l.startsWith("#"));

const FLAGS = lines("flags.tsv").map((l) => {
  const [codes, text] = l.split("\t") as [string, string];
  return { codes: codes.split(",") as RedFlag[], text };
});
const NEAR_MISSES = lines("near-misses.txt");

describe("red-flag wording corpus", () => {
  it("holds at least 150 flags over every code and 100 near misses", () => {
    expect(FLAGS.length).toBeGreaterThanOrEqual(150);
    expect(NEAR_MISSES.length).toBeGreaterThanOrEqual(100);
    for (const code of FLAGS.flatMap((f) => f.codes)) expect(RED_FLAGS).toContain(code);
    expect(new Set(FLAGS.flatMap((f) => f.codes))).toEqual(new Set(RED_FLAGS));
  });

  it("recall is 100 %: every wording raises every code it names", () => {
    const missed = FLAGS.filter((f) => {
      const read = parseReplyText(f.text).redFlags;
      return !f.codes.every((c) => read.includes(c));
    }).map((f) => `${f.codes.join(",")}: ${f.text} -> ${JSON.stringify(parseReplyText(f.text).redFlags)}`);
    expect(missed).toEqual([]);
  });

  it("false flags are at most 1 % of the near misses", () => {
    const flagged = NEAR_MISSES.filter((t) => parseReplyText(t).redFlags.length > 0).map(
      (t) => `${t} -> ${JSON.stringify(parseReplyText(t).redFlags)}`,
    );
    expect(flagged.length / NEAR_MISSES.length, flagged.join("\n")).toBeLessThanOrEqual(0.01);
  });
});
