/**
 * The real-client corpus (tests/fixtures/clients): at least 120 messages from 25+ clients and locales,
 * each with its exact new `text` and reading. Written for Legwork in the shapes real clients produce.
 */
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseMessage } from "../../../functions/domain/reply/index.js";
import { corpus } from "../../fixtures/clients/table.js";

const DIR = new URL("../../fixtures/clients/eml/", import.meta.url);
const NAMES = readdirSync(DIR)
  .filter((f) => f.endsWith(".eml"))
  .map((f) => f.slice(0, -4))
  .sort();

describe("real-client reply corpus", () => {
  it("holds at least 120 messages from at least 25 clients and locales, as the table writes them", () => {
    const table = corpus();
    expect(NAMES.length).toBeGreaterThanOrEqual(120);
    expect(new Set(table.map((m) => `${m.client}/${m.locale}`)).size).toBeGreaterThanOrEqual(25);
    expect(NAMES).toEqual(table.map((m) => m.name).sort());
    for (const m of table) expect(readFileSync(new URL(`${m.name}.eml`, DIR), "utf8"), m.name).toBe(m.raw);
  });

  it("every message reads exactly: the new words only, and the right reading", async () => {
    const wrong: string[] = [];
    for (const name of NAMES) {
      const expected = JSON.parse(readFileSync(new URL(`${name}.json`, DIR), "utf8")) as Record<string, unknown>;
      const { reply } = await parseMessage(readFileSync(new URL(`${name}.eml`, DIR)));
      const want = {
        soreness: expected["soreness"],
        areas: expected["areas"],
        redFlags: expected["redFlags"],
        command: expected["command"],
        pauseWeeks: expected["pauseWeeks"],
        text: expected["text"],
      };
      if (JSON.stringify(reply) !== JSON.stringify(want)) wrong.push(`${name}: got ${JSON.stringify(reply)}`);
    }
    expect(wrong).toEqual([]);
  });
});
