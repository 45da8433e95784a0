import { randomBytes } from "node:crypto";
import type { SQSEvent } from "aws-lambda";
import { LocalSendQueue } from "../../functions/adapters/local-queue/send-queue.js";
import { dispatch } from "../../functions/app/dispatch.js";
import { dispatchDeps } from "../../functions/app/dispatch-deps.js";
import { confirm, subscribe } from "../../functions/app/signup.js";
import { AfterAnswerSignupQueue } from "../../functions/adapters/local-queue/after-answer.js";
import { loadConfig } from "../../functions/config.js";
import type { Signup } from "../../functions/domain/profile.js";
import { PROGRAMME_WEEKS } from "../../functions/domain/render/index.js";
import { nextSendAt } from "../../functions/domain/schedule.js";
import { signToken } from "../../functions/domain/tokens.js";
import { createDispatcherHandler } from "../../functions/handlers/dispatcher.js";
import { createSenderHandler } from "../../functions/handlers/sender.js";
import type { Deps } from "../../functions/wiring.js";
import { buildDeps, createClients } from "../../functions/wiring.js";
import { randomPreferences } from "../bench/sample-preferences.js";
import { prng } from "../../functions/lib/seeded.js";
import { localContext } from "../../infra/local/lambda-context.js";
import { startEngines } from "../../infra/local/stack.js";
import type { CliIo } from "../shared/io.js";
import type { FlagSpec } from "../shared/io.js";
import { parseArgs } from "../shared/io.js";

const HOUR_MS = 3_600_000;
/** Hourly ticks by default: see USAGE for why not the schedule's 15 minutes. */
export const DEFAULT_STEP_MINUTES = 60;

interface StoredEmail {
  destination: { to: string[] };
  subject: string;
}

/** Names the fan-out queue in config; the simulation's queue is the in-process one, passed to wiring. */
const SIMULATED_QUEUE_URL = "https://sqs.eu-west-1.amazonaws.com/000000000000/legwork-simulate-sends";

/**
 * `legwork simulate --runners N --weeks W [--seed S] [--step-minutes M] [--fanout]`: a throwaway local
 * stack (in-memory dynalite + SES on free ports), N varied runners signed up and confirmed, then W weeks
 * of scheduler ticks every M minutes of simulated time. Prints per-week sends, duplicates and missed weeks.
 * With --fanout the same scenario runs in fan-out mode: the dispatcher handler (LEGWORK_FANOUT_QUEUE_URL
 * set) queues due runners on the in-process queue, which delivers them to the real sender handler in
 * SQS-shaped batches of ten, redelivering failures.
 */
export const FLAGS: FlagSpec = { switches: ["fanout"], values: ["runners", "weeks", "seed", "step-minutes"] };

export const USAGE =
  "usage: legwork simulate --runners N --weeks W [--seed S] [--step-minutes M] [--fanout] (whole numbers ≥ 1)\n" +
  "  prints JSON: totals, and per week {week, sent, duplicates, missed}; exits 1 on any duplicate or missed week\n" +
  `  --step-minutes: simulated minutes between dispatcher ticks, default ${DEFAULT_STEP_MINUTES}. The deployed schedule is every 15;\n` +
  "             --step-minutes 15 ticks four times as often and takes about twice as long (200 runners, 10 weeks:\n" +
  "             about 110 s against 50 s). Sends, duplicates and missed weeks come out the same; hourly ticks only\n" +
  "             send half-hour-zone runners (Asia/Kolkata) at the next whole hour";

/** One programme week of the simulation: emails sent, extra copies of it, runners it should have reached and did not. */
export interface WeekTally {
  week: number;
  sent: number;
  duplicates: number;
  missed: number;
}

/**
 * Tallies what each runner got against what they should have got, week by week.
 * `expected`: runner → how many weeks they should have had by the end (weeks 1..n);
 * `got`: runner → the week numbers of every weekly email they received, repeats included.
 * @example tallyWeeks(new Map([["a", 2]]), new Map([["a", [1, 1]]]), 2)
 *   // [{ week: 1, sent: 2, duplicates: 1, missed: 0 }, { week: 2, sent: 0, duplicates: 0, missed: 1 }]
 */
export const tallyWeeks = (
  expected: ReadonlyMap<string, number>,
  got: ReadonlyMap<string, readonly number[]>,
  weeks: number,
): WeekTally[] => {
  const rows: WeekTally[] = Array.from({ length: weeks }, (_, i) => ({ week: i + 1, sent: 0, duplicates: 0, missed: 0 }));
  for (const [email, want] of expected) {
    const counts = new Map<number, number>();
    for (const w of got.get(email) ?? []) counts.set(w, (counts.get(w) ?? 0) + 1);
    for (const row of rows) {
      const n = counts.get(row.week) ?? 0;
      row.sent += n;
      row.duplicates += Math.max(0, n - 1);
      if (row.week <= want && n === 0) row.missed++;
    }
  }
  return rows;
};

export const run = async (argv: string[], io: CliIo): Promise<number> => {
  const { options } = parseArgs(argv);
  const runners = Number(options["runners"] ?? 50);
  const weeks = Number(options["weeks"] ?? 10);
  const seed = Number(options["seed"] ?? 1);
  const stepMinutes = Number(options["step-minutes"] ?? DEFAULT_STEP_MINUTES);
  const fanout = options["fanout"] === true;
  if (![runners, weeks, seed, stepMinutes].every(Number.isInteger) || runners < 1 || weeks < 1 || stepMinutes < 1) {
    io.stderr(USAGE);
    return 2;
  }
  const started = Date.now();
  process.env["AWS_ACCESS_KEY_ID"] ??= "local";
  process.env["AWS_SECRET_ACCESS_KEY"] ??= "local";
  process.env["AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED"] ??= "true";
  const engines = await startEngines({ dynamodbPort: 0, sesPort: 0, table: "legwork-simulate", maxSendRate: 1000 });
  try {
    const config = loadConfig({
      ...process.env,
      LEGWORK_TABLE: "legwork-simulate",
      DYNAMODB_ENDPOINT: engines.dynamodbEndpoint,
      SES_ENDPOINT: engines.sesEndpoint,
      LEGWORK_BASE_URL: "https://coach.legwork.example",
      LEGWORK_TOKEN_KEYS: JSON.stringify({ current: "sim", sim: randomBytes(32).toString("hex") }),
      LEGWORK_SUBSCRIBE_PER_IP_PER_HOUR: String(runners * 2),
      ...(fanout ? { LEGWORK_FANOUT_QUEUE_URL: SIMULATED_QUEUE_URL } : {}),
    });
    const start = new Date(Date.UTC(2027, 2, 1)); // the March DST changes fall inside the run
    let now = start;
    // Fan-out: the in-process queue feeds the real sender handler, bound to these very deps.
    let depsBuilt: (deps: Deps) => void = () => undefined;
    const depsReady = new Promise<Deps>((resolve) => (depsBuilt = resolve));
    const sender = createSenderHandler(() => depsReady);
    const queue = fanout ? new LocalSendQueue((event: SQSEvent) => sender(event, localContext("legwork-sender", 60_000))) : undefined;
    // Count the SDK calls of the scheduled part (after signups), to compare with `legwork scale`'s per-email model.
    const clients = await createClients(config);
    const calls: Record<string, number> = {};
    let counting = false;
    for (const client of [clients.ddb, clients.ses])
      (client.middlewareStack as { add: (middleware: unknown, options: unknown) => void }).add(
        (next: (args: unknown) => Promise<unknown>, context: { commandName: string }) => async (args: unknown) => {
          if (counting) calls[context.commandName] = (calls[context.commandName] ?? 0) + 1;
          return next(args);
        },
        { step: "initialize", name: "simulateCountCalls" },
      );
    const deps = await buildDeps(config, { ...clients, now: () => now, ...(queue ? { queue } : {}) });
    depsBuilt(deps);
    const random = prng(seed);
    const expected = new Map<string, number>();
    const end = new Date(start.getTime() + weeks * 7 * 24 * HOUR_MS);

    for (let i = 0; i < runners; i++) {
      const signup: Signup = {
        email: `sim${i}.${seed}@example.com`,
        name: `Runner ${i}`,
        ...randomPreferences(random),
        consent: true,
      };
      await subscribe(deps, { signup, sourceIp: "198.51.100.10", baseUrl: config.LEGWORK_BASE_URL!, consentSource: "simulate" });
      if (deps.signupQueue instanceof AfterAnswerSignupQueue) await deps.signupQueue.drain(); // the signup's work runs after the answer
      const runner = await deps.runners.getByEmail(signup.email);
      if (!runner) throw new Error(`runner ${i} was not stored`);
      await confirm(deps, {
        token: signToken(deps.keys, { purpose: "confirm", runnerId: runner.id, now }),
        baseUrl: config.LEGWORK_BASE_URL!,
      });
      // Weeks this runner should get by the end: every slot after confirmation, up to the programme length.
      let slots = 0;
      for (let t = nextSendAt(signup, start); t <= end && slots < PROGRAMME_WEEKS; t = nextSendAt(signup, t)) slots++;
      expected.set(signup.email, slots);
      if ((i + 1) % 50 === 0) io.stderr(`signed up ${i + 1}/${runners}`);
    }

    const d = dispatchDeps(deps);
    const dispatcher = createDispatcherHandler(async () => deps);
    counting = true;
    let ticks = 0;
    for (let t = start.getTime(); t <= end.getTime(); t += stepMinutes * 60_000) {
      now = new Date(t);
      if (queue) {
        await dispatcher({ time: now.toISOString() }, localContext("legwork-dispatcher", 5 * 60_000));
        await queue.idle(); // the senders finish before simulated time moves on
      } else await dispatch(d, { now, remainingMs: () => 15 * 60_000 });
      ticks++;
      if (ticks % Math.max(1, Math.round((7 * 24 * 60) / stepMinutes)) === 0)
        io.stderr(`simulated week ${Math.round((t - start.getTime()) / (7 * 24 * HOUR_MS))}/${weeks}`);
    }

    counting = false;
    const res = await fetch(`${engines.sesEndpoint}/store`);
    const { emails } = (await res.json()) as { emails: StoredEmail[] };
    const got = new Map<string, number[]>();
    for (const e of emails) {
      const week = /^Week (\d+) of/.exec(e.subject)?.[1];
      if (!week) continue;
      const to = e.destination.to[0]?.toLowerCase() ?? "";
      got.set(to, [...(got.get(to) ?? []), Number(week)]);
    }
    // A row for every simulated programme week, and for any later week that went out anyway.
    const latest = Math.max(0, ...[...got.values()].flat().filter((w) => w <= PROGRAMME_WEEKS));
    const perWeek = tallyWeeks(expected, got, Math.max(Math.min(weeks, PROGRAMME_WEEKS), latest));
    const duplicates = perWeek.reduce((n, row) => n + row.duplicates, 0);
    const missed = perWeek.reduce((n, row) => n + row.missed, 0);
    const weekly = emails.filter((e) => /^Week \d+ of/.test(e.subject)).length;
    io.stdout(
      JSON.stringify({
        runners,
        weeks,
        seed,
        stepMinutes,
        mode: fanout ? "fanout" : "direct",
        ticks,
        emails: weekly,
        expected: [...expected.values()].reduce((a, b) => a + b, 0),
        perWeek,
        duplicates,
        missed,
        requests: calls,
        requestsPerEmail: Object.fromEntries(
          Object.entries(calls)
            .filter(([name]) => name !== "QueryCommand")
            .map(([name, n]) => [name, Number((n / Math.max(1, weekly)).toFixed(3))]),
        ),
        queriesPerTick: Number(((calls["QueryCommand"] ?? 0) / ticks).toFixed(3)),
        ...(queue ? { queue: { ...queue.stats, deadLetters: queue.deadLetters.length, consumerErrors: queue.consumerErrors.length } } : {}),
        elapsedMs: Date.now() - started,
      }),
    );
    return duplicates === 0 && missed === 0 && (queue?.deadLetters.length ?? 0) === 0 ? 0 : 1;
  } finally {
    await engines.stop();
  }
};
