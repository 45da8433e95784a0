import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    // System packages first (they may be installed), then the shared engines, then spamd (not awaited).
    globalSetup: ["tests/support/system-packages.ts", "tests/support/global-setup.ts", "tests/support/spamd.ts"],
    setupFiles: ["tests/support/log-guard.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    // Two test files at a time: vitest's default on two cores is one (cores - 1), but most files spend
    // their time waiting on the engines, Chromium, spamd or a child process, not on their own CPU.
    maxWorkers: 2,
    reporters: ["default"],
  },
});
