import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { run } from "../../cli/commands/plan.js";
import { planProgramme, planFor } from "../../functions/domain/plan/index.js";

const dir = mkdtempSync(join(tmpdir(), "legwork-plan-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const file = (name: string, json: unknown): string => {
  const path = join(dir, name);
  writeFileSync(path, typeof json === "string" ? json : JSON.stringify(json));
  return path;
};

const plan = async (...argv: string[]) => {
  const out: string[] = [];
  const err: string[] = [];
  const code = await run(argv, { stdout: (t) => out.push(t), stderr: (t) => err.push(t) });
  return { code, stdout: out.join(""), stderr: err.join("") };
};

const ELI = {
  email: "eli@example.com",
  level: "experienced",
  goal: "marathon",
  runsPerWeek: 6,
  units: "metric",
  soreAreas: [],
  usualRunMinutes: 50,
};

describe("legwork plan", () => {
  it("prints every week of the programme as the contract's JSON", async () => {
    // Act
    const { code, stdout } = await plan("--profile", file("eli.json", ELI));
    // Assess
    expect(code).toBe(0);
    const { weeks } = JSON.parse(stdout) as {
      weeks: { week: number; sessions: { day: string; kind: string; minutes: number; runMinutes: number }[] }[];
    };
    expect(weeks.map((w) => w.week)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(weeks[0]!.sessions[0]).toEqual(expect.objectContaining({ day: "mon", kind: "easy", minutes: 50, runMinutes: 50 }));
    expect(JSON.parse(JSON.stringify(planProgramme({ ...ELI, level: "experienced", goal: "marathon" }, 10)))).toEqual(weeks);
  });

  it("with --week and --checkin prints that week adapted, the check-ins read as preview reads them", async () => {
    const { code, stdout } = await plan(
      "--profile",
      file("eli.json", ELI),
      "--week",
      "6",
      "--checkin",
      file("q8.json", [{ soreness: 8, areas: ["quads"] }]),
    );
    expect(code).toBe(0);
    const [week] = (JSON.parse(stdout) as { weeks: { week: number; adapted: string }[] }).weeks;
    expect(week).toMatchObject({ week: 6, adapted: "recover" });
    const expected = planFor({ ...ELI, level: "experienced", goal: "marathon" }, 6, [
      { at: "2026-01-01T00:00:00Z", week: 5, soreness: 8, areas: ["quads"], redFlags: [] },
    ]);
    expect(week).toEqual(JSON.parse(JSON.stringify(expected)));
  });

  it.each([
    [["--profile", "missing.json"], /invalid_profile/],
    [[], /--profile is required/],
    [["--week", "11"], /--week must be a whole number/],
    [["--checkin", "x.json"], /--checkin needs --week/],
  ])("refuses %j with exit 2 and says why", async (args, message) => {
    const argv = args.includes("--profile") || args.length === 0 ? args : ["--profile", file("ok.json", ELI), ...args];
    const { code, stderr, stdout } = await plan(...argv);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(stdout).toBe("");
  });

  it("names a bad usualRunMinutes or runDays in the profile", async () => {
    const { code, stderr } = await plan("--profile", file("bad.json", { ...ELI, usualRunMinutes: 500, runDays: ["someday"] }));
    expect(code).toBe(2);
    const fields = (JSON.parse(stderr) as { error: { fields: { path: string }[] } }).error.fields.map((f) => f.path);
    expect(fields).toEqual(expect.arrayContaining(["usualRunMinutes", "runDays.0"]));
  });
});
