import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { HELP } from "../../cli/help.js";
import { legworkInProcess } from "../support/cli.js";

const MAIN = fileURLToPath(new URL("../../cli/main.ts", import.meta.url));
const legwork = (...args: string[]) => {
  const out = spawnSync(process.execPath, ["--import", "tsx", MAIN, ...args], { encoding: "utf8", timeout: 60_000 });
  return { code: out.status, stdout: out.stdout, stderr: out.stderr };
};

describe("legwork <command> --help", () => {
  it.each(["subscribers", "tick", "simulate", "parse-reply", "feedback", "bench", "scale", "preview", "test-send", "triage", "stats"])(
    "%s --help prints its usage and runs nothing",
    async (command) => {
      // Act
      const { code, stdout, stderr } = await legworkInProcess(command, "--help");

      // Assess
      expect(code).toBe(0);
      expect(stdout.startsWith(`usage: legwork ${command}`)).toBe(true);
      expect(stdout).toContain(`\n\n${HELP[command]!.summary}\n\nexample: ${HELP[command]!.example}`);
      expect(stderr).not.toMatch(/\[bench|signed up|cannot reach/); // no progress: the command did not start
    },
  );

  it("the bare command lists every command and says how to get each one's options", () => {
    // Act
    const { code, stdout } = legwork("--help");

    // Assess
    expect(code).toBe(0);
    expect(stdout).toContain("legwork <command> --help");
    for (const [command, help] of Object.entries(HELP)) {
      expect(stdout).toMatch(new RegExp(`^  ${command} +${help.summary.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`, "m"));
      expect(stdout).toContain(`e.g. ${help.example}`);
      expect(help.example.startsWith(`legwork ${command}`)).toBe(true);
    }
    expect(stdout).toContain("--stack NAME");
    expect(stdout).toMatch(/exit codes: 0 .*; 1 .*; 2 /);
  });
});
