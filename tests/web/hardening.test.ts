import { describe, expect, it } from "vitest";
import { DynamoSubscriberAdmin } from "../../functions/adapters/dynamodb/subscribers.js";
import { signToken } from "../../functions/domain/tokens.js";
import type { Deps } from "../../functions/wiring.js";
import { recordingAlerts } from "../inbound/support.js";
import { call, httpEvent, postForm, postJson } from "../support/http.js";
import { activeRunner } from "../support/runners.js";
import { validSignup } from "../support/signup.js";
import { emailsTo, freshConfig, scanTable, testDeps, uniqueEmail } from "../support/stack.js";

/** The web surface under abuse: each case fails without its fix (issue 16, "Hardening"). */
const NOW = new Date("2026-12-08T09:00:00Z");
const FORM = "application/x-www-form-urlencoded";
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

describe("multipart and cross-site form posts", () => {
  it("a Chrome multipart signup (mixed-case boundary) is accepted and sends the confirmation", async () => {
    const deps = await testDeps({ role: "web" });
    const email = uniqueEmail("chrome");
    const b = "----WebKitFormBoundaryQ7mA4YWxkTrZu0gW";
    const body =
      [
        ["email", email],
        ["consent", "true"],
      ]
        .map(([k, v]) => `--${b}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`)
        .join("") + `--${b}--\r\n`;
    const res = await call(deps, httpEvent("POST", "/api/subscribe", { body, contentType: `multipart/form-data; boundary=${b}` }));
    expect(res.statusCode).toBe(202);
    expect(await emailsTo(email)).toHaveLength(1);
  });

  it.each([
    ["Origin", { origin: "https://evil.example" }],
    ["Origin null (sandboxed frame)", { origin: "null" }],
    ["Referer only", { referer: "https://evil.example/page" }],
  ])("a form post from another site (%s) gets a 403 page with a way forward; nothing stored or sent", async (_label, headers) => {
    const deps = await testDeps({ role: "web" });
    const email = uniqueEmail("victim");
    const before = await scanTable(deps);
    const res = await call(
      deps,
      httpEvent("POST", "/api/subscribe", { body: form({ email, consent: "true" }), contentType: FORM, headers }),
    );
    expect(res.statusCode).toBe(403);
    expect(res.headers["content-type"]).toMatch(/^text\/html/);
    expect(res.body).toContain("another website");
    expect(res.body).toContain('href="/"');
    expect(await scanTable(deps)).toEqual(before);
    expect(await emailsTo(email)).toHaveLength(0);
  });

  it("this site's own pages, the configured base URL and programs without Origin still post; one-click unsubscribe takes any origin", async () => {
    const deps = await testDeps({ role: "web", config: { ...(await freshConfig()), LEGWORK_BASE_URL: "https://coach.example.org" } });
    const own: Record<string, string>[] = [
      { origin: "https://coach.legwork.example" },
      { origin: "https://coach.example.org" },
      { referer: "https://coach.legwork.example/" },
      {},
    ];
    for (const headers of own) {
      const res = await call(
        deps,
        httpEvent("POST", "/api/subscribe", { body: form({ email: uniqueEmail("own"), consent: "true" }), contentType: FORM, headers }),
      );
      expect(res.statusCode, JSON.stringify(headers)).toBe(202);
    }
    const runner = await activeRunner(deps, NOW);
    const token = signToken(deps.keys, { purpose: "unsubscribe", runnerId: runner.id, now: new Date() });
    const res = await call(
      deps,
      httpEvent("POST", `/unsubscribe?token=${token}`, {
        body: "List-Unsubscribe=One-Click",
        contentType: FORM,
        headers: { origin: "https://mail.example" },
      }),
    );
    expect(res.statusCode).toBe(200);
  });
});

describe("signup limits", () => {
  it("plus-tags and Gmail dots count as one mailbox: the 6th signup in the hour is a 429", async () => {
    const deps = await testDeps({ role: "web" });
    const user = `r.u.n${Date.now()}`;
    const variants = [
      `${user}@gmail.com`,
      `${user}+a@gmail.com`,
      `${user.replace(/\./g, "")}+b@gmail.com`,
      `${user}+c@googlemail.com`,
      `${user.toUpperCase()}+d@GMAIL.com`,
      `${user}+e@gmail.com`,
    ];
    const statuses: number[] = [];
    for (const [i, email] of variants.entries())
      statuses.push((await postJson(deps, "/api/subscribe", validSignup(email), `198.51.100.${i + 1}`)).statusCode ?? 0);
    expect(statuses).toEqual([202, 202, 202, 202, 202, 429]);
  });

  it("a global hourly cap on confirmation emails: past it, signups are answered the same but nothing more is sent", async () => {
    const deps = await testDeps({ role: "web", config: await freshConfig({ LEGWORK_CONFIRMATIONS_PER_HOUR: "2" }) });
    const fixed = { ...deps, now: () => new Date("2031-01-01T10:00:00Z") }; // an hour of its own, whatever else runs
    const emails = [uniqueEmail("cap1"), uniqueEmail("cap2"), uniqueEmail("cap3"), uniqueEmail("cap4")];
    for (const email of emails) expect((await postJson(fixed, "/api/subscribe", validSignup(email))).statusCode).toBe(202);
    const sent = await Promise.all(emails.map(async (e) => (await emailsTo(e)).length));
    expect(sent).toEqual([1, 1, 0, 0]);
  });

  it("the confirmation email never carries the name typed beside an unconfirmed address", async () => {
    const deps = await testDeps({ role: "web" });
    const email = uniqueEmail("noname");
    await postJson(deps, "/api/subscribe", { ...validSignup(email), name: "Mallory Attacker" });
    const [mail] = await emailsTo(email);
    expect(`${mail!.subject}${mail!.body.html}${mail!.body.text}`).not.toContain("Mallory");
  });

  it("time zones are stored as the runtime spells them, from signup and from preferences", async () => {
    const deps = await testDeps({ role: "web" });
    const email = uniqueEmail("tz");
    await postJson(deps, "/api/subscribe", { ...validSignup(email), timezone: "europe/london" });
    const runner = await deps.runners.getByEmail(email);
    expect(runner?.timezone).toBe("Europe/London");
    const active = await activeRunner(deps, NOW);
    const token = signToken(deps.keys, { purpose: "prefs", runnerId: active.id, now: new Date() });
    const res = await postJson(deps, `/preferences?token=${token}`, { timezone: "AMERICA/NEW_YORK" });
    expect(res.statusCode).toBe(200);
    expect((await deps.runners.getById(active.id))?.timezone).toBe("America/New_York");
  });
});

describe("score-link triage", () => {
  it("four red-flag check-ins in a row: all recorded, one triage email and one operator alert", async () => {
    const alerts = recordingAlerts();
    const deps: Deps = { ...(await testDeps({ role: "web" })), alerts };
    const runner = await activeRunner(deps, NOW);
    const token = signToken(deps.keys, { purpose: "checkin", runnerId: runner.id, now: new Date() });
    for (let i = 0; i < 4; i++) {
      const res = await postForm(deps, "/checkin", { token, score: "8", note: "sharp pain in my shin, and it's swollen" });
      expect(res.statusCode).toBe(200);
    }
    const checkins = (await scanTable(deps)).filter(
      (item) => item["pk"] === `RUNNER#${runner.id}` && String(item["sk"]).startsWith("CHECKIN#"),
    );
    expect(checkins).toHaveLength(4);
    expect((await emailsTo(runner.email)).filter((m) => /please get it checked/i.test(m.subject))).toHaveLength(1);
    expect(alerts.sent).toHaveLength(1);
    expect((await deps.runners.getById(runner.id))?.status).toBe("paused");
  });
});

describe("answers in the format asked for, HEAD, and headers", () => {
  it("a form post over the rate limit gets an HTML page; a JSON client gets JSON for a 409", async () => {
    const deps = await testDeps({ role: "web", config: await freshConfig({ LEGWORK_SUBSCRIBE_PER_ADDRESS_PER_HOUR: "1" }) });
    const email = uniqueEmail("fmt");
    await postForm(deps, "/api/subscribe", { email, consent: "true" });
    const limited = await postForm(deps, "/api/subscribe", { email, consent: "true" });
    expect(limited.statusCode).toBe(429);
    expect(limited.headers["content-type"]).toMatch(/^text\/html/);
    expect(limited.body).toContain("try again");
    const runner = await activeRunner(deps, NOW);
    const token = signToken(deps.keys, { purpose: "prefs", runnerId: runner.id, now: new Date() });
    const conflict = await postJson(deps, `/preferences?token=${token}`, { action: "resume" });
    expect(conflict.statusCode).toBe(409);
    expect(conflict.headers["content-type"]).toMatch(/^application\/json/);
    expect(JSON.parse(conflict.body ?? "{}").error.code).toBe("conflict");
  });

  it("HEAD answers on every GET route like GET, without a body; every HTML answer carries a CSP and the usual headers", async () => {
    const deps = await testDeps({ role: "web" });
    const runner = await activeRunner(deps, NOW);
    const t = (purpose: "confirm" | "unsubscribe" | "prefs" | "checkin") =>
      signToken(deps.keys, { purpose, runnerId: runner.id, now: new Date() });
    const paths = [
      "/",
      "/health",
      "/privacy",
      `/confirm?token=${t("confirm")}`,
      `/unsubscribe?token=${t("unsubscribe")}`,
      `/preferences?token=${t("prefs")}`,
      `/checkin?token=${t("checkin")}&score=3`,
      "/nowhere",
      "/confirm?token=bad",
    ];
    for (const path of paths) {
      const get = await call(deps, httpEvent("GET", path));
      const head = await call(deps, httpEvent("HEAD", path));
      expect(head.statusCode, path).toBe(get.statusCode);
      expect(head.body, path).toBe("");
      expect(head.headers["content-type"], path).toBe(get.headers["content-type"]);
      if (!String(get.headers["content-type"]).startsWith("text/html")) continue;
      expect(get.headers["content-security-policy"], path).toMatch(/default-src 'none'.*frame-ancestors 'none'/);
      for (const name of [
        "x-content-type-options",
        "referrer-policy",
        "x-frame-options",
        "strict-transport-security",
        "permissions-policy",
      ])
        expect(get.headers[name], `${path} ${name}`).toBeTruthy();
    }
  });
});

describe("unsubscribe: one note, and undo restores what was there", () => {
  it("10 concurrent unsubscribe button presses send one note", async () => {
    const deps = await testDeps({ role: "web" });
    const runner = await activeRunner(deps, NOW);
    const token = signToken(deps.keys, { purpose: "unsubscribe", runnerId: runner.id, now: new Date() });
    const results = await Promise.all(Array.from({ length: 10 }, () => postForm(deps, `/unsubscribe?token=${token}`, { token })));
    expect(results.map((r) => r.statusCode)).toEqual(Array(10).fill(200));
    expect((await emailsTo(runner.email)).filter((m) => /unsubscribed/i.test(m.subject))).toHaveLength(1);
  });

  it.each([
    [
      "a pause",
      (admin: DynamoSubscriberAdmin, id: string) => admin.pause(id, { until: new Date(Date.now() + 21 * 86_400_000), now: new Date() }),
    ],
    ["a triage hold", (_admin: DynamoSubscriberAdmin, id: string, deps: Deps) => deps.runners.holdForTriage(id, new Date())],
  ])("undo after %s brings it back, not an active runner", async (_label, before) => {
    const deps = await testDeps({ role: "web" });
    const runner = await activeRunner(deps, NOW);
    const admin = new DynamoSubscriberAdmin(deps.doc, deps.config.LEGWORK_TABLE);
    const held = await before(admin, runner.id, deps);
    const token = signToken(deps.keys, { purpose: "unsubscribe", runnerId: runner.id, now: new Date() });
    await postForm(deps, `/unsubscribe?token=${token}`, { token });
    const page = await call(deps, httpEvent("GET", `/unsubscribe?token=${token}`));
    expect(page.body).toContain("Resubscribe");
    expect(page.body).not.toMatch(/>Unsubscribe<\/button/);
    const undo = await postForm(deps, "/unsubscribe/undo", { token });
    expect(undo.body).toContain("Welcome back");
    const back = await deps.runners.getById(runner.id);
    expect(back?.status).toBe("paused");
    expect(back?.pausedUntil).toBe(held?.pausedUntil);
    expect(back?.nextSendAt).toBeUndefined();
    const item = (await scanTable(deps)).find((i) => i["pk"] === `RUNNER#${runner.id}` && i["sk"] === "PROFILE");
    expect(item?.["gsi1pk"]).toEqual(held?.pausedUntil ? expect.stringMatching(/^PAUSED#/) : undefined);
  });
});
