/**
 * The esbuild settings every Legwork function is bundled with, in one place: the CDK construct
 * (LegworkFunction) and `legwork bench` (bundle sizes, cold starts) both read them, so the bench
 * measures exactly what would be deployed. Plain values only: no CDK import, so the bench need not
 * load aws-cdk-lib.
 */

// esbuild's ESM output has no `require`; some CommonJS dependencies still call it.
export const ESM_REQUIRE_BANNER =
  "import { createRequire as __legworkCreateRequire } from 'node:module';" +
  "const require = __legworkCreateRequire(import.meta.url);";

export const LEGWORK_BUNDLING = {
  format: "esm",
  minify: true,
  sourceMap: true,
  target: "node22",
  platform: "node",
  // The Node 22 runtime ships AWS SDK v3; bundling it would only add cold-start weight.
  externalModules: ["@aws-sdk/*"],
  mainFields: ["module", "main"],
  banner: ESM_REQUIRE_BANNER,
  /** What the CDK names an ESM bundle inside the asset. */
  outputFile: "index.mjs",
} as const;
