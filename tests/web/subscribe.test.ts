import { beforeAll, describe, expect, it } from "vitest";
import type { Deps } from "../../functions/wiring.js";
import { parseBody } from "../../functions/web/shared/http.js";
import { ACCEPTED_BODY } from "../../functions/web/routes/subscribe.js";
import { call, httpEvent, postForm, postJson } from "../support/http.js";
import { validSignup } from "../support/signup.js";
import { emailsTo, freshConfig, scanTable, testDeps, uniqueEmail } from "../support/stack.js";

const valid = validSignup;

const fieldsOf = (body: string | undefined): string[] =>
  (JSON.parse(body ?? "{}") as { error: { fields: { path: string }[] } }).error.fields.map((f) => f.path);

describe("POST /api/subscribe", () => {
  let deps: Deps;
  beforeAll(async () => {
    deps = await testDeps({ role: "web" });
  });

  it("accepts a valid signup with 202, stores a pending runner and sends one confirmation email", async () => {
    // Prepare
    const email = uniqueEmail("ada");
    // Act
    const res = await postJson(deps, "/api/subscribe", { ...valid(email), email: `  ${email.toUpperCase()} ` });
    // Assess
    expect(res.statusCode).toBe(202);
    expect(JSON.parse(res.body ?? "")).toEqual(ACCEPTED_BODY);
    const runner = await deps.runners.getByEmail(email);
    expect(runner).toMatchObject({ email, status: "pending", week: 0, timezone: "Europe/London", soreAreas: ["calves"] });
    const mail = await emailsTo(email);
    expect(mail).toHaveLength(1);
    expect(mail[0]!.body.html).toMatch(/\/confirm\?token=[a-z0-9.]+/);
    expect(mail[0]!.body.text).toMatch(/\/confirm\?token=[a-z0-9.]+/);
  });

  it("stores usualRunMinutes and runDays when given (the plan starts from them)", async () => {
    const email = uniqueEmail("uma");
    const res = await postJson(deps, "/api/subscribe", { ...valid(email), usualRunMinutes: "45", runDays: ["sun", "wed"] });
    expect(res.statusCode).toBe(202);
    expect(await deps.runners.getByEmail(email)).toMatchObject({ usualRunMinutes: 45, runDays: ["wed", "sun"] });
  });

  it("answers a known address exactly as a new one and sends no second email within 24 h", async () => {
    const email = uniqueEmail("known");
    const first = await postJson(deps, "/api/subscribe", valid(email));
    const before = await scanTable(deps);
    const second = await postJson(deps, "/api/subscribe", { ...valid(email), name: "Someone Else", sendHour: 5 });
    expect(second.statusCode).toBe(first.statusCode);
    expect(second.body).toBe(first.body);
    expect(await emailsTo(email)).toHaveLength(1);
    const after = await scanTable(deps);
    expect(after.filter((i) => !String(i["pk"]).startsWith("RATE#"))).toEqual(before.filter((i) => !String(i["pk"]).startsWith("RATE#")));
  });

  it("sends again ('send the email again') after 10 minutes, at most 3 a day to one mailbox", async () => {
    let now = new Date("2026-12-01T10:00:00Z");
    const clocked = await testDeps({ role: "web", now: () => now });
    const email = uniqueEmail("later");
    const at = async (minutes: number) => {
      now = new Date(Date.parse("2026-12-01T10:00:00Z") + minutes * 60_000);
      expect((await postJson(clocked, "/api/subscribe", valid(email))).statusCode).toBe(202);
      return (await emailsTo(email)).length;
    };
    expect(await at(0)).toBe(1);
    expect(await at(9)).toBe(1);
    expect(await at(11)).toBe(2);
    expect(await at(22)).toBe(3);
    expect(await at(70)).toBe(3);
    now = new Date("2026-12-02T10:00:00Z");
    expect((await postJson(clocked, "/api/subscribe", valid(email))).statusCode).toBe(202);
    expect(await emailsTo(email)).toHaveLength(4);
  });

  const badBodies: [string, () => unknown, string][] = [
    ["an invalid email", () => ({ ...valid(), email: "not-an-email" }), "email"],
    ["missing consent", () => ({ ...valid(), consent: undefined }), "consent"],
    ["consent false", () => ({ ...valid(), consent: false }), "consent"],
    ["an unknown time zone", () => ({ ...valid(), timezone: "Mars/Olympus" }), "timezone"],
    ["sendHour 99", () => ({ ...valid(), sendHour: 99 }), "sendHour"],
    ["an unknown soreArea", () => ({ ...valid(), soreAreas: ["calves", "elbows"] }), "soreAreas"],
    ["runsPerWeek 15", () => ({ ...valid(), runsPerWeek: 15 }), "runsPerWeek"],
    ["usualRunMinutes 500", () => ({ ...valid(), usualRunMinutes: 500 }), "usualRunMinutes"],
    ["an unknown run day", () => ({ ...valid(), runDays: ["mon", "someday"] }), "runDays"],
    ["a 61-character name", () => ({ ...valid(), name: "n".repeat(61) }), "name"],
    ["an unknown level", () => ({ ...valid(), level: "elite" }), "level"],
    ["a JSON array", () => [valid()], "body"],
    ["JSON null", () => null, "body"],
  ];

  it.each(badBodies)("rejects %s with 400 naming the field and changes nothing", async (_label, body, field) => {
    const before = await scanTable(deps);
    const res = await postJson(deps, "/api/subscribe", body());
    expect(res.statusCode).toBe(400);
    expect(fieldsOf(res.body)).toContain(field);
    expect(await scanTable(deps)).toEqual(before);
  });

  it.each([
    [
      "a 40 KB body",
      () =>
        httpEvent("POST", "/api/subscribe", {
          body: JSON.stringify({ ...valid(), name: "x".repeat(40_000) }),
          contentType: "application/json",
        }),
      413,
      "body",
    ],
    ["broken JSON", () => httpEvent("POST", "/api/subscribe", { body: "{not json", contentType: "application/json" }), 400, "body"],
    ["a text/xml body", () => httpEvent("POST", "/api/subscribe", { body: "<signup/>", contentType: "text/xml" }), 415, "content-type"],
    ["no content type", () => httpEvent("POST", "/api/subscribe", { body: JSON.stringify(valid()) }), 415, "content-type"],
  ] as const)("rejects %s with the contract's 4xx and changes nothing", async (_label, event, status, field) => {
    const before = await scanTable(deps);
    const res = await call(deps, event());
    expect(res.statusCode).toBe(status);
    expect(fieldsOf(res.body)).toContain(field);
    expect(await scanTable(deps)).toEqual(before);
  });

  it("accepts a form post and shows the check-your-inbox page", async () => {
    const email = uniqueEmail("form");
    const res = await postForm(deps, "/api/subscribe", {
      email,
      level: "returning",
      goal: "10k",
      runsPerWeek: "4",
      units: "imperial",
      timezone: "America/Los_Angeles",
      sendDay: "sat",
      sendHour: "6",
      soreAreas: ["shins", "knees"],
      consent: "true",
      website: "",
    });
    expect(res.statusCode).toBe(202);
    expect(res.headers["content-type"]).toMatch(/text\/html/);
    expect(res.body).toContain("Check your inbox");
    expect(await deps.runners.getByEmail(email)).toMatchObject({ units: "imperial", soreAreas: ["shins", "knees"], runsPerWeek: 4 });
  });

  it("shows the form again with the problem named when a form post is invalid, and changes nothing", async () => {
    const before = await scanTable(deps);
    const res = await postForm(deps, "/api/subscribe", { email: "nope", timezone: "Mars/Olympus" });
    expect(res.statusCode).toBe(400);
    // Plain words, in form order, beside the fields and marked for assistive technology.
    const summary = /<div class="errors"[^>]*>([\s\S]*?)<\/div>/.exec(res.body ?? "")?.[1] ?? "";
    expect(summary.indexOf("Enter your email address")).toBeGreaterThanOrEqual(0);
    expect(summary.indexOf("Choose your time zone")).toBeGreaterThan(summary.indexOf("Enter your email address"));
    expect(summary.indexOf("Tick the box")).toBeGreaterThan(summary.indexOf("Choose your time zone"));
    expect(summary).toContain('href="#email"');
    expect(res.body).not.toMatch(/must be|is not valid/);
    expect(res.body).toMatch(/id="email"[^>]*aria-invalid="true" aria-describedby="email-error"/);
    expect(res.body).toContain('value="nope"');
    expect(await scanTable(deps)).toEqual(before);
  });

  it("quietly ignores a bot that fills the honeypot field", async () => {
    const email = uniqueEmail("bot");
    const res = await postJson(deps, "/api/subscribe", { ...valid(email), website: "http://spam.example" });
    expect(res.statusCode).toBe(202);
    expect(await deps.runners.getByEmail(email)).toBeUndefined();
    expect(await emailsTo(email)).toHaveLength(0);
  });
});

describe("signup rate limits", () => {
  it("answers 429 with Retry-After past the per-IP limit", async () => {
    const limited = await testDeps({ role: "web", config: await freshConfig({ LEGWORK_SUBSCRIBE_PER_IP_PER_HOUR: "2" }) });
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await postJson(limited, "/api/subscribe", valid(), "198.51.100.1")).statusCode ?? 0);
    expect(statuses).toEqual([202, 202, 429]);
    const other = await postJson(limited, "/api/subscribe", valid(), "198.51.100.2");
    expect(other.statusCode).toBe(202);
  });

  it("answers 429 past the per-address limit, whichever IP asks", async () => {
    const limited = await testDeps({ role: "web", config: await freshConfig({ LEGWORK_SUBSCRIBE_PER_ADDRESS_PER_HOUR: "2" }) });
    const email = uniqueEmail("flood");
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++)
      statuses.push((await postJson(limited, "/api/subscribe", valid(email), `192.0.2.${i + 1}`)).statusCode ?? 0);
    expect(statuses).toEqual([202, 202, 429]);
    const res = await postJson(limited, "/api/subscribe", valid(email), "192.0.2.99");
    expect(res.headers["retry-after"]).toMatch(/^\d+$/);
    expect(await emailsTo(email)).toHaveLength(1);
  });
});

describe("form bodies", () => {
  it.each([
    ["urlencoded", "application/x-www-form-urlencoded", "__proto__=x&constructor=y&constructor=z&toString=t&email=a%40example.com"],
    [
      "multipart",
      "multipart/form-data; boundary=b",
      ["__proto__", "x", "constructor", "y", "constructor", "z", "toString", "t", "email", "a@example.com"]
        .reduce<string[]>(
          (parts, v, i, all) => (i % 2 ? parts : [...parts, `--b\r\nContent-Disposition: form-data; name="${v}"\r\n\r\n${all[i + 1]}\r\n`]),
          [],
        )
        .join("") + "--b--\r\n",
    ],
  ])("%s: fields named after Object.prototype's members are plain fields, never inherited values", (_kind, contentType, body) => {
    // Act
    const parsed = parseBody(httpEvent("POST", "/api/subscribe", { body, contentType }));

    // Assess
    if (parsed.kind !== "form") throw new Error(`expected a form body, got ${parsed.kind}`);
    const fields: Record<string, unknown> = parsed.value;
    expect(Object.getPrototypeOf(fields)).toBe(null);
    expect(Object.entries(fields)).toEqual([
      ["__proto__", "x"],
      ["constructor", ["y", "z"]],
      ["toString", "t"],
      ["email", "a@example.com"],
    ]);
  });
});
