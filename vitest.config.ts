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
    reporters: ["default"],
  },
});
