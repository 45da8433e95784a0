import { DynamoRunnerData } from "../adapters/dynamodb/runner-data.js";
import { normaliseEmail } from "../domain/profile.js";
import { signToken, verifyToken } from "../domain/tokens.js";
import { logger } from "../lib/logger.js";
import { repliesPrefix } from "../ports/raw-mail.js";
import type { Deps } from "../wiring.js";
import { RunnerNotFoundError } from "./subscriber-errors.js";

/**
 * Data rights: a runner can download everything Legwork holds on them, or delete all of it.
 * The routes take a `data` token (7 days). The preferences page, reached with the long-lived `prefs`
 * link, signs a fresh `data` token into its export and delete forms; a `prefs` token alone is refused
 * by the data routes, so each purpose stays separate and a data link dies within a week.
 */

/** The data-rights use cases read runner data through Deps, and raw replies through `deps.rawMail`. */
export type DataDeps = Deps;

const dataOf = (deps: Deps): DynamoRunnerData => new DynamoRunnerData(deps.doc, deps.config.LEGWORK_TABLE);

/** Table plumbing that says nothing about the runner: keys, index attributes, send claims. */
const INTERNAL = new Set(["pk", "sk", "gsi1pk", "gsi1sk", "ttl", "claimWeek", "claimUntil", "claimId", "lastSoftBounceId"]);
const CHECKIN_PREFIX = "CHECKIN#";

const strip = (item: Record<string, unknown>, also: string[] = []): Record<string, unknown> => {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(item)) if (!INTERNAL.has(k) && !also.includes(k)) out[k] = v;
  return out;
};

const expiry = (item: Record<string, unknown>): { expiresAt?: string } =>
  typeof item["ttl"] === "number" ? { expiresAt: new Date(item["ttl"] * 1000).toISOString() } : {};

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
export const dataToken = (deps: Deps, runnerId: string): string => signToken(deps.keys, { purpose: "data", runnerId, now: deps.now() });

/**
 * Everything held on a runner, or undefined when there is no profile.
 * @example const data = await collectRunnerData(deps, runner.id);
 */
export const collectRunnerData = async (deps: DataDeps, runnerId: string): Promise<RunnerDataExport | undefined> => {
  const items = await dataOf(deps).itemsOf(runnerId);
  const profile = items.find((i) => i["sk"] === "PROFILE");
  if (!profile) return undefined;
  return {
    exportedAt: deps.now().toISOString(),
    profile: strip(profile, ["sends"]),
    checkins: items
      .filter((i) => String(i["sk"]).startsWith(CHECKIN_PREFIX))
      .map((i) => ({ at: String(i["sk"]).slice(CHECKIN_PREFIX.length), ...strip(i), ...expiry(i) })),
    sends: Array.isArray(profile["sends"]) ? profile["sends"] : [],
    replies: await deps.rawMail.list(repliesPrefix(runnerId)),
    other: items
      .filter((i) => i !== profile && !String(i["sk"]).startsWith(CHECKIN_PREFIX))
      .map((i) => ({ record: String(i["sk"]).split("#")[0], ...strip(i), ...expiry(i) })),
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
  const items = await dataOf(deps).deleteAll(runnerId, email);
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
  const runnerId = await dataOf(deps).emailOwner(address);
  if (!runnerId) return undefined;
  return { runnerId, ...(await eraseRunner(deps, runnerId, address)) };
};
