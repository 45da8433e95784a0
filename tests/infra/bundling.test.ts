import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { App, Duration, Stack } from "aws-cdk-lib";
import { build } from "esbuild";
import { afterAll, describe, expect, it } from "vitest";
import { LEGWORK_BUNDLING, esbuildOptionsFor } from "../../infra/constructs/bundling.js";
import { LegworkFunction, PROJECT_ROOT } from "../../infra/constructs/legwork-function.js";

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
    expect(fn.function.runtime.name).toBe("nodejs24.x");
    expect(assetDir).toBeDefined();
    const bundle = readFileSync(path.join(assetDir as string, "index.js"), "utf8");
    const lines = bundle.trimEnd().split("\n");
    expect(existsSync(path.join(assetDir as string, "index.js.map"))).toBe(true);
    expect(bundle.length / lines.length).toBeGreaterThan(500); // minified: long lines
    expect(bundle).toContain("module.exports=");
    expect(/(^|[;\n])\s*(import|export)[\s{]/.test(bundle)).toBe(false); // no ES module syntax left
    expect(lines.at(-1)).toBe("//# sourceMappingURL=index.js.map");
    const map = JSON.parse(readFileSync(path.join(assetDir as string, "index.js.map"), "utf8")) as {
      sources: string[];
      sourcesContent?: unknown;
    };
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

/** Every input file esbuild put into a function's bundle, built with the settings LegworkFunction deploys with. */
const bundleInputs = async (entry: string): Promise<string[]> => {
  const result = await build({
    ...esbuildOptionsFor(PROJECT_ROOT, entry),
    outfile: path.join(tmpdir(), "legwork-inputs-probe", LEGWORK_BUNDLING.outputFile),
    write: false,
  });
  return Object.keys(result.metafile.inputs);
};

/** An input path inside the mjml package or one of its mjml-* packages, at any depth of node_modules. */
const MJML_INPUT = /(^|\/)node_modules\/mjml(-[^/]+)?\//;

describe("the send path's bundles hold no MJML (esbuild metafile)", () => {
  it("recognises an mjml input path, and no other package's", () => {
    // Assess: the matcher itself, so the assertions below cannot pass by matching nothing
    expect(MJML_INPUT.test("node_modules/mjml/lib/index.js")).toBe(true);
    expect(MJML_INPUT.test("node_modules/mjml-core/lib/index.js")).toBe(true);
    expect(MJML_INPUT.test("node_modules/html-minifier/node_modules/mjml-parser-xml/lib/index.js")).toBe(true);
    expect(MJML_INPUT.test("node_modules/nodemailer/lib/mailer/index.js")).toBe(false);
    expect(MJML_INPUT.test("templates/layout.mjml")).toBe(false);
  });

  it.each(["functions/handlers/dispatcher.ts", "functions/handlers/sender.ts"])(
    "%s: no input under node_modules/mjml or mjml-*",
    async (entry) => {
      // Act
      const inputs = await bundleInputs(entry);

      // Assess: the bundle was really built from the renderer (so the check is not vacuous), and MJML is not in it
      expect(inputs.some((i) => i.endsWith("functions/domain/render/generated/templates.ts"))).toBe(true);
      expect(inputs.some((i) => i.endsWith("functions/domain/render/week.ts"))).toBe(true);
      expect(inputs.filter((i) => MJML_INPUT.test(i))).toEqual([]);
    },
  );

  it("the same check finds MJML where it is used: the template compiler", async () => {
    // Act
    const inputs = await bundleInputs("templates/build.ts");

    // Assess
    expect(inputs.filter((i) => MJML_INPUT.test(i)).length).toBeGreaterThan(0);
  });
});
