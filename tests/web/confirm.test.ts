import { beforeAll, describe, expect, it } from "vitest";
import { signToken } from "../../functions/domain/tokens.js";
import type { Deps } from "../../functions/wiring.js";
import { nextSendAt } from "../../functions/domain/schedule.js";
import { call, httpEvent, postJson } from "../support/http.js";
import { emailsTo, scanTable, testDeps, uniqueEmail } from "../support/stack.js";

const NOW = new Date("2026-12-02T12:00:00Z");

const signup = async (deps: Deps, email: string): Promise<string> => {
  await postJson(deps, "/api/subscribe", {
    email,
    timezone: "Pacific/Auckland",
    sendDay: "wed",
    sendHour: 19,
    level: "returning",
    consent: true,
  });
  const [mail] = await emailsTo(email);
  const token = /confirm\?token=([a-z0-9.]+)/.exec(mail?.body.html ?? "")?.[1];
  if (!token) throw new Error("no confirmation link");
  return token;
};

const postConfirm = (deps: Deps, token: string) =>
  call(
    deps,
    httpEvent("POST", "/confirm", { body: `token=${encodeURIComponent(token)}`, contentType: "application/x-www-form-urlencoded" }),
  );

describe("confirmation", () => {
  let deps: Deps;
  beforeAll(async () => {
    deps = await testDeps({ role: "web", now: () => NOW });
  });

  it("GET /confirm shows a button and changes nothing; POST activates, schedules week 1 and sends the welcome", async () => {
    const email = uniqueEmail("kiri");
    const token = await signup(deps, email);
    const before = await scanTable(deps);

    const page = await call(deps, httpEvent("GET", `/confirm?token=${token}`));
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/<form[^>]+method="post"[^>]+action="\/confirm"/);
    expect(await scanTable(deps)).toEqual(before);
    expect((await deps.runners.getByEmail(email))?.status).toBe("pending");

    const res = await postConfirm(deps, token);
    expect(res.statusCode).toBe(200);
    const runner = await deps.runners.getByEmail(email);
    expect(runner?.status).toBe("active");
    expect(runner?.nextSendAt).toBe(nextSendAt({ timezone: "Pacific/Auckland", sendDay: "wed", sendHour: 19 }, NOW).toISOString());
    const mails = await emailsTo(email);
    expect(mails).toHaveLength(2);
    expect(mails[1]!.body.text).toMatch(/unsubscribe/i);
  });

  it("a second POST of the same link changes nothing and sends no second welcome", async () => {
    const email = uniqueEmail("twice");
    const token = await signup(deps, email);
    await postConfirm(deps, token);
    const before = await scanTable(deps);
    const again = await postConfirm(deps, token);
    expect(again.statusCode).toBe(200);
    expect(await scanTable(deps)).toEqual(before);
    expect(await emailsTo(email)).toHaveLength(2);
  });

  const badTokens: [string, (deps: Deps, runnerId: string) => string, number][] = [
    [
      "forged",
      (d, id) => signToken(d.keys, { purpose: "confirm", runnerId: id, now: NOW }).replace(/.$/, (c) => (c === "a" ? "b" : "a")),
      400,
    ],
    ["expired", (d, id) => signToken(d.keys, { purpose: "confirm", runnerId: id, now: new Date(NOW.getTime() - 8 * 86_400_000) }), 410],
    ["wrong-purpose", (d, id) => signToken(d.keys, { purpose: "unsubscribe", runnerId: id, now: NOW }), 400],
    [
      "unknown-key",
      (_d, id) => signToken({ current: "zz", keys: { zz: "z".repeat(64) } }, { purpose: "confirm", runnerId: id, now: NOW }),
      400,
    ],
    ["garbage", () => "forged.token.value", 400],
  ];

  it.each(badTokens)("a %s token gets a 4xx on GET and POST and changes nothing", async (_label, make, status) => {
    const email = uniqueEmail("bad");
    await signup(deps, email);
    const runner = await deps.runners.getByEmail(email);
    const token = make(deps, runner!.id);
    const before = await scanTable(deps);
    const get = await call(deps, httpEvent("GET", `/confirm?token=${encodeURIComponent(token)}`));
    const post = await postConfirm(deps, token);
    expect([get.statusCode, post.statusCode]).toEqual([status, status]);
    expect(await scanTable(deps)).toEqual(before);
    expect(await emailsTo(email)).toHaveLength(1);
  });

  it("a POST without any token is a 400 naming the token", async () => {
    // Arrange
    const before = await scanTable(deps);

    // Act
    const form = await call(deps, httpEvent("POST", "/confirm", { body: "x=1", contentType: "application/x-www-form-urlencoded" }));
    const json = await call(deps, httpEvent("POST", "/confirm", { body: "{}", contentType: "application/json" }));

    // Assess
    expect([form.statusCode, json.statusCode]).toEqual([400, 400]);
    // A form gets a page in plain words with a way forward; JSON gets JSON naming the field.
    expect(form.body).toMatch(/This link doesn(&#39;|')t work/);
    expect(form.body).toContain('href="/"');
    expect(JSON.parse(json.body ?? "{}").error.fields).toEqual([{ path: "token", message: "is required" }]);
    expect(await scanTable(deps)).toEqual(before);
  });
});

describe("pages", () => {
  it("GET / serves a short signup form (email, optional name, consent) with the health-data consent and a privacy notice", async () => {
    const deps = await testDeps({ role: "web" });
    const res = await call(deps, httpEvent("GET", "/"));
    expect(res.statusCode).toBe(200);
    const visible = [...(res.body ?? "").matchAll(/<input (?![^>]*type="hidden")[^>]*name="([^"]+)"/g)].map((m) => m[1]);
    expect(visible).toEqual(["email", "name", "website", "consent"]);
    expect(res.body).toContain('href="/privacy"');
    expect((await call(deps, httpEvent("GET", "/privacy"))).body).toMatch(/health data/i);
    expect(res.body).toMatch(/health data/i);
    expect(res.headers["content-security-policy"]).toContain("default-src 'none'");
  });

  it("GET /health answers ok, unknown paths 404 and wrong methods 405", async () => {
    const deps = await testDeps({ role: "web" });
    expect((await call(deps, httpEvent("GET", "/health"))).statusCode).toBe(200);
    expect((await call(deps, httpEvent("GET", "/nope"))).statusCode).toBe(404);
    expect((await call(deps, httpEvent("DELETE", "/api/subscribe"))).statusCode).toBe(405);
    expect((await call(deps, httpEvent("DELETE", "/"))).headers["allow"]).toBe("GET, HEAD");
  });
});
