import { mkdirSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import type { Metafile } from "esbuild";
import { LEGWORK_BUNDLING, esbuildOptionsFor } from "../../infra/constructs/bundling.js";

/** The function entries, as the service stack names them (sender only exists in fan-out mode). */
export const FUNCTIONS = {
  web: "functions/handlers/web.ts",
  dispatcher: "functions/handlers/dispatcher.ts",
  inbound: "functions/handlers/inbound.ts",
  feedback: "functions/handlers/feedback.ts",
  sender: "functions/handlers/sender.ts",
} as const;
export type FunctionName = keyof typeof FUNCTIONS;

export const PROJECT_ROOT = fileURLToPath(new URL("../../", import.meta.url));
/** Git-ignored; bundles sit inside the project so `@aws-sdk/*` resolves from node_modules, as the runtime provides it. */
export const BENCH_DIR = path.join(PROJECT_ROOT, ".legwork", "bench");

export interface BuiltBundle {
  name: FunctionName;
  file: string;
  bytes: number;
  /** The largest contributors by package (or project folder), bytes in the output. */
  top: { from: string; bytes: number }[];
  /** Packages left out of the bundle and loaded at init (the runtime's AWS SDK), lazy ones not counted. */
  externals: string[];
}

const groupOf = (input: string): string => {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
  if (m) return m[1]!;
  return input.split("/").slice(0, 3).join("/");
};

const topInputs = (metafile: Metafile, n: number): { from: string; bytes: number }[] => {
  const output = Object.values(metafile.outputs).find((o) => o.entryPoint !== undefined) ?? Object.values(metafile.outputs)[0];
  const by = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(output?.inputs ?? {}))
    by.set(groupOf(input), (by.get(groupOf(input)) ?? 0) + bytesInOutput);
  return [...by]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([from, bytes]) => ({ from, bytes }));
};

/**
 * Bundles one function with esbuild and the very settings LegworkFunction gives the CDK
 * (infra/constructs/bundling.ts): CommonJS, minified, node22, `@aws-sdk/*` external (loaded with
 * `require`, lazy ones too), a separate source map. The folder gets a `{"type":"commonjs"}`
 * package.json, as a Lambda's /var/task has none. Returns the size of the bundle file (the .mjs, not the map).
 */
export const buildBundle = async (name: FunctionName): Promise<BuiltBundle> => {
  const outdir = path.join(BENCH_DIR, "bundles", name);
  mkdirSync(outdir, { recursive: true });
  writeFileSync(
    path.join(outdir, "package.json"),
    `${JSON.stringify({ type: LEGWORK_BUNDLING.format === "cjs" ? "commonjs" : "module" })}\n`,
  );
  const file = path.join(outdir, LEGWORK_BUNDLING.outputFile);
  const result = await build({
    ...esbuildOptionsFor(PROJECT_ROOT, FUNCTIONS[name]),
    outfile: file,
    sourcemap: LEGWORK_BUNDLING.sourceMap,
    sourcesContent: LEGWORK_BUNDLING.sourcesContent,
  });
  // Static imports of external packages in the bundled sources: what loads at init (lazy ones excluded).
  const externals = [
    ...new Set(
      Object.values(result.metafile.inputs).flatMap((input) =>
        input.imports.filter((i) => i.external && i.kind === "import-statement" && !i.path.startsWith("node:")).map((i) => i.path),
      ),
    ),
  ].sort();
  return { name, file, bytes: statSync(file).size, top: topInputs(result.metafile, 6), externals };
};
