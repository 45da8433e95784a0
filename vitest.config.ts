import { defineConfig } from "vitest/config";
import { NODE_RESOLVED } from "./tests/support/node-resolve.js";

/**
 * Two groups, one after the other. "suite" is every test file, two at a time. "quiet" holds the
 * measurements that need the machine to themselves (the subscribe timing test compares medians a
 * millisecond apart): it starts only once the suite group has finished, so no other test file competes
 * for the CPU while it measures.
 */
export default defineConfig({
  resolve: { alias: NODE_RESOLVED },
  test: {
    // System packages first (they may be installed), then the shared engines, then spamd (not awaited).
    globalSetup: [
      "tests/support/system-packages.ts",
      "tests/support/iam-policies.ts",
      "tests/support/global-setup.ts",
      "tests/support/spamd.ts",
    ],
    setupFiles: ["tests/support/log-guard.ts", "tests/support/per-file.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    isolate: false,
    // Two test files at a time: vitest's default on two cores is one (cores - 1), but most files spend
    // their time waiting on the engines, Chromium, spamd or a child process, not on their own CPU.
    maxWorkers: 2,
    reporters: ["default"],
    projects: [
      { extends: true, test: { name: "suite", include: ["tests/**/*.test.ts"], exclude: ["tests/quiet/**"] } },
      { extends: true, test: { name: "quiet", include: ["tests/quiet/**/*.test.ts"], sequence: { groupOrder: 1 } } },
    ],
  },
});
