/**
 * The Debian packages the tests need: Chromium for the browser suites, SpamAssassin (spamd and spamc)
 * for the deliverability gate, Java 17+ for DynamoDB Local. Run before every test run (a vitest
 * globalSetup step) and by `.ci/run`: `tsx tools/system-packages.ts`. As root with apt-get it installs
 * what is missing (after `apt-get update`); otherwise it stops at once with the exact command to run.
 */
import { spawnSync } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { delimiter, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export interface SystemRequirement {
  /** What is needed and which tests need it. */
  what: string;
  present: () => boolean;
  /** The Debian packages that provide it. */
  packages: readonly string[];
}

/** Where to look for a program: PATH, then the sbin folders a non-root PATH can lack (spamd lives there). */
export const findExecutable = (name: string, path = process.env["PATH"] ?? ""): string | undefined =>
  [...path.split(delimiter), "/usr/local/sbin", "/usr/sbin", "/sbin"]
    .filter(Boolean)
    .map((dir) => join(dir, name))
    .find((file) => {
      try {
        accessSync(file, constants.X_OK);
        return true;
      } catch {
        return false;
      }
    });

/** The major version `java -version` reports (`openjdk version "17.0.15"` is 17, `"1.8.0_402"` is 8), or 0. */
export const javaMajor = (versionText: string): number => {
  const [, first, second] = /version "(\d+)(?:\.(\d+))?/.exec(versionText) ?? [];
  const major = Number(first ?? 0);
  return major === 1 ? Number(second ?? 0) : major;
};

const installedJava = (): number => {
  const java = findExecutable("java");
  if (!java) return 0;
  const probe = spawnSync(java, ["-version"], { encoding: "utf8" });
  return probe.error ? 0 : javaMajor(`${probe.stderr}${probe.stdout}`);
};

export const REQUIREMENTS: readonly SystemRequirement[] = [
  {
    what: "Chromium at /usr/bin/chromium (browser tests)",
    present: () => findExecutable("chromium", "/usr/bin") !== undefined,
    packages: ["chromium"],
  },
  {
    what: "SpamAssassin with spamd and spamc (deliverability tests)",
    present: () => ["spamassassin", "spamd", "spamc"].every((p) => findExecutable(p)),
    packages: ["spamassassin", "spamd", "spamc"],
  },
  // default-jre-headless is OpenJDK 17 on Debian 12 and 21 on Debian 13.
  {
    what: "Java 17 or later (DynamoDB Local, npm run test:dynamodb-local)",
    present: () => installedJava() >= 17,
    packages: ["default-jre-headless"],
  },
];

/** The one command that installs `packages`, as the current user would type it. */
export const installCommand = (packages: readonly string[], root: boolean): string => {
  const sudo = root ? "" : "sudo ";
  return `${sudo}apt-get update && ${sudo}apt-get install -y ${packages.join(" ")}`;
};

export class MissingSystemPackagesError extends Error {
  override readonly name = "MissingSystemPackagesError";
}

export interface EnsureOptions {
  requirements?: readonly SystemRequirement[];
  /** Whether this process may install (root, with apt-get on PATH). */
  canInstall?: boolean;
  /** Runs one command; true when it exits 0. */
  run?: (command: string, args: readonly string[]) => boolean;
  log?: (line: string) => void;
}

const runInherit = (command: string, args: readonly string[]): boolean =>
  spawnSync(command, args, { stdio: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } }).status === 0;

const isRoot = (): boolean => process.getuid?.() === 0;

/**
 * Makes sure every requirement is present: installs what is missing when it can (apt-get update, then
 * apt-get install), and throws MissingSystemPackagesError naming the exact command when it cannot or
 * when the install did not provide it. Returns the packages it installed.
 */
export const ensureSystemPackages = (options: EnsureOptions = {}): string[] => {
  const { requirements = REQUIREMENTS, run = runInherit, log = (line) => console.error(line) } = options;
  const missing = requirements.filter((r) => !r.present());
  if (missing.length === 0) return [];
  const packages = [...new Set(missing.flatMap((r) => r.packages))];
  const canInstall = options.canInstall ?? (isRoot() && findExecutable("apt-get") !== undefined);
  const needs = `The tests need ${missing.map((r) => r.what).join("; ")}.`;
  if (!canInstall) throw new MissingSystemPackagesError(`${needs}\nInstall them with:\n  ${installCommand(packages, isRoot())}`);
  log(`${needs}\nInstalling: apt-get update && apt-get install -y ${packages.join(" ")}`);
  const installed = run("apt-get", ["update", "-qq"]) && run("apt-get", ["install", "-y", "-qq", ...packages]);
  const still = requirements.filter((r) => !r.present());
  if (!installed || still.length)
    throw new MissingSystemPackagesError(
      `apt-get could not provide ${(still.length ? still : missing).map((r) => r.what).join("; ")}.\n` +
        `Install them with:\n  ${installCommand(packages, isRoot())}`,
    );
  return packages;
};

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const installed = ensureSystemPackages();
    console.log(installed.length ? `system packages: installed ${installed.join(" ")}` : "system packages: all present");
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  }
}
