import { randomBytes } from "node:crypto";
import type { SQSEvent } from "aws-lambda";
import { LocalSendQueue } from "../../functions/adapters/local-queue/send-queue.js";
import { AfterAnswerSignupQueue } from "../../functions/adapters/local-queue/after-answer.js";
import { dispatch } from "../../functions/app/dispatch.js";
import { dispatchDeps } from "../../functions/app/dispatch-deps.js";
import { confirm, subscribe } from "../../functions/app/signup.js";
import type { Config } from "../../functions/config.js";
import { loadConfig } from "../../functions/config.js";
import type { Signup } from "../../functions/domain/profile.js";
import { PROGRAMME_WEEKS } from "../../functions/domain/render/index.js";
import { nextSendAt } from "../../functions/domain/schedule.js";
import { signToken } from "../../functions/domain/tokens.js";
import { createDispatcherHandler } from "../../functions/handlers/dispatcher.js";
import { createSenderHandler } from "../../functions/handlers/sender.js";
import { prng } from "../../functions/lib/seeded.js";
import type { Deps } from "../../functions/wiring.js";
import { buildDeps, createClients } from "../../functions/wiring.js";
import { localContext } from "../../infra/local/lambda-context.js";
import { randomPreferences } from "../bench/sample-preferences.js";

export const HOUR_MS = 3_600_000;
const WEEK_MS = 7 * 24 * HOUR_MS;

/** Names the fan-out queue in config; the simulation's queue is the in-process one, passed to wiring. */
const SIMULATED_QUEUE_URL = "https://sqs.eu-west-1.amazonaws.com/000000000000/legwork-simulate-sends";

export interface SimulateOptions {
  runners: number;
  weeks: number;
  seed: number;
  stepMinutes: number;
  fanout: boolean;
}

/** One simulated deployment: the real wiring on local engines, a clock the run moves, and a count of SDK calls. */
export interface World {
  config: Config;
  deps: Deps;
  clock: { now: Date };
  queue: LocalSendQueue | undefined;
  /** SDK calls by command name, counted while `counting.on` (the scheduled part, after signups). */
  calls: Record<string, number>;
  counting: { on: boolean };
}

/** Counts every DynamoDB and SES call while `counting.on`, to compare with `legwork scale`'s per-email model. */
const countCalls = (clients: Awaited<ReturnType<typeof createClients>>, calls: Record<string, number>, counting: { on: boolean }): void => {
  for (const client of [clients.ddb, clients.ses])
    (client.middlewareStack as { add: (middleware: unknown, options: unknown) => void }).add(
      (next: (args: unknown) => Promise<unknown>, context: { commandName: string }) => async (args: unknown) => {
        if (counting.on) calls[context.commandName] = (calls[context.commandName] ?? 0) + 1;
        return next(args);
      },
      { step: "initialize", name: "simulateCountCalls" },
    );
};

/** Builds the world on engines already running at `endpoints`, its clock at `start`. */
export const buildWorld = async (
  o: SimulateOptions,
  endpoints: { dynamodbEndpoint: string; sesEndpoint: string },
  start: Date,
): Promise<World> => {
  const config = loadConfig({
    ...process.env,
    LEGWORK_TABLE: "legwork-simulate",
    DYNAMODB_ENDPOINT: endpoints.dynamodbEndpoint,
    SES_ENDPOINT: endpoints.sesEndpoint,
    LEGWORK_BASE_URL: "https://coach.legwork.example",
    LEGWORK_TOKEN_KEYS: JSON.stringify({ current: "sim", sim: randomBytes(32).toString("hex") }),
    LEGWORK_SUBSCRIBE_PER_IP_PER_HOUR: String(o.runners * 2),
    ...(o.fanout ? { LEGWORK_FANOUT_QUEUE_URL: SIMULATED_QUEUE_URL } : {}),
  });
  const clock = { now: start };
  // Fan-out: the in-process queue feeds the real sender handler, bound to these very deps.
  let depsBuilt: (deps: Deps) => void = () => undefined;
  const depsReady = new Promise<Deps>((resolve) => (depsBuilt = resolve));
  const sender = createSenderHandler(() => depsReady);
  const queue = o.fanout ? new LocalSendQueue((event: SQSEvent) => sender(event, localContext("legwork-sender", 60_000))) : undefined;
  const clients = await createClients(config);
  const calls: Record<string, number> = {};
  const counting = { on: false };
  countCalls(clients, calls, counting);
  const deps = await buildDeps(config, { ...clients, now: () => clock.now, ...(queue ? { queue } : {}) });
  depsBuilt(deps);
  return { config, deps, clock, queue, calls, counting };
};

/** Signs up and confirms N varied runners; returns how many weekly emails each should get by `end`. */
export const signUpRunners = async (
  { config, deps, clock }: World,
  o: SimulateOptions,
  start: Date,
  end: Date,
  progress: (text: string) => void,
): Promise<Map<string, number>> => {
  const random = prng(o.seed);
  const expected = new Map<string, number>();
  for (let i = 0; i < o.runners; i++) {
    const signup: Signup = { email: `sim${i}.${o.seed}@example.com`, name: `Runner ${i}`, ...randomPreferences(random), consent: true };
    await subscribe(deps, { signup, sourceIp: "198.51.100.10", baseUrl: config.LEGWORK_BASE_URL!, consentSource: "simulate" });
    if (deps.signupQueue instanceof AfterAnswerSignupQueue) await deps.signupQueue.drain(); // the signup's work runs after the answer
    const runner = await deps.runners.getByEmail(signup.email);
    if (!runner) throw new Error(`runner ${i} was not stored`);
    await confirm(deps, {
      token: signToken(deps.keys, { purpose: "confirm", runnerId: runner.id, now: clock.now }),
      baseUrl: config.LEGWORK_BASE_URL!,
    });
    // Weeks this runner should get by the end: every slot after confirmation, up to the programme length.
    let slots = 0;
    for (let t = nextSendAt(signup, start); t <= end && slots < PROGRAMME_WEEKS; t = nextSendAt(signup, t)) slots++;
    expected.set(signup.email, slots);
    if ((i + 1) % 50 === 0) progress(`signed up ${i + 1}/${o.runners}`);
  }
  return expected;
};

/** Moves the clock from `start` to `end` in steps, one dispatcher tick each; returns the number of ticks. */
export const runTicks = async (
  world: World,
  o: SimulateOptions,
  start: Date,
  end: Date,
  progress: (text: string) => void,
): Promise<number> => {
  const { deps, queue, clock } = world;
  const d = dispatchDeps(deps);
  const dispatcher = createDispatcherHandler(async () => deps);
  world.counting.on = true;
  let ticks = 0;
  for (let t = start.getTime(); t <= end.getTime(); t += o.stepMinutes * 60_000) {
    clock.now = new Date(t);
    if (queue) {
      await dispatcher({ time: clock.now.toISOString() }, localContext("legwork-dispatcher", 5 * 60_000));
      await queue.idle(); // the senders finish before simulated time moves on
    } else await dispatch(d, { now: clock.now, remainingMs: () => 15 * 60_000 });
    ticks++;
    if (ticks % Math.max(1, Math.round((7 * 24 * 60) / o.stepMinutes)) === 0)
      progress(`simulated week ${Math.round((t - start.getTime()) / WEEK_MS)}/${o.weeks}`);
  }
  world.counting.on = false;
  return ticks;
};
