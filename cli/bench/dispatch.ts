import { performance } from "node:perf_hooks";
import type { SESv2Client } from "@aws-sdk/client-sesv2";
import { SendEmailCommand } from "@aws-sdk/client-sesv2";
import type { DispatchDeps, DispatchResult } from "../../functions/app/dispatch.js";
import { defaultConcurrency, dispatch, planSend, resolveSendRate, weeklyEmail } from "../../functions/app/dispatch.js";
import { dispatchDeps } from "../../functions/app/dispatch-deps.js";
import { Links } from "../../functions/app/links.js";
import type { Config } from "../../functions/config.js";
import type { Runner } from "../../functions/domain/profile.js";
import type { TokenKeys } from "../../functions/domain/tokens.js";
import { buildMime } from "../../functions/mail/mime.js";
import type { Deps } from "../../functions/wiring.js";
import { buildDeps, createClients } from "../../functions/wiring.js";
import type { BenchEngines } from "./engines.js";
import { spawnEngines } from "./engines.js";
import { benchConfig, useLocalCredentials } from "./local-config.js";
import { cpuMsOf } from "./process-cpu.js";
import { prng } from "../../functions/lib/seeded.js";
import { batchPut, benchRunner, benchRunnerId, profileItem } from "./seed.js";

export interface DispatchBench {
  /** Runners due at once when the dispatcher runs (all of them in one dispatch). */
  runners: number;
  /** Sends in flight at once, for the dispatcher and the send-only loop alike. */
  concurrency: number;
  /** Mean size of the raw MIME messages, bytes. */
  mimeBytes: number;
  emailsPerSec: number;
  sendOnlyPerSec: number;
  /** emailsPerSec / sendOnlyPerSec. */
  ratio: number;
  /** CPU ms per email in this process (the code under test) and in the engines' process. */
  cpuMsPerEmail: { dispatch: { bench: number; engines: number }; sendOnly: { bench: number; engines: number } };
  result: DispatchResult;
  /** Runners still due after the dispatch (must be 0: every one claimed, sent and advanced). */
  dueAfter: number;
  /** Where the local engines ran: one child process, for both measurements. */
  engines: "child-processes";
}

const round = (n: number, places = 1): number => Number(n.toFixed(places));

export const seedDue = async (deps: Deps, prefix: string, count: number, now: Date, seed: number): Promise<Runner[]> => {
  const random = prng(seed);
  const runners = Array.from({ length: count }, (_, i) =>
    benchRunner(random, {
      id: benchRunnerId(prefix, i),
      email: `${prefix}${i}@bench.example.com`,
      nextSendAt: new Date(now.getTime() - 60_000 - Math.floor(random() * 3_600_000)),
      createdAt: new Date(now.getTime() - 30 * 86_400_000),
    }),
  );
  await batchPut(deps.doc, deps.config.LEGWORK_TABLE, runners.map(profileItem));
  return runners;
};

/** Sends `messages` (cycled) `count` times with SES SendEmail Raw, `concurrency` at once. */
const sendOnly = async (ses: SESv2Client, messages: Uint8Array[], count: number, concurrency: number): Promise<void> => {
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < count; i = next++) {
      await ses.send(new SendEmailCommand({ Content: { Raw: { Data: messages[i % messages.length]! } } }));
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
};

const clearSesStore = async (engines: BenchEngines): Promise<void> => {
  await fetch(`${engines.sesEndpoint}/clear-store`, { method: "POST" });
};

/**
 * aws-ses-v2-local keeps every email it accepts (parsed) in memory; thousands of them make its GC, and so
 * every send, slower as a phase goes on. Emptying the store every second keeps both sides' conditions equal.
 */
const withSesStoreKeptSmall = async <T>(engines: BenchEngines, work: () => Promise<T>): Promise<T> => {
  await clearSesStore(engines);
  const timer = setInterval(() => void clearSesStore(engines).catch(() => undefined), 1000);
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
};

interface Timed {
  ms: number;
  benchCpuMs: number;
  enginesCpuMs: number;
}

const timed = async (engines: BenchEngines, run: () => Promise<unknown>): Promise<Timed> => {
  const enginesCpu = (): number => engines.pids.reduce((sum, pid) => sum + cpuMsOf(pid), 0);
  const engines0 = enginesCpu();
  const bench0 = process.cpuUsage();
  const start = performance.now();
  await run();
  const ms = performance.now() - start;
  const bench = process.cpuUsage(bench0);
  return { ms, benchCpuMs: (bench.user + bench.system) / 1000, enginesCpuMs: enginesCpu() - engines0 };
};

const add = (a: Timed, b: Timed): Timed => ({
  ms: a.ms + b.ms,
  benchCpuMs: a.benchCpuMs + b.benchCpuMs,
  enginesCpuMs: a.enginesCpuMs + b.enginesCpuMs,
});

/** The same emails' bytes for the send-only loop (a sample of 200, cycled), built before any timing. */
const sampleMessages = async (config: Config, keys: TokenKeys, now: Date): Promise<Uint8Array[]> => {
  const links = new Links(keys, config.LEGWORK_BASE_URL!, config.LEGWORK_REPLY_DOMAIN);
  const sample = Array.from({ length: 200 }, (_, i) =>
    benchRunner(prng(99 + i), { id: benchRunnerId("mime", i), email: `mime${i}@bench.example.com`, nextSendAt: now, createdAt: now }),
  );
  const messages: Uint8Array[] = [];
  for (const runner of sample) messages.push(await buildMime(weeklyEmail(config, links, runner, planSend(runner), now)));
  return messages;
};

/** Emails a second on each side, their ratio, and CPU per email in this process and in the engines. */
const throughput = (runners: number, result: DispatchResult, dispatchTime: Timed, sendTime: Timed) => {
  const emailsPerSec = result.sent / (dispatchTime.ms / 1000);
  const sendOnlyPerSec = runners / (sendTime.ms / 1000);
  const perEmail = (t: Timed, n: number) => ({ bench: round(t.benchCpuMs / n, 2), engines: round(t.enginesCpuMs / n, 2) });
  return {
    emailsPerSec: round(emailsPerSec),
    sendOnlyPerSec: round(sendOnlyPerSec),
    ratio: round(emailsPerSec / sendOnlyPerSec, 3),
    cpuMsPerEmail: { dispatch: perEmail(dispatchTime, Math.max(1, result.sent)), sendOnly: perEmail(sendTime, runners) },
  };
};

/** Runners still due at `now` (after the dispatch: must be 0). */
const countDue = async (d: DispatchDeps, now: Date): Promise<number> => {
  let due = 0;
  for await (const _runner of d.due.due(now)) due++;
  return due;
};

/**
 * The dispatcher's throughput against a send-only loop on the same local SES.
 *
 * The dispatch side is the real path: `dispatchDeps` (as the handler builds it) and one `dispatch` over
 * all `runners` due runners: the due Query, the claim, rendering, MIME, SendEmail and the advance, with
 * LEGWORK_SEND_RATE high enough not to pace. The send-only side sends real weekly emails' MIME (built
 * before timing) with the same SDK client and the same concurrency, half before and half after the
 * dispatch, so drift in the machine's load falls on both sides alike. Both use the same engines, in one
 * child process; the measured code runs in this process.
 */
export const measureDispatch = async (options: {
  runners: number;
  concurrency?: number;
  log?: (text: string) => void;
}): Promise<DispatchBench> => {
  const log = options.log ?? (() => undefined);
  const table = "legwork-bench-dispatch";
  useLocalCredentials();
  const engines = await spawnEngines({ table });
  try {
    const config = benchConfig(engines, table, { LEGWORK_SEND_RATE: "100000" });
    const clients = await createClients(config);
    const deps = await buildDeps(config, clients);
    const base = dispatchDeps(deps);
    const d: DispatchDeps = options.concurrency ? { ...base, concurrency: options.concurrency } : base;
    const concurrency = d.concurrency ?? defaultConcurrency(await resolveSendRate(d.sendRate));
    const now = new Date();

    const messages = await sampleMessages(config, deps.keys, now);
    const mimeBytes = messages.reduce((n, m) => n + m.length, 0) / messages.length;

    // Warm-up on separate runners: JIT, sockets, the engines' own code paths.
    const warm = Math.min(200, options.runners);
    await seedDue(deps, "warm", warm, now, 7);
    await withSesStoreKeptSmall(engines, () => dispatch(d, { now, remainingMs: () => 15 * 60_000 }));
    await withSesStoreKeptSmall(engines, () => sendOnly(clients.ses, messages, warm, concurrency));

    await seedDue(deps, "bench", options.runners, now, 1);
    const before = Math.floor(options.runners / 2);
    log(`dispatch: send-only ${before} (${concurrency} at once)`);
    let sendTime = await timed(engines, () => withSesStoreKeptSmall(engines, () => sendOnly(clients.ses, messages, before, concurrency)));
    log(`dispatch: ${options.runners} runners due, dispatching`);
    let result: DispatchResult = { due: 0, sent: 0, skipped: 0, failed: 0 };
    const dispatchTime = await timed(engines, () =>
      withSesStoreKeptSmall(engines, async () => (result = await dispatch(d, { now, remainingMs: () => 15 * 60_000 }))),
    );
    log(`dispatch: ${JSON.stringify(result)}; send-only ${options.runners - before}`);
    sendTime = add(
      sendTime,
      await timed(engines, () =>
        withSesStoreKeptSmall(engines, () => sendOnly(clients.ses, messages, options.runners - before, concurrency)),
      ),
    );
    const dueAfter = await countDue(d, now);
    await clearSesStore(engines);

    for (const client of [clients.ddb, clients.ses]) client.destroy();
    return {
      runners: options.runners,
      concurrency,
      mimeBytes: Math.round(mimeBytes),
      ...throughput(options.runners, result, dispatchTime, sendTime),
      result,
      dueAfter,
      engines: "child-processes",
    };
  } finally {
    await engines.stop();
  }
};
