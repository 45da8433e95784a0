import { startEngines } from "../../infra/local/stack.js";
import type { CliIo } from "../shared/io.js";
import type { FlagSpec } from "../shared/io.js";
import { parseArgs } from "../shared/io.js";
import { tallyRun, weeklyEmails } from "../simulate/tally.js";
import type { SimulateOptions, World } from "../simulate/world.js";
import { HOUR_MS, buildWorld, runTicks, signUpRunners } from "../simulate/world.js";

/** Hourly ticks by default: see USAGE for why not the schedule's 15 minutes. */
export const DEFAULT_STEP_MINUTES = 60;

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

/** The options as whole numbers, or undefined when one is not a whole number ≥ 1. */
const readOptions = (options: Record<string, string | true>): SimulateOptions | undefined => {
  const o = {
    runners: Number(options["runners"] ?? 50),
    weeks: Number(options["weeks"] ?? 10),
    seed: Number(options["seed"] ?? 1),
    stepMinutes: Number(options["step-minutes"] ?? DEFAULT_STEP_MINUTES),
    fanout: options["fanout"] === true,
  };
  const whole = [o.runners, o.weeks, o.seed, o.stepMinutes].every(Number.isInteger);
  return whole && o.runners >= 1 && o.weeks >= 1 && o.stepMinutes >= 1 ? o : undefined;
};

/** The JSON the command prints, SDK calls per weekly email beside the tally. */
const report = (
  o: SimulateOptions,
  world: World,
  ticks: number,
  weekly: number,
  expected: Map<string, number>,
  tally: ReturnType<typeof tallyRun>,
) => {
  const { calls, queue } = world;
  return {
    runners: o.runners,
    weeks: o.weeks,
    seed: o.seed,
    stepMinutes: o.stepMinutes,
    mode: o.fanout ? "fanout" : "direct",
    ticks,
    emails: weekly,
    expected: [...expected.values()].reduce((a, b) => a + b, 0),
    perWeek: tally.perWeek,
    duplicates: tally.duplicates,
    missed: tally.missed,
    requests: calls,
    requestsPerEmail: Object.fromEntries(
      Object.entries(calls)
        .filter(([name]) => name !== "QueryCommand")
        .map(([name, n]) => [name, Number((n / Math.max(1, weekly)).toFixed(3))]),
    ),
    queriesPerTick: Number(((calls["QueryCommand"] ?? 0) / ticks).toFixed(3)),
    ...(queue ? { queue: { ...queue.stats, deadLetters: queue.deadLetters.length, consumerErrors: queue.consumerErrors.length } } : {}),
  };
};

export const run = async (argv: string[], io: CliIo): Promise<number> => {
  const o = readOptions(parseArgs(argv).options);
  if (!o) {
    io.stderr(USAGE);
    return 2;
  }
  const started = Date.now();
  process.env["AWS_ACCESS_KEY_ID"] ??= "local";
  process.env["AWS_SECRET_ACCESS_KEY"] ??= "local";
  process.env["AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED"] ??= "true";
  const engines = await startEngines({ dynamodbPort: 0, sesPort: 0, table: "legwork-simulate", maxSendRate: 1000 });
  try {
    const start = new Date(Date.UTC(2027, 2, 1)); // the March DST changes fall inside the run
    const end = new Date(start.getTime() + o.weeks * 7 * 24 * HOUR_MS);
    const world = await buildWorld(o, engines, start);
    const expected = await signUpRunners(world, o, start, end, (t) => io.stderr(t));
    const ticks = await runTicks(world, o, start, end, (t) => io.stderr(t));
    const { got, weekly } = await weeklyEmails(engines.sesEndpoint);
    const tally = tallyRun(expected, got, o.weeks);
    io.stdout(JSON.stringify({ ...report(o, world, ticks, weekly, expected, tally), elapsedMs: Date.now() - started }));
    return tally.duplicates === 0 && tally.missed === 0 && (world.queue?.deadLetters.length ?? 0) === 0 ? 0 : 1;
  } finally {
    await engines.stop();
  }
};
