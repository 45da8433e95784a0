import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FsRawMailStore } from "../../functions/adapters/fs/raw-mail.js";
import { registerRoutes } from "../../functions/web/router.js";
import { postDelete, postExport } from "../../functions/web/routes/data.js";
import { getPreferences, postPreferences } from "../../functions/web/routes/preferences.js";
import type { Deps } from "../../functions/wiring.js";
import { call, httpEvent } from "../support/http.js";
import { testDeps } from "../support/stack.js";

/** The routes this feature adds, registered the way the lead will in functions/web/router.ts. */
export const registerSubscriberRoutes = (): void =>
  registerRoutes({
    "GET /preferences": getPreferences,
    "POST /preferences": postPreferences,
    "POST /api/export": postExport,
    "POST /api/delete": postDelete,
  });

/** Real deps on a fresh table, plus a raw-reply store in a fresh temporary folder. */
export const subscriberDeps = async (
  options: Parameters<typeof testDeps>[0] = {},
): Promise<Deps & { rawMail: FsRawMailStore; rawMailDir: string }> => {
  const deps = await testDeps(options);
  const rawMailDir = await mkdtemp(join(tmpdir(), "legwork-replies-"));
  return Object.assign(deps, { rawMail: new FsRawMailStore(rawMailDir), rawMailDir });
};

/** A mutable clock for time travel inside one test file. */
export const clock = (start: string) => {
  let now = new Date(start);
  return {
    now: () => now,
    set: (iso: string | Date) => {
      now = new Date(iso);
    },
  };
};

export const postFormTo = (deps: Deps, path: string, fields: Record<string, string | string[]>) => {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) params.append(k, x);
  return call(deps, httpEvent("POST", path, { body: params.toString(), contentType: "application/x-www-form-urlencoded" }));
};

export const postJsonTo = (deps: Deps, path: string, body: unknown) =>
  call(deps, httpEvent("POST", path, { body: JSON.stringify(body), contentType: "application/json" }));
