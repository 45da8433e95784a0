import type { Runner } from "../../domain/profile.js";
import { createHash } from "node:crypto";

/** Item keys of the single Legwork table. */
export const DUE_SHARDS = 4;

export const runnerKey = (id: string) => ({ pk: `RUNNER#${id}`, sk: "PROFILE" }) as const;
export const emailKey = (email: string) => ({ pk: `EMAIL#${email}`, sk: "EMAIL" }) as const;
export const checkinKey = (id: string, at: string) => ({ pk: `RUNNER#${id}`, sk: `CHECKIN#${at}` }) as const;

/** Spreads due runners over a few partitions so one hot key never takes the whole send. */
export const dueShard = (id: string): string => {
  const n = createHash("sha256").update(id).digest().readUInt32BE(0) % DUE_SHARDS;
  return `DUE#${n}`;
};

export const GSI_DUE = "gsi1";

const PROFILE_KEYS = new Set(["pk", "sk", "gsi1pk", "gsi1sk", "ttl"]);

/** Strips table keys so callers see a plain Runner. */
export const toRunner = (item: Record<string, unknown>): Runner => {
  const runner: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(item)) if (!PROFILE_KEYS.has(k)) runner[k] = v;
  return runner as unknown as Runner;
};
