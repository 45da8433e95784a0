import { mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import type { BuiltBundle, FunctionName } from "../bench/bundles.js";
import { buildBundle } from "../bench/bundles.js";
import type { ColdStart } from "../bench/cold-start.js";
import { measureColdStart } from "../bench/cold-start.js";
import { measureDispatch } from "../bench/dispatch.js";
import { measureDueQuery } from "../bench/due-query.js";
import { measureHotPath } from "../bench/hot-path.js";
import { spawnEngines } from "../bench/engines.js";
import { benchEnv, useLocalCredentials } from "../bench/local-config.js";
import { measureLoad } from "../bench/load.js";
import { measurePaced } from "../bench/paced.js";
import { inboundReplies } from "../bench/inbound-reply.js";
import { loadConfig } from "../../functions/config.js";
import { buildDeps } from "../../functions/wiring.js";
import { measureParse } from "../bench/parse.js";
import type { ParseFigures } from "../bench/parse.js";
import { measureRender } from "../bench/render.js";
import { logger } from "../../functions/lib/logger.js";
import type { CliIo } from "../shared/io.js";
import type { FlagSpec } from "../shared/io.js";
import { parseArgs } from "../shared/io.js";

export const FLAGS: FlagSpec = {
  switches: ["quick"],
  values: ["load-seconds", "runners", "total", "due", "cold-runs", "concurrency", "only"],
};

export const USAGE =
  "usage: legwork bench [--quick] [--load-seconds 30] [--runners 5000] [--total 100000] [--due 1000] [--cold-runs 5] [--concurrency N] [--only render,dispatch,dueQuery,bundles,coldStart,load,parse,paced]";

const SECTIONS = ["render", "dispatch", "dueQuery", "bundles", "coldStart", "load", "parse", "paced"] as const;
type Section = (typeof SECTIONS)[number];

/** The MaxSendRate the paced section's local SES enforces (emails per second). */
const PACED_RATE = 8;

/** The targets the issue sets; the bench reports against them and never fails on them (tests pin behaviour, not speed). */
export const TARGETS = {
  renderSpeedup: 100,
  dispatchRatio: 0.5,
  dispatchRatioAim: 0.8,
  readsPerDue: 1.2,
  bundleBytes: 300 * 1024,
  coldStartMs: 150,
  parseMedianMs: 5,
  parseLargeMs: 250,
} as const;

const COLD_START_FUNCTIONS: FunctionName[] = ["web", "dispatcher", "inbound", "feedback", "sender"];

/** What each function's first request must come back with: a real answer, not an error. */
const coldStartCheck: Record<FunctionName, (detail: unknown) => boolean> = {
  web: (d) => (d as { statusCode?: number }).statusCode === 200,
  dispatcher: (d) => (d as { due?: number }).due === 0,
  inbound: (d) => Array.isArray(d) && (d[0] as { kind?: string } | undefined)?.kind === "checkin",
  feedback: (d) => (d as { ignored?: number }).ignored === 1,
  sender: (d) => Array.isArray((d as { batchItemFailures?: unknown[] }).batchItemFailures),
};

/** Wall time, and CPU time beside it: on a busy shared machine the CPU figures are the fair ones. */
const parseTarget = (p: ParseFigures | undefined) => ({
  target: `median <= ${TARGETS.parseMedianMs} ms, 1 MB shapes <= ${TARGETS.parseLargeMs} ms`,
  medianMs: p?.medianMs ?? null,
  largeMaxMs: p?.large.maxMs ?? null,
  cpuMedianMs: p?.cpu.medianMs ?? null,
  cpuLargeMaxMs: p?.large.cpuMaxMs ?? null,
  met: p ? p.medianMs <= TARGETS.parseMedianMs && p.large.maxMs <= TARGETS.parseLargeMs : null,
  metInCpuTime: p ? p.cpu.medianMs <= TARGETS.parseMedianMs && p.large.cpuMaxMs <= TARGETS.parseLargeMs : null,
});

const positive = (value: string | true | undefined, fallback: number): number => {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`expected a whole number ≥ 1, got "${String(value)}"`);
  return n;
};

/**
 * `legwork bench` (`npm run bench`): one JSON object on stdout with every measurement of one run, progress
 * on stderr. Render speed, dispatcher throughput against a send-only loop, the due Query's reads,
 * bundle sizes, cold starts and a load test, each against throwaway local engines in a child process.
 */
export const run = async (argv: string[], io: CliIo): Promise<number> => {
  const { options } = parseArgs(argv);
  const quick = options["quick"] === true;
  let sizes: { runners: number; total: number; due: number; coldRuns: number; loadSeconds: number };
  let only: Set<Section>;
  try {
    sizes = {
      runners: positive(options["runners"], quick ? 400 : 5000),
      total: positive(options["total"], quick ? 10_000 : 100_000),
      due: positive(options["due"], quick ? 100 : 1000),
      coldRuns: positive(options["cold-runs"], quick ? 2 : 5),
      loadSeconds: positive(options["load-seconds"], quick ? 3 : 30),
    };
    const requested = typeof options["only"] === "string" ? options["only"].split(",") : [...SECTIONS];
    const unknown = requested.filter((s) => !(SECTIONS as readonly string[]).includes(s));
    if (unknown.length) throw new RangeError(`unknown section(s): ${unknown.join(", ")}`);
    only = new Set(requested as Section[]);
    if (sizes.due > sizes.total) throw new RangeError("--due must not exceed --total");
  } catch (error) {
    io.stderr(`bench: ${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return 2;
  }
  const concurrency = options["concurrency"] === undefined ? undefined : positive(options["concurrency"], 16);

  logger.setLogLevel("WARN"); // progress and the JSON only; warnings and errors still reach stderr
  useLocalCredentials();
  const started = performance.now();
  const log = (text: string): void => io.stderr(`[bench ${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${text}`);
  const out: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  const section = async (name: Section, work: () => Promise<void>): Promise<void> => {
    if (!only.has(name)) return;
    log(`${name}…`);
    try {
      await work();
    } catch (error) {
      errors[name] = error instanceof Error ? error.message : String(error);
      log(`${name} failed: ${errors[name]}`);
    }
  };
  const loadAtStart = loadavg()[0]!;

  // Bundles and cold starts first, while nothing else of ours is running.
  let built: BuiltBundle[] = [];
  await section("bundles", async () => {
    built = [];
    for (const name of COLD_START_FUNCTIONS) built.push(await buildBundle(name));
    out["bundles"] = Object.fromEntries(built.map((b) => [b.name, b.bytes]));
    out["bundleTop"] = Object.fromEntries(built.map((b) => [b.name, b.top]));
  });

  await section("coldStart", async () => {
    if (built.length === 0) for (const name of COLD_START_FUNCTIONS) built.push(await buildBundle(name));
    const table = "legwork-bench-cold";
    const engines = await spawnEngines({ table });
    const replies = mkdtempSync(path.join(tmpdir(), "legwork-bench-replies-"));
    try {
      const env = benchEnv(engines, table, { LEGWORK_REPLY_STORE_DIR: replies });
      const deps = await buildDeps(loadConfig(env));
      const replyEvent = await inboundReplies(deps, new Date());
      const results: Partial<Record<FunctionName, ColdStart>> = {};
      for (const bundle of built) {
        const event = bundle.name === "inbound" ? replyEvent : undefined;
        results[bundle.name] = await measureColdStart(
          bundle.name,
          bundle.file,
          bundle.externals,
          env,
          sizes.coldRuns,
          coldStartCheck[bundle.name],
          event,
        );
        const r = results[bundle.name]!;
        log(`coldStart ${bundle.name}: ${r.ms} ms (AWS SDK ${r.sdkMs}, bundle ${r.bundleMs}, first request ${r.handleMs})`);
      }
      out["coldStartMs"] = Object.fromEntries(Object.entries(results).map(([name, r]) => [name, r.ms]));
      deps.ddb.destroy();
      out["coldStart"] = {
        runs: sizes.coldRuns,
        firstRequest:
          "web GET /health; dispatcher an empty tick; inbound a real check-in reply (parse, record, acknowledge); feedback an SES delivery event; sender an empty batch",
        node: process.version,
        flags: "--enable-source-maps",
        externals: Object.fromEntries(built.map((b) => [b.name, b.externals])),
        detail: results,
      };
    } finally {
      rmSync(replies, { recursive: true, force: true });
      await engines.stop();
    }
  });

  await section("render", async () => {
    out["render"] = await measureRender();
  });

  await section("parse", async () => {
    out["parse"] = await measureParse();
  });

  await section("dispatch", async () => {
    const hotPathUs = await measureHotPath(quick ? 500 : 2000);
    log(`dispatch: in-process CPU per email ${hotPathUs.dispatchUs} µs (send-only ${hotPathUs.sendOnlyUs} µs)`);
    const measured = await measureDispatch({ runners: sizes.runners, ...(concurrency ? { concurrency } : {}), log });
    out["dispatch"] = { ...measured, hotPathUs };
  });

  await section("dueQuery", async () => {
    out["dueQuery"] = await measureDueQuery({ total: sizes.total, due: sizes.due, log });
  });

  await section("load", async () => {
    out["load"] = await measureLoad({ seconds: sizes.loadSeconds, log });
  });

  await section("paced", async () => {
    out["paced"] = await measurePaced({ rate: PACED_RATE, emails: PACED_RATE * (quick ? 5 : 45), concurrency: 2, log });
  });

  const g = (key: string, field: string): number | undefined => (out[key] as Record<string, number> | undefined)?.[field];
  const bundles = (out["bundles"] ?? {}) as Record<string, number>;
  const cold = (out["coldStartMs"] ?? {}) as Record<string, number>;
  const met = (value: number | undefined, ok: (v: number) => boolean) => (value === undefined ? null : ok(value));
  out["targets"] = {
    parse: parseTarget(out["parse"] as ParseFigures | undefined),
    renderSpeedup: {
      target: `>= ${TARGETS.renderSpeedup}`,
      value: g("render", "speedup") ?? null,
      met: met(g("render", "speedup"), (v) => v >= TARGETS.renderSpeedup),
    },
    dispatchRatio: {
      target: `>= ${TARGETS.dispatchRatio} (aim ${TARGETS.dispatchRatioAim})`,
      value: g("dispatch", "ratio") ?? null,
      met: met(g("dispatch", "ratio"), (v) => v >= TARGETS.dispatchRatio),
    },
    readsPerDue: {
      target: `<= ${TARGETS.readsPerDue}`,
      value: g("dueQuery", "readsPerDue") ?? null,
      met: met(g("dueQuery", "readsPerDue"), (v) => v <= TARGETS.readsPerDue),
    },
    bundleBytes: {
      target: `<= ${TARGETS.bundleBytes} each`,
      over: Object.entries(bundles)
        .filter(([, b]) => b > TARGETS.bundleBytes)
        .map(([name]) => name),
      met: Object.keys(bundles).length ? Object.values(bundles).every((b) => b <= TARGETS.bundleBytes) : null,
    },
    coldStartMs: {
      target: `<= ${TARGETS.coldStartMs} each`,
      over: Object.entries(cold)
        .filter(([, ms]) => ms > TARGETS.coldStartMs)
        .map(([name]) => name),
      met: Object.keys(cold).length ? Object.values(cold).every((ms) => ms <= TARGETS.coldStartMs) : null,
    },
    load: {
      target: "runners stored for the accepted addresses = accepted (202s), none lost, none stored twice",
      accepted: g("load", "accepted") ?? null,
      stored: g("load", "stored") ?? null,
      storedAccepted: g("load", "storedAccepted") ?? null,
      lost: g("load", "lost") ?? null,
      errors: g("load", "errors") ?? null,
      met: met(
        g("load", "accepted"),
        (accepted) =>
          g("load", "acceptedUnique") === accepted &&
          g("load", "storedAccepted") === accepted &&
          g("load", "lost") === 0 &&
          g("load", "duplicates") === 0,
      ),
    },
  };
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
  const order = [
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
  io.stdout(JSON.stringify(Object.fromEntries(order.filter((k) => k in out).map((k) => [k, out[k]])), null, 2));
  return Object.keys(errors).length ? 1 : 0;
};
