import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { App, Duration, Stack } from "aws-cdk-lib";
import { afterAll, describe, expect, it } from "vitest";
import { LegworkFunction } from "../../infra/constructs/legwork-function.js";

describe("LegworkFunction bundling (real esbuild, no Docker)", () => {
  // Prepare: one function from a fixture entry, bundled for real into a fresh cloud assembly.
  const outdir = mkdtempSync(path.join(tmpdir(), "legwork-bundle-"));
  const app = new App({ outdir });
  const stack = new Stack(app, "BundlingProbe");
  const fn = new LegworkFunction(stack, "Probe", {
    entry: "tests/infra/fixtures/esm-handler.ts",
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
    .find((dir) => path.basename(dir).startsWith("asset.") && existsSync(path.join(dir, "index.mjs")));
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it("writes a minified ESM bundle with a source map", () => {
    // Assess
    expect(fn.function.runtime.name).toBe("nodejs22.x");
    expect(assetDir).toBeDefined();
    const bundle = readFileSync(path.join(assetDir as string, "index.mjs"), "utf8");
    const lines = bundle.trimEnd().split("\n");
    expect(existsSync(path.join(assetDir as string, "index.mjs.map"))).toBe(true);
    expect(lines[0]).toMatch(
      /^import \{ createRequire as \w+ \} from 'node:module';const require = \w+\(import\.meta\.url\);$/,
    );
    expect(lines.length).toBeLessThan(5); // minified
    expect(lines.at(-2)).toMatch(/export\{\w+ as handler\};$/);
    expect(lines.at(-1)).toBe("//# sourceMappingURL=index.mjs.map");
  });

  it("keeps @aws-sdk/* external and bundles other dependencies", () => {
    // Assess
    const bundle = readFileSync(path.join(assetDir as string, "index.mjs"), "utf8");
    expect(bundle.includes('import("@aws-sdk/client-sesv2")')).toBe(true);
    expect(/from"luxon"|import\("luxon"\)/.test(bundle)).toBe(false);
    expect(bundle.includes("Invalid DateTime")).toBe(true); // luxon's code is inlined
  });

  it("runs on Node as an ES module, with `require` available", () => {
    // Act
    const output = execFileSync(
      process.execPath,
      [
        "--input-type=module",
        "-e",
        "const m = await import(process.argv[1]); console.log(JSON.stringify(await m.handler()));",
        path.join(assetDir as string, "index.mjs"),
      ],
      { encoding: "utf8" },
    );

    // Assess
    expect(JSON.parse(output)).toEqual({ requireIsFunction: true, builtin: "function", year: 2026 });
  });
});
