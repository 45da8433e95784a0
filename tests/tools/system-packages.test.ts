import { describe, expect, it } from "vitest";
import type { SystemRequirement } from "../../tools/system-packages.js";
import { ensureSystemPackages, installCommand, javaMajor, MissingSystemPackagesError, REQUIREMENTS } from "../../tools/system-packages.js";

/** Requirements over a fake machine: `installed` is what apt-get has put there so far. */
const fakeMachine = (initially: string[]) => {
  const installed = new Set(initially);
  const requirements: SystemRequirement[] = [
    { what: "Chromium", present: () => installed.has("chromium"), packages: ["chromium"] },
    { what: "SpamAssassin", present: () => installed.has("spamd"), packages: ["spamassassin", "spamd", "spamc"] },
  ];
  const commands: string[] = [];
  const apt = (works: boolean) => (command: string, args: readonly string[]) => {
    commands.push([command, ...args].join(" "));
    if (works && args[0] === "install") for (const p of args.slice(1)) installed.add(p);
    return works;
  };
  return { requirements, commands, apt, silent: () => undefined };
};

describe("system packages for the tests", () => {
  it("does nothing when everything is there", () => {
    const m = fakeMachine(["chromium", "spamd"]);
    expect(ensureSystemPackages({ requirements: m.requirements, canInstall: true, run: m.apt(true), log: m.silent })).toEqual([]);
    expect(m.commands).toEqual([]);
  });

  it("as root with apt-get: updates the package lists, then installs only what is missing", () => {
    const m = fakeMachine(["chromium"]);
    const installed = ensureSystemPackages({ requirements: m.requirements, canInstall: true, run: m.apt(true), log: m.silent });
    expect(installed).toEqual(["spamassassin", "spamd", "spamc"]);
    expect(m.commands).toEqual(["apt-get update -qq", "apt-get install -y -qq spamassassin spamd spamc"]);
  });

  it("without root: stops before any test with the exact command, and runs nothing", () => {
    const m = fakeMachine([]);
    const attempt = () => ensureSystemPackages({ requirements: m.requirements, canInstall: false, run: m.apt(true), log: m.silent });
    expect(attempt).toThrow(MissingSystemPackagesError);
    expect(attempt).toThrow(/Chromium; SpamAssassin[\s\S]*apt-get update && (sudo )?apt-get install -y chromium spamassassin spamd spamc/);
    expect(m.commands).toEqual([]);
  });

  it("stops with the command when apt-get fails or does not provide the program", () => {
    const failing = fakeMachine([]);
    expect(() =>
      ensureSystemPackages({ requirements: failing.requirements, canInstall: true, run: failing.apt(false), log: failing.silent }),
    ).toThrow(/apt-get could not provide Chromium; SpamAssassin/);
    const useless = fakeMachine([]);
    const noop = (command: string, args: readonly string[]) => (useless.commands.push([command, ...args].join(" ")), true);
    expect(() => ensureSystemPackages({ requirements: useless.requirements, canInstall: true, run: noop, log: useless.silent })).toThrow(
      /apt-get could not provide Chromium; SpamAssassin\.\nInstall them with:/,
    );
  });

  it("reads Java's major version from both version styles", () => {
    expect(javaMajor('openjdk version "17.0.15" 2025-04-15')).toBe(17);
    expect(javaMajor('openjdk version "21" 2023-09-19')).toBe(21);
    expect(javaMajor('java version "1.8.0_402"')).toBe(8);
    expect(javaMajor("bash: java: command not found")).toBe(0);
  });

  it("names Debian packages for Chromium, SpamAssassin's daemon and client, and Java", () => {
    expect(REQUIREMENTS.flatMap((r) => r.packages)).toEqual(["chromium", "spamassassin", "spamd", "spamc", "default-jre-headless"]);
    expect(installCommand(["chromium"], false)).toBe("sudo apt-get update && sudo apt-get install -y chromium");
    expect(installCommand(["chromium"], true)).toBe("apt-get update && apt-get install -y chromium");
  });

  it("finds every package on this machine (the globalSetup step passed)", () => {
    expect(REQUIREMENTS.filter((r) => !r.present()).map((r) => r.what)).toEqual([]);
  });
});
