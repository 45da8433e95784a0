import { defineConfig } from "vitest/config";
import { NODE_RESOLVED } from "./tests/support/node-resolve.js";

/**
 * The data-layer suites against the official DynamoDB Local (Java) instead of dynalite:
 * `npm run test:dynamodb-local`. `npm test` (vitest.config.ts) keeps dynalite as the default engine.
 * These are the suites that read and write the table through the DynamoDB adapters: the data ports'
 * contracts (which run the in-memory fakes against the same cases), use cases, web
 * routes, subscriber admin, inbound mail, and the fault, abuse and security runs. Browser, infra,
 * fuzz and pure-domain suites are left out.
 */
export default defineConfig({
  resolve: { alias: NODE_RESOLVED },
  test: {
    include: [
      "tests/contracts/**/*.test.ts",
      "tests/app/**/*.test.ts",
      "tests/web/**/*.test.ts",
      "tests/subscriber/**/*.test.ts",
      "tests/inbound/**/*.test.ts",
      "tests/reliability/faults.test.ts",
      "tests/reliability/abuse.test.ts",
      "tests/reliability/security.test.ts",
    ],
    globalSetup: ["tests/support/system-packages.ts", "tests/support/iam-policies.ts", "tests/support/global-setup-ddb-local.ts"],
    setupFiles: ["tests/support/log-guard.ts", "tests/support/per-file.ts"],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    pool: "forks",
    isolate: false,
    // Two test files at a time: vitest's default on two cores is one (cores - 1), but most files spend
    // their time waiting on the engines, Chromium, spamd or a child process, not on their own CPU.
    maxWorkers: 2,
    reporters: ["default"],
  },
});
