import type { OperatorAlerts } from "./alerts.js";
import type { CheckinRepository } from "./checkins.js";
import type { Clock } from "./clock.js";
import type { DueRepository } from "./due.js";
import type { AccountMailer } from "./mailer.js";
import type { OperatorReads, OperatorStore, SendFailureCounter } from "./operator.js";
import type { SendQueue } from "./queue.js";
import type { RawMailStore } from "./raw-mail.js";
import type { ReplySeen } from "./reply-seen.js";
import type { RunnerData } from "./runner-data.js";
import type { RateLimiter, RunnerRepository } from "./runners.js";
import type { SignupQueue } from "./signup-queue.js";
import type { RunnerImporter, SubscriberAdmin } from "./subscribers.js";

/**
 * One port per need a use case has, plus the clock: what the composition root (functions/wiring.ts)
 * builds from adapters. The app adds its settings and link keys (functions/app/deps.ts).
 */
export interface Ports {
  now: Clock;
  runners: RunnerRepository;
  rateLimiter: RateLimiter;
  checkins: CheckinRepository;
  /** The due query and the send claims of the weekly emails. */
  due: DueRepository;
  subscribers: SubscriberAdmin;
  importer: RunnerImporter;
  runnerData: RunnerData;
  operator: OperatorStore;
  operatorReads: OperatorReads & SendFailureCounter;
  replySeen: ReplySeen;
  /** One-off emails (confirmation, welcome, acknowledgements) and the account's limits. */
  mailer: AccountMailer;
  /** The weekly emails (dispatcher and fan-out sender): no provider-side retries. */
  weeklyMailer: AccountMailer;
  /** Raw inbound replies. */
  rawMail: RawMailStore;
  alerts: OperatorAlerts;
  /** The fan-out queue, when fan-out is configured. */
  queue?: SendQueue | undefined;
  /** Signup work after the answer. */
  signupQueue: SignupQueue;
}
