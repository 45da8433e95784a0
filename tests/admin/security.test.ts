import { describe, expect, it } from "vitest";
import { signToken } from "../../functions/domain/tokens.js";
import { SESSION_COOKIE } from "../../functions/web/admin/session.js";
import { call, httpEvent, postForm } from "../support/http.js";
import {
  adminDeps,
  clock,
  cookiePair,
  getWithCookie,
  heldRunner,
  latestSignInToken,
  postWithCookie,
  requestLink,
  signedIn,
} from "../support/admin.js";
import { emailsTo, scanTable, uniqueEmail } from "../support/stack.js";

const PAGES = ["/admin", "/admin/triage", "/admin/runners?q=held", "/admin/test-send"];

/** Nothing about any runner: no address, no name, no reply text, no id. */
const revealsNothing = (body: unknown, runner: { email: string; id: string }) => {
  const text = String(body);
  expect(text).not.toContain(runner.email);
  expect(text).not.toContain(runner.id);
  expect(text).not.toContain("sharp pain in my shin");
};

describe("/admin without a valid session reveals nothing", () => {
  it("no cookie: every page is the sign-in form (the overview with 200, the rest 401), with no runner data", async () => {
    const t = clock();
    const { deps } = await adminDeps(t.now);
    const runner = await heldRunner(deps, t.now());
    for (const path of PAGES) {
      const res = await getWithCookie(deps, path);
      expect(res.statusCode).toBe(path === "/admin" ? 200 : 401);
      expect(String(res.body)).toContain('action="/admin/sign-in"');
      revealsNothing(res.body, runner);
    }
    const timeline = await getWithCookie(deps, `/admin/runners/${runner.id}`);
    expect(timeline.statusCode).toBe(401);
    revealsNothing(timeline.body, runner);
  });

  it("a forged cookie, one signed with another key, one for another purpose, or an expired one show nothing", async () => {
    const t = clock();
    const { deps, operator } = await adminDeps(t.now);
    const runner = await heldRunner(deps, t.now());
    const { cookie } = await signedIn(deps, operator);
    const value = cookie.slice(SESSION_COOKIE.length + 1);
    const otherKeys = { current: "k9", keys: { k9: "x".repeat(40) } };
    const forged = [
      "forged.session.value",
      value.slice(0, -3) + "aaa",
      signToken(otherKeys, { purpose: "session", runnerId: value.split(".")[1]!.slice(1), now: t.now() }),
      signToken(deps.keys, { purpose: "prefs", runnerId: runner.id, now: t.now() }),
    ];
    for (const bad of forged) {
      const res = await getWithCookie(deps, `/admin/runners?q=${encodeURIComponent(runner.email)}`, `${SESSION_COOKIE}=${bad}`);
      expect(res.statusCode).toBe(401);
      revealsNothing(res.body, runner);
    }
    // A genuine session works until its 8 hours are up, then shows nothing.
    expect((await getWithCookie(deps, `/admin/runners?q=${encodeURIComponent(runner.email)}`, cookie)).body).toContain(runner.email);
    t.advance(8 * 3600_000 + 1000);
    const expired = await getWithCookie(deps, `/admin/runners?q=${encodeURIComponent(runner.email)}`, cookie);
    expect(expired.statusCode).toBe(401);
    revealsNothing(expired.body, runner);
  });

  it("the sign-in link: GET changes nothing and sets no cookie; POST signs in once; used, forged or expired links sign nobody in", async () => {
    const t = clock();
    const { deps, operator } = await adminDeps(t.now);
    const token = await requestLink(deps, operator);
    const before = await scanTable(deps);
    const get = await call(deps, httpEvent("GET", `/admin/sign-in?token=${token}`));
    expect(get.statusCode).toBe(200);
    expect(get.headers["set-cookie"]).toBeUndefined();
    expect(await scanTable(deps)).toEqual(before);

    const first = await postForm(deps, "/admin/sign-in", { token });
    expect(first.statusCode).toBe(303);
    expect(first.headers["set-cookie"]).toMatch(
      new RegExp(`^${SESSION_COOKIE}=[^;]+; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age=28800$`),
    );
    const again = await postForm(deps, "/admin/sign-in", { token });
    expect(again.statusCode).toBe(400);
    expect(again.headers["set-cookie"]).toBeUndefined();

    const forged = await postForm(deps, "/admin/sign-in", { token: token.slice(0, -2) + "aa" });
    expect([forged.statusCode, forged.headers["set-cookie"]]).toEqual([400, undefined]);
    const late = await requestLink(deps, operator);
    t.advance(15 * 60_000 + 1000);
    const expired = await postForm(deps, "/admin/sign-in", { token: late });
    expect([expired.statusCode, expired.headers["set-cookie"]]).toEqual([410, undefined]);
  });

  it("asking for a link answers the same for any address and emails only the operator list", async () => {
    const { deps, operator } = await adminDeps();
    const stranger = uniqueEmail("stranger");
    const a = await postForm(deps, "/admin/sign-in", { email: stranger });
    const b = await postForm(deps, "/admin/sign-in", { email: operator.toUpperCase() });
    expect([a.statusCode, a.body]).toEqual([b.statusCode, b.body]);
    expect(a.statusCode).toBe(202);
    expect(await emailsTo(stranger)).toEqual([]);
    expect(await latestSignInToken(operator)).toBeDefined();
    const bad = await postForm(deps, "/admin/sign-in", { email: "" });
    expect(bad.statusCode).toBe(400);
  });

  it("a POST in a session without the right CSRF token is refused (403) and changes nothing", async () => {
    const t = clock();
    const { deps, operator } = await adminDeps(t.now);
    const runner = await heldRunner(deps, t.now());
    const { cookie, csrf } = await signedIn(deps, operator);
    const before = await scanTable(deps);
    const attempts: Record<string, string>[] = [
      { note: "cleared" },
      { note: "cleared", csrf: "x" + csrf.slice(1) },
      { note: "cleared", csrf: "" },
    ];
    for (const fields of attempts) {
      const res = await postWithCookie(deps, `/admin/triage/${runner.id}/resume`, cookie, fields);
      expect(res.statusCode).toBe(403);
    }
    const sent = await postWithCookie(deps, "/admin/test-send", cookie, { to: operator, type: "weekly", week: "1" });
    expect(sent.statusCode).toBe(403);
    expect(await scanTable(deps)).toEqual(before);
    // Another session's token does not work here either.
    const other = await signedIn(deps, `second.${operator}`);
    expect((await postWithCookie(deps, `/admin/triage/${runner.id}/resume`, cookie, { note: "x", csrf: other.csrf })).statusCode).toBe(403);
  });

  it("sign-out ends the session: the same cookie shows nothing afterwards", async () => {
    const { deps, operator } = await adminDeps();
    const { cookie, csrf } = await signedIn(deps, operator);
    const out = await postWithCookie(deps, "/admin/sign-out", cookie, { csrf });
    expect(out.statusCode).toBe(200);
    expect(cookiePair(out.headers["set-cookie"])).toBe(`${SESSION_COOKIE}=`);
    expect((await getWithCookie(deps, "/admin/triage", cookie)).statusCode).toBe(401);
  });
});
