import { performance } from "node:perf_hooks";
import { DynamoDueRepository } from "../../functions/adapters/dynamodb/due.js";
import type { RunnerStatus } from "../../functions/domain/profile.js";
import { buildDeps } from "../../functions/wiring.js";
import { spawnEngines } from "./engines.js";
import { benchConfig, useLocalCredentials } from "./local-config.js";
import { prng } from "../../functions/lib/seeded.js";
import { batchPut, benchRunner, benchRunnerId, profileItem } from "./seed.js";

export interface DueQueryBench {
  totalRunners: number;
  dueRunners: number;
  /** Active runners whose next send is in the future: in the due index, not due. */
  notDueRunners: number;
  /** Runners outside the due index (unsubscribed, completed, pending, paused without an end). */
  inactiveRunners: number;
  /** Runners the due Query returned (must equal dueRunners). */
  found: number;
  /** Items the due Queries read (DynamoDueRepository.itemsRead: ScannedCount summed). */
  itemsRead: number;
  readsPerDue: number;
  queryMs: number;
  loadMs: number;
}

const INACTIVE: RunnerStatus[] = ["unsubscribed", "completed", "pending", "bounced", "paused"];

/**
 * `total` runner items, `due` of them due: due, inactive and not-due runners interleaved, so the due ones
 * are spread over every shard and key range.
 */
function* benchItems(total: number, due: number, now: Date, random: () => number): Generator<Record<string, unknown>> {
  const created = new Date(now.getTime() - 60 * 86_400_000);
  for (let i = 0; i < total; i++) {
    const kind = i % Math.floor(total / due) === 0 && i / Math.floor(total / due) < due ? "due" : i % 10 === 1 ? "inactive" : "future";
    const id = benchRunnerId("q", i);
    const email = `q${i}@bench.example.com`;
    if (kind === "due")
      yield profileItem(
        benchRunner(random, {
          id,
          email,
          createdAt: created,
          nextSendAt: new Date(now.getTime() - 1 - Math.floor(random() * 6 * 86_400_000)),
        }),
      );
    else if (kind === "inactive")
      yield profileItem(benchRunner(random, { id, email, createdAt: created, status: INACTIVE[i % INACTIVE.length]! }));
    else
      yield profileItem(
        benchRunner(random, {
          id,
          email,
          createdAt: created,
          nextSendAt: new Date(now.getTime() + 60_000 + Math.floor(random() * 7 * 86_400_000)),
        }),
      );
  }
}

/** Passes the items through, counting due, inactive and not-yet-due ones into `counts`. */
function* tallied(
  items: Iterable<Record<string, unknown>>,
  now: Date,
  counts: { due: number; inactive: number; future: number },
): Generator<Record<string, unknown>> {
  for (const item of items) {
    if (item["gsi1pk"] === undefined) counts.inactive++;
    else if (String(item["gsi1sk"]) <= now.toISOString()) counts.due++;
    else counts.future++;
    yield item;
  }
}

/**
 * Cost follows due, not total: a table of `total` runners (most active but not due yet, some inactive
 * without the due-index attributes) and `due` due ones, then one full pass of the dispatcher's due Query.
 */
export const measureDueQuery = async (options: { total: number; due: number; log?: (text: string) => void }): Promise<DueQueryBench> => {
  const log = options.log ?? (() => undefined);
  const table = "legwork-bench-due";
  useLocalCredentials();
  const engines = await spawnEngines({ table });
  try {
    const deps = await buildDeps(benchConfig(engines, table));
    const now = new Date();
    const counts = { due: 0, inactive: 0, future: 0 };
    const loadStart = performance.now();
    await batchPut(deps.doc, table, tallied(benchItems(options.total, options.due, now, prng(42)), now, counts), {
      concurrency: 8,
      onProgress: (n) => {
        if (n % 20_000 === 0) log(`dueQuery: loaded ${n}/${options.total}`);
      },
    });
    const loadMs = performance.now() - loadStart;

    const repo = new DynamoDueRepository(deps.doc, table);
    const start = performance.now();
    let found = 0;
    for await (const _runner of repo.due(now)) found++;
    const queryMs = performance.now() - start;
    deps.ddb.destroy();
    return {
      totalRunners: options.total,
      dueRunners: counts.due,
      notDueRunners: counts.future,
      inactiveRunners: counts.inactive,
      found,
      itemsRead: repo.itemsRead,
      readsPerDue: Number((repo.itemsRead / Math.max(1, counts.due)).toFixed(3)),
      queryMs: Math.round(queryMs),
      loadMs: Math.round(loadMs),
    };
  } finally {
    await engines.stop();
  }
};
