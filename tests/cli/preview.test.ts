import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { legworkInProcess } from "../support/cli.js";

const MAIN = fileURLToPath(new URL("../../cli/main.ts", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "legwork-preview-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const legwork = (...args: string[]) => {
  const out = spawnSync(process.execPath, ["--import", "tsx", MAIN, ...args], {
    encoding: "utf8",
    timeout: 60_000,
    env: { PATH: process.env["PATH"], LEGWORK_DATA_DIR: dir },
  });
  return { code: out.status, stdout: out.stdout, stderr: out.stderr };
};

const file = (name: string, json: unknown): string => {
  const path = join(dir, name);
  writeFileSync(path, typeof json === "string" ? json : JSON.stringify(json));
  return path;
};

const NOW = "2026-12-07T07:00:00Z";
const PREVIEW = ["preview", "--week", "5", "--format", "text", "--now", NOW];
/** In-process (preview reads nothing from the environment); the first case runs the real binary. */
const preview = (...args: string[]) => legworkInProcess(...PREVIEW, ...args);

describe("legwork preview --checkin", () => {
  it("takes parse-reply's JSON as it is and shows the week adapted to it (the binary, as npm run legwork runs it)", () => {
    // Arrange: exactly what `parse-reply` prints for "calves 7/10"
    const checkin = file("calves7.json", {
      soreness: 7,
      areas: ["calves"],
      redFlags: [],
      command: null,
      pauseWeeks: null,
      text: "calves 7/10",
    });

    // Act
    const { code, stdout } = legwork(...PREVIEW, "--checkin", checkin);

    // Assess
    expect(code).toBe(0);
    expect(stdout).toContain("Week 5 of 10");
    expect(stdout).toContain("Last week you said calves 7/10, so this week is about recovery.");
    expect(stdout).toMatch(/One of your \d+ runs becomes cross-training/);
  });

  it("without a check-in the week is the standard one", async () => {
    // Act
    const { code, stdout } = await preview();

    // Assess
    expect(code).toBe(0);
    expect(stdout).toContain("Week 5 of 10");
    expect(stdout).not.toContain("Last week you said");
  });

  it("two high check-ins in a row preview the recovery week the dispatcher would send instead", async () => {
    // Arrange: oldest first
    const checkins = file("two-high.json", [
      { soreness: 8, areas: ["calves"] },
      { soreness: 7, areas: ["calves"] },
    ]);

    // Act
    const { code, stdout } = await preview("--checkin", checkins);

    // Assess
    expect(code).toBe(0);
    expect(stdout).toContain("Recovery week");
    expect(stdout).not.toContain("Week 5 of 10");
  });

  it.each([
    ["a score over 10 and an unknown area", { soreness: 11, areas: ["elbow"] }, ["0.soreness", "0.areas.0"]],
    ["an unknown red-flag code", [{ soreness: 3, redFlags: ["itchy"] }], ["0.redFlags.0"]],
    ["a missing score", { areas: ["calves"] }, ["0.soreness"]],
  ])("rejects %s with exit 2 and the fields named", async (_name, json, paths) => {
    // Arrange
    const checkin = file("bad.json", json);

    // Act
    const { code, stdout, stderr } = await preview("--checkin", checkin);

    // Assess
    expect(code).toBe(2);
    expect(stdout).toBe("");
    const error = JSON.parse(stderr) as { error: { code: string; fields: { path: string }[] } };
    expect(error.error.code).toBe("invalid_checkin");
    expect(error.error.fields.map((f) => f.path)).toEqual(paths);
  });

  it.each([
    ["a file that is not JSON", () => file("broken.json", "{soreness: 7"), /not valid JSON/],
    ["a file that does not exist", () => join(dir, "missing.json"), /cannot read it \(ENOENT\)/],
  ])("reports %s on stderr with exit 2, not a stack trace", async (_name, path, message) => {
    // Act
    const { code, stdout, stderr } = await preview("--checkin", path());

    // Assess
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toMatch(message);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it("reports an unreadable --profile and a bad --now the same way", async () => {
    // Act
    const profile = await legworkInProcess("preview", "--week", "1", "--profile", join(dir, "nobody.json"));
    const now = await legworkInProcess("preview", "--week", "1", "--now", "next tuesday");

    // Assess
    expect(profile.code).toBe(2);
    expect(JSON.parse(profile.stderr)).toMatchObject({ error: { code: "invalid_profile" } });
    expect(now.code).toBe(2);
    expect(now.stderr).toContain("--now must be an ISO instant");
  });
});
