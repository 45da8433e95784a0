import type { CheckinRepository } from "../../functions/ports/checkins.js";
import type { DueRepository } from "../../functions/ports/due.js";
import type { RunnerRepository } from "../../functions/ports/runners.js";
import type { SubscriberAdmin } from "../../functions/ports/subscribers.js";
import { fakeDeps } from "../support/fakes/index.js";
import { testDeps } from "../support/stack.js";

/** The runner-side data ports, built over one store (a table, or one MemoryTable). */
export interface RunnerPorts {
  runners: RunnerRepository;
  subscribers: SubscriberAdmin;
  due: DueRepository;
  checkins: CheckinRepository;
}

/** Builds the ports on a fresh, empty store whose clock is `now`. */
export type MakePorts = (now: () => Date) => Promise<RunnerPorts>;

/**
 * Every implementation the contracts run against: the in-memory fakes, and the DynamoDB adapters on the
 * engine the run started (dynalite under `npm test`, DynamoDB Local under `npm run test:dynamodb-local`).
 */
export const ENGINES: [name: string, make: MakePorts][] = [
  ["memory", async (now) => fakeDeps({ now })],
  ["dynamodb", async (now) => testDeps({ now })],
];
