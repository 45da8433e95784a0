import { cpus, loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import { logger } from "../../functions/lib/logger.js";
import { useLocalCredentials } from "../bench/local-config.js";
import type { BenchRun, BenchSizes, Section } from "../bench/sections.js";
import { SECTIONS, SECTION_NAMES } from "../bench/sections.js";
import { targetsReport } from "../bench/targets.js";
import type { CliIo } from "../shared/io.js";
import type { FlagSpec } from "../shared/io.js";
import { parseArgs } from "../shared/io.js";

export const FLAGS: FlagSpec = {
  switches: ["quick"],
  values: ["load-seconds", "runners", "total", "due", "cold-runs", "concurrency", "only"],
};

export const USAGE =
  "usage: legwork bench [--quick] [--load-seconds 30] [--runners 5000] [--total 100000] [--due 1000] [--cold-runs 5] [--concurrency N] [--only render,dispatch,dueQuery,bundles,coldStart,load,parse,paced]";

/** The order of the keys in the printed JSON. */
const ORDER = [
  "render",
  "parse",
  "dispatch",
  "dueQuery",
  "bundles",
  "coldStartMs",
  "load",
  "paced",
  "targets",
  "bundleTop",
  "coldStart",
  "environment",
  "errors",
  "elapsedSeconds",
];

const positive = (value: string | true | undefined, fallback: number): number => {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`expected a whole number ≥ 1, got "${String(value)}"`);
  return n;
};

/** The sizes and sections asked for; a RangeError names what is wrong. */
const readOptions = (options: Record<string, string | true>, quick: boolean): { sizes: BenchSizes; only: Set<Section> } => {
  const sizes = {
    runners: positive(options["runners"], quick ? 400 : 5000),
    total: positive(options["total"], quick ? 10_000 : 100_000),
    due: positive(options["due"], quick ? 100 : 1000),
    coldRuns: positive(options["cold-runs"], quick ? 2 : 5),
    loadSeconds: positive(options["load-seconds"], quick ? 3 : 30),
  };
  const requested = typeof options["only"] === "string" ? options["only"].split(",") : [...SECTION_NAMES];
  const unknown = requested.filter((s) => !(SECTION_NAMES as readonly string[]).includes(s));
  if (unknown.length) throw new RangeError(`unknown section(s): ${unknown.join(", ")}`);
  if (sizes.due > sizes.total) throw new RangeError("--due must not exceed --total");
  return { sizes, only: new Set(requested as Section[]) };
};

/** Runs the chosen sections in table order; a section that throws is reported under `errors`, the rest still run. */
const runSections = async (run: BenchRun, only: Set<Section>): Promise<Record<string, string>> => {
  const errors: Record<string, string> = {};
  for (const [name, section] of Object.entries(SECTIONS) as [Section, (r: BenchRun) => Promise<void>][]) {
    if (!only.has(name)) continue;
    run.log(`${name}…`);
    try {
      await section(run);
    } catch (error) {
      errors[name] = error instanceof Error ? error.message : String(error);
      run.log(`${name} failed: ${errors[name]}`);
    }
  }
  return errors;
};

/**
 * `legwork bench` (`npm run bench`): one JSON object on stdout with every measurement of one run, progress
 * on stderr. Render speed, dispatcher throughput against a send-only loop, the due Query's reads,
 * bundle sizes, cold starts and a load test, each against throwaway local engines in a child process.
 */
export const run = async (argv: string[], io: CliIo): Promise<number> => {
  const { options } = parseArgs(argv);
  const quick = options["quick"] === true;
  let chosen: ReturnType<typeof readOptions>;
  try {
    chosen = readOptions(options, quick);
  } catch (error) {
    io.stderr(`bench: ${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return 2;
  }
  const { sizes, only } = chosen;
  const concurrency = options["concurrency"] === undefined ? undefined : positive(options["concurrency"], 16);

  logger.setLogLevel("WARN"); // progress and the JSON only; warnings and errors still reach stderr
  useLocalCredentials();
  const started = performance.now();
  const log = (text: string): void => io.stderr(`[bench ${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${text}`);
  const out: Record<string, unknown> = {};
  const loadAtStart = loadavg()[0]!;
  const errors = await runSections({ quick, sizes, concurrency, log, out, built: [] }, only);

  out["targets"] = targetsReport(out);
  out["environment"] = {
    node: process.version,
    cpus: cpus().length,
    loadAverage: { start: Number(loadAtStart.toFixed(2)), end: Number(loadavg()[0]!.toFixed(2)) },
    engines:
      "dynalite and aws-ses-v2-local, each in a child process of its own (fresh for each section); the measured code in this process",
    quick,
    sizes,
  };
  if (Object.keys(errors).length) out["errors"] = errors;
  out["elapsedSeconds"] = Number(((performance.now() - started) / 1000).toFixed(1));
  io.stdout(JSON.stringify(Object.fromEntries(ORDER.filter((k) => k in out).map((k) => [k, out[k]])), null, 2));
  return Object.keys(errors).length ? 1 : 0;
};
