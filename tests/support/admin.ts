import { DynamoCheckinRepository } from "../../functions/adapters/dynamodb/checkins.js";
import type { Runner } from "../../functions/domain/profile.js";
import type { Deps } from "../../functions/wiring.js";
import { activeRunner } from "./runners.js";
import { call, httpEvent, postForm } from "./http.js";
import { emailsTo, freshConfig, testDeps, uniqueEmail } from "./stack.js";

/** A mutable clock for session and link expiry. */
export const clock = (start = new Date("2026-12-01T09:00:00Z")) => {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now = new Date(now.getTime() + ms)) };
};

/** Deps on a fresh table with a unique operator on the list. */
export const adminDeps = async (now?: () => Date): Promise<{ deps: Deps; operator: string }> => {
  const operator = uniqueEmail("ops");
  const config = await freshConfig({ LEGWORK_OPERATOR_EMAILS: `${operator},second.${operator}` });
  return { deps: await testDeps({ config, ...(now ? { now } : {}) }), operator };
};

/** The sign-in token in the newest sign-in email to `address` (undefined when none came). */
export const latestSignInToken = async (address: string): Promise<string | undefined> => {
  const mails = await emailsTo(address);
  for (const mail of mails.reverse()) {
    const m = /\/admin\/sign-in\?token=([a-z0-9.]+)/.exec(`${mail.body.html ?? ""}${mail.body.text ?? ""}`);
    if (m) return m[1];
  }
  return undefined;
};

/** Asks for a link by email and returns its token. */
export const requestLink = async (deps: Deps, operator: string): Promise<string> => {
  const res = await postForm(deps, "/admin/sign-in", { email: operator });
  if (res.statusCode !== 202) throw new Error(`sign-in request answered ${res.statusCode}`);
  const token = await latestSignInToken(operator);
  if (!token) throw new Error("no sign-in email");
  return token;
};

/** The cookie pair (`name=value`) from a Set-Cookie header. */
export const cookiePair = (setCookie: string | undefined): string => (setCookie ?? "").split(";")[0] ?? "";

/** Signs in through the routes and returns the Cookie header value and the page's CSRF token. */
export const signedIn = async (deps: Deps, operator: string): Promise<{ cookie: string; csrf: string }> => {
  const token = await requestLink(deps, operator);
  const res = await postForm(deps, "/admin/sign-in", { token });
  const cookie = cookiePair(res.headers["set-cookie"]);
  const page = await call(deps, httpEvent("GET", "/admin", { headers: { cookie } }));
  const csrf = /name="csrf" value="([^"]+)"/.exec(String(page.body))?.[1];
  if (!cookie || !csrf) throw new Error(`sign-in failed: ${res.statusCode}`);
  return { cookie, csrf };
};

/** A form POST with a cookie. */
export const postWithCookie = (deps: Deps, path: string, cookie: string, fields: Record<string, string>) =>
  call(
    deps,
    httpEvent("POST", path, {
      body: new URLSearchParams(fields).toString(),
      contentType: "application/x-www-form-urlencoded",
      headers: { cookie },
    }),
  );

export const getWithCookie = (deps: Deps, path: string, cookie?: string) =>
  call(deps, httpEvent("GET", path, cookie ? { headers: { cookie } } : {}));

/** A runner held for a red flag, the way a reply makes one: a check-in with flags, then the hold. */
export const heldRunner = async (deps: Deps, now: Date, note = "sharp pain in my shin since Tuesday's run"): Promise<Runner> => {
  const runner = await activeRunner(deps, now, { week: 2 });
  const checkins = new DynamoCheckinRepository(deps.doc, deps.config.LEGWORK_TABLE, 365, () => now);
  await checkins.record(runner.id, {
    at: now.toISOString(),
    week: 2,
    soreness: 8,
    areas: ["shins"],
    redFlags: ["sharp_pain"],
    note,
    source: "email",
    sourceId: `m-${runner.id}`,
  });
  const held = await deps.runners.holdForTriage(runner.id, now);
  if (!held) throw new Error("could not hold the runner");
  return held;
};
