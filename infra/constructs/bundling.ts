/**
 * The esbuild settings every Legwork function is bundled with, in one place: the CDK construct
 * (LegworkFunction) and `legwork bench` (bundle sizes, cold starts) both read them, so the bench
 * measures exactly what would be deployed. Plain values only: no CDK import, so the bench need not
 * load aws-cdk-lib.
 *
 * Why CommonJS output: the AWS SDK that the Node 22 runtime provides is CommonJS. An ES module bundle
 * imports it through Node's ESM-to-CJS bridge, which runs a lexer over every SDK file it loads; a
 * CommonJS bundle `require`s the same files directly. Measured with `node --cpu-prof` on a cold start,
 * the bridge was about 50 ms of the SDK's 110 ms (see README, Performance). Our sources stay ESM;
 * esbuild converts them, and nothing in functions/ uses `import.meta` or top-level await.
 */
import path from "node:path";

export const LEGWORK_BUNDLING = {
  format: "cjs",
  minify: true,
  sourceMap: true,
  // Mappings only: stack traces still name our files and lines, and Node (--enable-source-maps)
  // parses a map a quarter the size at every cold start.
  sourcesContent: false,
  target: "node22",
  platform: "node",
  // The Node 22 runtime ships AWS SDK v3; bundling it would only add cold-start weight.
  externalModules: ["@aws-sdk/*"],
  // ES module sources first, so esbuild can drop what is not used.
  mainFields: ["module", "main"],
  // Lazy `import()`s of runtime packages (S3, SNS, SQS, Secrets Manager) become `require` too,
  // instead of going through the ESM-to-CJS bridge on first use.
  supported: { "dynamic-import": false },
  /** What the CDK names a CommonJS bundle inside the asset. */
  outputFile: "index.js",
} as const;

/**
 * esbuild `build` options for one function entry with the deployed settings, for the tools that run
 * esbuild themselves (the bench, the bundle tests). Add `outfile`, `write` and source-map options.
 * @example await build({ ...esbuildOptionsFor(PROJECT_ROOT, "functions/handlers/web.ts"), outfile, write: false });
 */
export const esbuildOptionsFor = (projectRoot: string, entry: string) => ({
  absWorkingDir: projectRoot,
  entryPoints: [path.join(projectRoot, entry)],
  bundle: true,
  platform: LEGWORK_BUNDLING.platform,
  format: LEGWORK_BUNDLING.format,
  target: LEGWORK_BUNDLING.target,
  minify: LEGWORK_BUNDLING.minify,
  external: [...LEGWORK_BUNDLING.externalModules],
  mainFields: [...LEGWORK_BUNDLING.mainFields],
  supported: { ...LEGWORK_BUNDLING.supported },
  tsconfig: path.join(projectRoot, "tsconfig.json"),
  metafile: true as const,
  logLevel: "silent" as const,
});
