import { randomBytes } from "node:crypto";
import type { AppDeps } from "../../../functions/app/deps.js";
import { loadConfig } from "../../../functions/config.js";
import type { Config } from "../../../functions/config.js";
import { parseTokenKeys } from "../../../functions/domain/tokens.js";
import type { OutgoingEmail } from "../../../functions/mail/mime.js";
import type { OperatorAlerts } from "../../../functions/ports/alerts.js";
import type { AccountMailer } from "../../../functions/ports/mailer.js";
import { MemoryCheckinRepository } from "./memory-checkins.js";
import { MemoryOperatorStore, MemoryReplySeen } from "./memory-operator.js";
import { MemoryDueRepository } from "./memory-due.js";
import { MemoryRateLimiter, MemoryRunnerRepository } from "./memory-runners.js";
import { MemorySubscriberAdmin } from "./memory-subscribers.js";
import { MemoryTable } from "./memory-table.js";

export {
  MemoryCheckinRepository,
  MemoryDueRepository,
  MemoryOperatorStore,
  MemoryReplySeen,
  MemoryRateLimiter,
  MemoryRunnerRepository,
  MemorySubscriberAdmin,
  MemoryTable,
};

/** A mailer that keeps every email it is given; `failNext` makes the next send throw (an SES outage). */
export class RecordingMailer implements AccountMailer {
  readonly sent: OutgoingEmail[] = [];
  private failures = 0;

  failNext(times = 1): void {
    this.failures += times;
  }

  async send(email: OutgoingEmail): Promise<{ providerMessageId: string }> {
    if (this.failures > 0) {
      this.failures--;
      throw Object.assign(new Error("the mailer is failing (test)"), { name: "MessageRejected" });
    }
    this.sent.push(email);
    return { providerMessageId: `fake-${this.sent.length}` };
  }

  async sendQuota() {
    return { max24HourSend: -1, sentLast24Hours: 0 };
  }

  async maxSendRate() {
    return 1000;
  }

  to(address: string): OutgoingEmail[] {
    return this.sent.filter((e) => e.to === address);
  }
}

/** Operator alerts that keep every alert. */
export const recordingAlerts = (): OperatorAlerts & { sent: { runnerId: string; redFlags: string[] }[] } => {
  const sent: { runnerId: string; redFlags: string[] }[] = [];
  return { sent, redFlag: async (alert) => void sent.push(alert) };
};

export type FakeDeps = Pick<
  AppDeps,
  "config" | "keys" | "now" | "runners" | "rateLimiter" | "checkins" | "due" | "subscribers" | "alerts" | "operator" | "replySeen"
> & {
  mailer: RecordingMailer;
  table: MemoryTable;
  checkins: MemoryCheckinRepository;
};

/**
 * Use-case dependencies on in-memory fakes of the ports (no engine, no network): the runner ports share
 * one MemoryTable, as the DynamoDB adapters share one table. The contract suites in tests/contracts run
 * every fake against the same cases as its adapter, so the two cannot drift apart.
 */
export const fakeDeps = (options: { now?: () => Date; config?: Partial<Record<keyof Config, string>> } = {}): FakeDeps => {
  const config = loadConfig({
    ...process.env,
    LEGWORK_TOKEN_KEYS: JSON.stringify({ current: "t1", t1: randomBytes(32).toString("hex") }),
    ...options.config,
  });
  const table = new MemoryTable();
  const deps: FakeDeps = {
    config,
    keys: parseTokenKeys(config.LEGWORK_TOKEN_KEYS!),
    now: options.now ?? (() => new Date()),
    table,
    runners: new MemoryRunnerRepository(table),
    rateLimiter: new MemoryRateLimiter(),
    checkins: new MemoryCheckinRepository(table, config.LEGWORK_CHECKIN_RETENTION_DAYS, () => deps.now()),
    due: new MemoryDueRepository(table),
    subscribers: new MemorySubscriberAdmin(table),
    mailer: new RecordingMailer(),
    alerts: recordingAlerts(),
    operator: new MemoryOperatorStore(),
    replySeen: new MemoryReplySeen(),
  };
  return deps;
};
