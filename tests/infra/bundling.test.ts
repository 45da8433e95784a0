import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { App, Duration, Stack } from "aws-cdk-lib";
import { afterAll, describe, expect, it } from "vitest";
import { LegworkFunction } from "../../infra/constructs/legwork-function.js";

describe("LegworkFunction bundling (real esbuild, no Docker)", () => {
  // Prepare: one function from a fixture entry, bundled for real into a fresh cloud assembly
  // in a temporary folder, so no node_modules lies above the bundle.
  const outdir = mkdtempSync(path.join(tmpdir(), "legwork-bundle-"));
  const app = new App({ outdir });
  const stack = new Stack(app, "BundlingProbe");
  const fn = new LegworkFunction(stack, "Probe", {
    entry: "tests/infra/fixtures/handler.ts",
    name: "probe",
    description: "bundling probe",
    memorySize: 128,
    timeout: Duration.seconds(3),
    commonEnvironment: {},
  });

  // Act
  app.synth();
  const assetDir = readdirSync(outdir)
    .map((name) => path.join(outdir, name))
    .find((dir) => path.basename(dir).startsWith("asset.") && existsSync(path.join(dir, "index.js")));
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it("writes a minified CommonJS bundle with a source map", () => {
    // Assess
    expect(fn.function.runtime.name).toBe("nodejs22.x");
    expect(assetDir).toBeDefined();
    const bundle = readFileSync(path.join(assetDir as string, "index.js"), "utf8");
    const lines = bundle.trimEnd().split("\n");
    expect(existsSync(path.join(assetDir as string, "index.js.map"))).toBe(true);
    expect(bundle.length / lines.length).toBeGreaterThan(500); // minified: long lines
    expect(bundle).toContain("module.exports=");
    expect(/(^|[;\n])\s*(import|export)[\s{]/.test(bundle)).toBe(false); // no ES module syntax left
    expect(lines.at(-1)).toBe("//# sourceMappingURL=index.js.map");
    const map = JSON.parse(readFileSync(path.join(assetDir as string, "index.js.map"), "utf8")) as { sources: string[]; sourcesContent?: unknown };
    expect(map.sources.some((s) => s.endsWith("tests/infra/fixtures/handler.ts"))).toBe(true); // traces name our files
    expect(map.sourcesContent).toBeUndefined(); // mappings only: a small map to parse at cold start
  });

  it("keeps @aws-sdk/* external and bundles other dependencies", () => {
    // Assess
    const bundle = readFileSync(path.join(assetDir as string, "index.js"), "utf8");
    expect(bundle).toContain('require("@aws-sdk/client-sesv2")'); // the lazy import() too, not through the ESM bridge
    expect(bundle.includes('import("')).toBe(false);
    expect(bundle.includes('require("csv-stringify')).toBe(false);
  });

  it("loads with require and runs, its dependencies inlined", () => {
    // Act: nothing can be resolved from node_modules here, so the CSV comes from inlined code.
    const output = execFileSync(
      process.execPath,
      ["-e", "require(process.argv[1]).handler().then((r) => console.log(JSON.stringify(r)));", path.join(assetDir as string, "index.js")],
      { encoding: "utf8", cwd: outdir },
    );

    // Assess
    expect(JSON.parse(output)).toEqual({ isCommonJs: true, csv: "runner,week\n" });
  });
});
