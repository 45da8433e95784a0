import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseMessage } from "../../../functions/domain/reply/index.js";
import type { InboundMessage } from "../../../functions/domain/reply/index.js";

/**
 * Every tests/fixtures/replies/NAME.eml is a real client shape; NAME.json holds what the contract
 * says parse-reply must read from it.
 */
interface Expected {
  soreness: number | null;
  areas: string[];
  redFlags: string[];
  command: string | null;
  pauseWeeks: number | null;
  /** Exact new text, when given. */
  text?: string;
  textIncludes?: string[];
  textExcludes?: string[];
  /** Defaults to false: a normal reply must never look automatic. */
  autoReply?: boolean;
  attachments?: number;
}

const DIR = fileURLToPath(new URL("../../fixtures/replies/", import.meta.url));
const NAMES = readdirSync(DIR)
  .filter((f) => f.endsWith(".eml"))
  .map((f) => f.slice(0, -".eml".length))
  .sort();
const MIN_CORPUS = 45;
const MIN_SHARE = 0.95;

const load = (name: string): { raw: Buffer; expected: Expected } => ({
  raw: readFileSync(`${DIR}${name}.eml`),
  expected: JSON.parse(readFileSync(`${DIR}${name}.json`, "utf8")) as Expected,
});

/** Every way the parsed message differs from the expectation, as readable lines. */
const differences = (message: InboundMessage, expected: Expected): string[] => {
  const out: string[] = [];
  const { reply } = message;
  const same = (field: string, actual: unknown, wanted: unknown): void => {
    if (JSON.stringify(actual) !== JSON.stringify(wanted)) {
      out.push(`${field}: got ${JSON.stringify(actual)}, want ${JSON.stringify(wanted)}`);
    }
  };
  same("soreness", reply.soreness, expected.soreness);
  same("areas", reply.areas, expected.areas);
  same("redFlags", reply.redFlags, expected.redFlags);
  same("command", reply.command, expected.command);
  same("pauseWeeks", reply.pauseWeeks, expected.pauseWeeks);
  same("autoReply", message.autoReply, expected.autoReply ?? false);
  if (expected.attachments !== undefined) same("attachments", message.attachments, expected.attachments);
  if (expected.text !== undefined) same("text", reply.text, expected.text);
  for (const part of expected.textIncludes ?? []) if (!reply.text.includes(part)) out.push(`text lacks ${JSON.stringify(part)}`);
  for (const part of expected.textExcludes ?? []) if (reply.text.includes(part)) out.push(`text keeps ${JSON.stringify(part)}`);
  if (!message.to.some((a) => /^checkin\+[^@]+@reply\.legwork\.example$/.test(a)))
    out.push(`to lacks the check-in address: ${message.to.join(", ")}`);
  if (message.from === null || !/@(?:[a-z0-9-]+\.)*example\.(?:com|org)$/.test(message.from)) out.push(`from is ${message.from}`);
  return out;
};

const check = async (name: string): Promise<string[]> => {
  const { raw, expected } = load(name);
  return differences(await parseMessage(raw), expected);
};

describe("reply corpus (tests/fixtures/replies)", () => {
  it(`holds at least ${MIN_CORPUS} replies, each with an expectation`, () => {
    expect(NAMES.length).toBeGreaterThanOrEqual(MIN_CORPUS);
    const jsons = readdirSync(DIR).filter((f) => f.endsWith(".json")).length;
    expect(jsons).toBe(NAMES.length);
  });

  it.each(NAMES)("reads %s as its .json says", async (name) => {
    expect(await check(name)).toEqual([]);
  });

  it(`reads at least ${MIN_SHARE * 100}% of the corpus correctly`, async () => {
    const failures: string[] = [];
    for (const name of NAMES) {
      const problems = await check(name);
      if (problems.length > 0) failures.push(`${name}: ${problems.join("; ")}`);
    }
    const share = (NAMES.length - failures.length) / NAMES.length;
    console.log(
      `reply corpus: ${NAMES.length - failures.length}/${NAMES.length} read correctly (${(share * 100).toFixed(1)}%)` +
        failures.map((f) => `\n  - ${f}`).join(""),
    );
    expect(share).toBeGreaterThanOrEqual(MIN_SHARE);
  });
});
