import { defineConfig } from "vitest/config";

/**
 * The DynamoDB-heavy suites against the official DynamoDB Local (Java) instead of dynalite:
 * `npm run test:dynamodb-local`. `npm test` (vitest.config.ts) keeps dynalite as the default engine.
 * Browser, infra and pure-domain suites do not touch DynamoDB and are left out.
 */
export default defineConfig({
  test: {
    include: [
      "tests/app/**/*.test.ts",
      "tests/adapters/**/*.test.ts",
      "tests/web/**/*.test.ts",
      "tests/subscriber/**/*.test.ts",
      "tests/inbound/**/*.test.ts",
      "tests/reliability/faults.test.ts",
      "tests/reliability/abuse.test.ts",
    ],
    globalSetup: ["tests/support/global-setup-ddb-local.ts"],
    setupFiles: ["tests/support/log-guard.ts"],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    pool: "forks",
    reporters: ["default"],
  },
});
