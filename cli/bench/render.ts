/**
 * A quick benchmark: personalising one weekly email from the precompiled layout versus running
 * MJML for that email, as a per-email MJML renderer would. MJML (and the template sources) are
 * imported dynamically here only; the renderer itself never loads them.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { build } from "esbuild";
import { esbuildOptionsFor } from "../../infra/constructs/bundling.js";
import type { Profile } from "../../functions/domain/profile.js";
import { composeWeek } from "../../functions/domain/render/week.js";
import type * as Week from "../../functions/domain/render/week.js";
import type { WeekInput } from "../../functions/domain/render/week.js";
import { blocksToHtml } from "../../functions/domain/render/blocks.js";
import { contentBlocks } from "../../functions/domain/render/compose.js";
import { BENCH_DIR, PROJECT_ROOT } from "./bundles.js";

export interface RenderBench {
  /** Mean ms per email with mjml2html run on the week's template. */
  mjmlPerEmailMs: number;
  /** Mean ms per email (html and text) with the precompiled layout. */
  precompiledPerEmailMs: number;
  /** mjmlPerEmailMs / precompiledPerEmailMs. */
  speedup: number;
}

export interface BenchOptions {
  week?: number;
  profile?: Profile;
  mjmlRuns?: number;
  renderRuns?: number;
}

const SAMPLE_PROFILE: Profile = {
  email: "bench@example.com",
  name: "Sam",
  level: "regular",
  goal: "half",
  runsPerWeek: 4,
  units: "metric",
  timezone: "Europe/London",
  sendDay: "mon",
  sendHour: 7,
  soreAreas: ["calves", "knees"],
};

const FOOTER = {
  unsubscribeUrl: "https://legwork.example.com/unsubscribe?token=bench",
  preferencesUrl: "https://legwork.example.com/preferences?token=bench",
  postalAddress: "Legwork, 1 Example Street, Leeds LS1 1AA",
};

const CHECKIN_LINKS = ["0–2", "3–5", "6–8", "9–10"].map((label, i) => ({
  label,
  url: `https://legwork.example.com/checkin?token=bench&score=${i * 3}`,
}));

const escapeForMjml = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

const RENDERER = "functions/domain/render/week.ts";

/**
 * The renderer as Lambda runs it: bundled by esbuild with the deployed settings (CommonJS,
 * minified). The tsx loader this CLI runs under keeps every function's name, which costs each
 * closure a defineProperty call and made the same code about half again slower.
 */
const deployedRenderWeek = async (): Promise<typeof Week.renderWeek> => {
  const outdir = path.join(BENCH_DIR, "renderer");
  mkdirSync(outdir, { recursive: true });
  writeFileSync(path.join(outdir, "package.json"), `${JSON.stringify({ type: "commonjs" })}\n`);
  const outfile = path.join(outdir, "index.js");
  await build({ ...esbuildOptionsFor(PROJECT_ROOT, RENDERER), format: "cjs", outfile });
  const bundled = createRequire(import.meta.url)(outfile) as typeof Week;
  return bundled.renderWeek;
};

/** Median of a few timed batches after a warm-up, so one GC pause or JIT tier-up doesn't decide it. */
const medianBatchMs = async (runs: number, once: () => unknown): Promise<number> => {
  const batches = 9;
  const size = Math.max(1, Math.ceil(runs / batches));
  const means: number[] = [];
  for (let b = 0; b < batches; b += 1) {
    const start = performance.now();
    for (let i = 0; i < size; i += 1) {
      const result = once();
      if (result instanceof Promise) await result; // awaiting the sync renderer would time the microtask queue
    }
    means.push((performance.now() - start) / size);
  }
  return means.sort((x, y) => x - y)[Math.floor(batches / 2)] ?? Number.NaN;
};

/**
 * Measures both paths on the same week and profile and returns the per-email means.
 * @example const { speedup } = await measureRender(); // speedup >= 100
 */
export const measureRender = async (options: BenchOptions = {}): Promise<RenderBench> => {
  const { readFile } = await import("node:fs/promises");
  const { compileMjml, LAYOUTS, TEMPLATES_DIR } = await import("../../templates/build.js");
  const input: WeekInput = {
    profile: options.profile ?? SAMPLE_PROFILE,
    week: options.week ?? 5,
    footer: FOOTER,
    checkinLinks: CHECKIN_LINKS,
  };
  const mjmlRuns = options.mjmlRuns ?? 18;
  const renderRuns = options.renderRuns ?? 5000;

  // The naive path: the week's MJML with this runner's content in place, compiled per email.
  const layout = await readFile(`${TEMPLATES_DIR}/${LAYOUTS.weekly.file}`, "utf8");
  const perEmailMjml = (): string => {
    const email = composeWeek(input);
    const values: Record<string, string> = {
      title: escapeForMjml(email.subject),
      kicker: escapeForMjml(email.kicker),
      heading: escapeForMjml(email.heading),
      preheader: escapeForMjml(email.preheader),
      content: blocksToHtml(contentBlocks(email.sections, email.showSources ?? false)),
      checkin: blocksToHtml(email.checkin ?? []),
      footer: blocksToHtml(email.footer),
    };
    return layout.replace(/\{\{(\w+)\}\}/g, (_, slot: string) => values[slot] ?? "");
  };

  // The precompiled path first, before MJML fills the heap: each path is timed in a heap of its own making.
  const renderWeek = await deployedRenderWeek();
  let sink = 0;
  const renderOnce = (): void => {
    const email = renderWeek(input);
    sink += email.html.length + email.text.length;
  };
  for (let i = 0; i < 1000; i += 1) renderOnce(); // warm-up
  const precompiledPerEmailMs = await medianBatchMs(renderRuns, renderOnce);
  if (sink === 0) throw new Error("rendered nothing");

  // Warm-up: module loading and JIT; MJML's second run is still slower than its tenth.
  for (let i = 0; i < 3; i += 1) await compileMjml("weekly", perEmailMjml());
  const mjmlPerEmailMs = await medianBatchMs(mjmlRuns, () => compileMjml("weekly", perEmailMjml()));

  // Four significant figures: the per-email times stay true to the speedup printed beside them.
  const figures = (n: number): number => Number(n.toPrecision(4));
  return {
    mjmlPerEmailMs: figures(mjmlPerEmailMs),
    precompiledPerEmailMs: figures(precompiledPerEmailMs),
    speedup: Number((mjmlPerEmailMs / precompiledPerEmailMs).toFixed(1)),
  };
};
