import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { run } from "../../../cli/commands/parse-reply.js";
import type { CliIo } from "../../../cli/shared/io.js";
import { parseReply } from "../../../functions/domain/reply/index.js";

const FIXTURE = fileURLToPath(new URL("../../fixtures/replies/01-gmail-web-calves-about-6.eml", import.meta.url));

const fakeIo = (): CliIo & { out: string[]; err: string[] } => {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (t) => out.push(t), stderr: (t) => err.push(t) };
};

describe("legwork parse-reply FILE.eml", () => {
  it("prints exactly one line: JSON.stringify of the parsed reply", async () => {
    const io = fakeIo();
    const code = await run([FIXTURE], io);
    expect(code).toBe(0);
    expect(io.err).toEqual([]);
    expect(io.out).toEqual([JSON.stringify(await parseReply(readFileSync(FIXTURE)))]);
    expect(io.out[0]).not.toContain("\n");
    expect(JSON.parse(io.out[0]!)).toMatchObject({ soreness: 6, areas: ["calves"], redFlags: [], command: null, pauseWeeks: null });
  });

  it("returns 2 with a message on stderr when the file is missing", async () => {
    const io = fakeIo();
    expect(await run([join(tmpdir(), "no-such-reply.eml")], io)).toBe(2);
    expect(io.out).toEqual([]);
    expect(io.err.join("")).toMatch(/cannot read .*no-such-reply\.eml \(ENOENT\)/);
  });

  it("returns 2 with usage when no file is given", async () => {
    const io = fakeIo();
    expect(await run([], io)).toBe(2);
    expect(io.err.join("")).toContain("usage: legwork parse-reply FILE.eml");
  });

  it("returns 1 when the file is not a message", async () => {
    const dir = mkdtempSync(join(tmpdir(), "legwork-parse-reply-"));
    const file = join(dir, "empty.eml");
    writeFileSync(file, "");
    const io = fakeIo();
    expect(await run([file], io)).toBe(1);
    expect(io.err.join("")).toContain("parse-reply: the message is empty");
  });
});
