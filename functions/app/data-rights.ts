import { normaliseEmail } from "../domain/profile.js";
import { signToken, verifyToken } from "../domain/tokens.js";
import { logger } from "../lib/logger.js";
import { repliesPrefix } from "../ports/raw-mail.js";
import type { AppDeps } from "./deps.js";
import { RunnerNotFoundError } from "./subscriber-errors.js";

/**
 * Data rights: a runner can download everything Legwork holds on them, or delete all of it.
 * The routes take a `data` token (7 days). The preferences page, reached with the long-lived `prefs`
 * link, signs a fresh `data` token into its export and delete forms; a `prefs` token alone is refused
 * by the data routes, so each purpose stays separate and a data link dies within a week.
 */

/** The data-rights use cases read the runner's records through `runnerData`, and raw replies through `rawMail`. */
export type DataDeps = Pick<AppDeps, "keys" | "now" | "runners" | "runnerData" | "rawMail">;

export interface RunnerDataExport {
  exportedAt: string;
  /** The profile and programme state, without table keys or send claims. */
  profile: Record<string, unknown>;
  checkins: Record<string, unknown>[];
  /** Every weekly email sent: week, time, Message-ID. */
  sends: unknown[];
  /** Keys of the stored raw replies (the emails the runner sent us). */
  replies: string[];
  /** Any other record kept about the runner. */
  other: Record<string, unknown>[];
}

/** A fresh data-rights token for the preferences page's forms. */
export const dataToken = (deps: Pick<DataDeps, "keys" | "now">, runnerId: string): string =>
  signToken(deps.keys, { purpose: "data", runnerId, now: deps.now() });

/**
 * Everything held on a runner, or undefined when there is no profile.
 * @example const data = await collectRunnerData(deps, runner.id);
 */
export const collectRunnerData = async (
  deps: Pick<DataDeps, "now" | "runnerData" | "rawMail">,
  runnerId: string,
): Promise<RunnerDataExport | undefined> => {
  const records = await deps.runnerData.records(runnerId);
  if (!records) return undefined;
  const { sends, ...profile } = records.profile;
  return {
    exportedAt: deps.now().toISOString(),
    profile,
    checkins: records.checkins,
    sends: Array.isArray(sends) ? sends : [],
    replies: await deps.rawMail.list(repliesPrefix(runnerId)),
    other: records.other,
  };
};

/** POST /api/export: the runner's data for a `data` token. */
export const exportData = async (deps: DataDeps, token: string): Promise<RunnerDataExport> => {
  const runnerId = verifyToken(deps.keys, token, "data", deps.now()).runnerId;
  const data = await collectRunnerData(deps, runnerId);
  if (!data) throw new RunnerNotFoundError();
  logger.info("runner data exported", { runnerId });
  return data;
};

export interface ErasureResult {
  items: number;
  replies: number;
}

/**
 * Deletes everything about a runner: raw replies first (a failure leaves the table intact, so the
 * same request can be retried), then every table item, the profile last; then the reply folder once
 * more, in case a reply landed meanwhile.
 * @example await eraseRunner(deps, runner.id, runner.email);
 */
export const eraseRunner = async (deps: DataDeps, runnerId: string, email: string | undefined): Promise<ErasureResult> => {
  const store = deps.rawMail;
  const prefix = repliesPrefix(runnerId);
  let replies = 0;
  const sweep = async () => {
    for (const key of await store.list(prefix)) {
      await store.delete(key);
      replies++;
    }
  };
  await sweep();
  const items = await deps.runnerData.deleteAll(runnerId, email);
  await sweep();
  logger.info("runner data deleted", { runnerId, items, replies });
  return { items, replies };
};

/** POST /api/delete: erases the runner of a `data` token. Deleting twice is fine (nothing is left to find). */
export const deleteData = async (deps: DataDeps, token: string): Promise<ErasureResult> => {
  const runnerId = verifyToken(deps.keys, token, "data", deps.now()).runnerId;
  const runner = await deps.runners.getById(runnerId);
  return eraseRunner(deps, runnerId, runner?.email);
};

/**
 * The operator's `subscribers delete EMAIL`: erases whoever the address belongs to, including a
 * left-over email item whose profile is gone. Undefined when the address is unknown.
 */
export const deleteByEmail = async (deps: DataDeps, email: string): Promise<(ErasureResult & { runnerId: string }) | undefined> => {
  const address = normaliseEmail(email);
  const runnerId = await deps.runnerData.emailOwner(address);
  if (!runnerId) return undefined;
  return { runnerId, ...(await eraseRunner(deps, runnerId, address)) };
};
