/**
 * The sections of `legwork bench`, as a table in the order they run: each fills its part of the JSON.
 * Bundles and cold starts come first, while nothing else of ours is running.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { loadConfig } from "../../functions/config.js";
import { buildDeps } from "../../functions/wiring.js";
import type { BuiltBundle, FunctionName } from "./bundles.js";
import { buildBundle } from "./bundles.js";
import type { ColdStart } from "./cold-start.js";
import { measureColdStart } from "./cold-start.js";
import { measureDispatch } from "./dispatch.js";
import { measureDueQuery } from "./due-query.js";
import { spawnEngines } from "./engines.js";
import { measureHotPath } from "./hot-path.js";
import { inboundReplies } from "./inbound-reply.js";
import { benchEnv } from "./local-config.js";
import { measureLoad } from "./load.js";
import { measurePaced } from "./paced.js";
import { measureParse } from "./parse.js";
import { measureRender } from "./render.js";

export interface BenchSizes {
  runners: number;
  total: number;
  due: number;
  coldRuns: number;
  loadSeconds: number;
}

/** What every section is given: the sizes asked for, a progress line, and the JSON it writes into. */
export interface BenchRun {
  quick: boolean;
  sizes: BenchSizes;
  concurrency: number | undefined;
  log: (text: string) => void;
  out: Record<string, unknown>;
  /** The bundles built so far (the cold-start section builds them if the bundles section did not run). */
  built: BuiltBundle[];
}

/** The MaxSendRate the paced section's local SES enforces (emails per second). */
const PACED_RATE = 8;

const COLD_START_FUNCTIONS: FunctionName[] = ["web", "dispatcher", "inbound", "feedback", "sender"];

/** What each function's first request must come back with: a real answer, not an error. */
const coldStartCheck: Record<FunctionName, (detail: unknown) => boolean> = {
  web: (d) => (d as { statusCode?: number }).statusCode === 200,
  dispatcher: (d) => (d as { due?: number }).due === 0,
  inbound: (d) => Array.isArray(d) && (d[0] as { kind?: string } | undefined)?.kind === "checkin",
  feedback: (d) => (d as { ignored?: number }).ignored === 1,
  sender: (d) => Array.isArray((d as { batchItemFailures?: unknown[] }).batchItemFailures),
};

const bundlesSection = async (run: BenchRun): Promise<void> => {
  run.built.length = 0;
  for (const name of COLD_START_FUNCTIONS) run.built.push(await buildBundle(name));
  run.out["bundles"] = Object.fromEntries(run.built.map((b) => [b.name, b.bytes]));
  run.out["bundleTop"] = Object.fromEntries(run.built.map((b) => [b.name, b.top]));
};

/** Each bundle started cold in a fresh Node process, its first request a real one against local engines. */
const coldStartSection = async ({ built, sizes, log, out }: BenchRun): Promise<void> => {
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
      const r = await measureColdStart(bundle.name, bundle.file, bundle.externals, env, sizes.coldRuns, coldStartCheck[bundle.name], event);
      results[bundle.name] = r;
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
};

const dispatchSection = async ({ quick, sizes, concurrency, log, out }: BenchRun): Promise<void> => {
  const hotPathUs = await measureHotPath(quick ? 500 : 2000);
  log(`dispatch: in-process CPU per email ${hotPathUs.dispatchUs} µs (send-only ${hotPathUs.sendOnlyUs} µs)`);
  const measured = await measureDispatch({ runners: sizes.runners, ...(concurrency ? { concurrency } : {}), log });
  out["dispatch"] = { ...measured, hotPathUs };
};

/** Every section, in the order they run. */
export const SECTIONS = {
  bundles: bundlesSection,
  coldStart: coldStartSection,
  render: async ({ out }: BenchRun) => {
    out["render"] = await measureRender();
  },
  parse: async ({ out }: BenchRun) => {
    out["parse"] = await measureParse();
  },
  dispatch: dispatchSection,
  dueQuery: async ({ sizes, log, out }: BenchRun) => {
    out["dueQuery"] = await measureDueQuery({ total: sizes.total, due: sizes.due, log });
  },
  load: async ({ sizes, log, out }: BenchRun) => {
    out["load"] = await measureLoad({ seconds: sizes.loadSeconds, log });
  },
  paced: async ({ quick, log, out }: BenchRun) => {
    out["paced"] = await measurePaced({ rate: PACED_RATE, emails: PACED_RATE * (quick ? 5 : 45), concurrency: 2, log });
  },
} satisfies Record<string, (run: BenchRun) => Promise<void>>;

export type Section = keyof typeof SECTIONS;
/** The names as `--only` lists them in the usage line. */
export const SECTION_NAMES = [
  "render",
  "dispatch",
  "dueQuery",
  "bundles",
  "coldStart",
  "load",
  "parse",
  "paced",
] as const satisfies readonly Section[];
