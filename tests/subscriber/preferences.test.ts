import { beforeAll, describe, expect, it } from "vitest";
import { dispatch } from "../../functions/app/dispatch.js";
import { dispatchDeps } from "../../functions/app/dispatch-deps.js";
import { pauseRunner, resumeDuePaused, resumeRunner } from "../../functions/app/preferences.js";
import { runnerKey } from "../../functions/adapters/dynamodb/keys.js";
import type { Runner } from "../../functions/domain/profile.js";
import { nextSendAt } from "../../functions/domain/schedule.js";
import { signToken } from "../../functions/domain/tokens.js";
import type { Deps } from "../../functions/wiring.js";
import { fakeDeps } from "../support/fakes/index.js";
import { activeRunner } from "../support/runners.js";
import { call, httpEvent } from "../support/http.js";
import { emailsTo, scanTable, testDeps } from "../support/stack.js";
import { clock, postFormTo, postJsonTo, registerSubscriberRoutes } from "./support.js";

// Wednesday noon UTC; the test runner's slot is Monday 07:00 London.
const NOW = "2026-12-02T12:00:00.000Z";
const WEEK = 7 * 86_400_000;

const prefsToken = (deps: Deps, runnerId: string, now = deps.now()) => signToken(deps.keys, { purpose: "prefs", runnerId, now });

const profileItem = async (deps: Deps, id: string) =>
  (await scanTable(deps)).find((i) => i["pk"] === runnerKey(id).pk && i["sk"] === runnerKey(id).sk);

const formOf = (runner: Runner, token: string, changes: Record<string, string | string[]> = {}) => ({
  token,
  action: "save",
  level: runner.level,
  goal: runner.goal,
  runsPerWeek: String(runner.runsPerWeek),
  units: runner.units,
  timezone: runner.timezone,
  sendDay: runner.sendDay,
  sendHour: String(runner.sendHour),
  soreAreas: runner.soreAreas,
  ...changes,
});

const tick = async (deps: Deps, at: Date) => dispatch(dispatchDeps(deps), { now: at, remainingMs: () => 10 * 60_000 });

describe("preferences page", () => {
  const time = clock(NOW);
  let deps: Deps;
  beforeAll(async () => {
    registerSubscriberRoutes();
    deps = await testDeps({ role: "web", now: time.now });
  });

  it("GET shows the form prefilled with every preference, pause and data buttons, and changes nothing", async () => {
    // Prepare
    const runner = await activeRunner(deps, time.now(), {
      soreAreas: ["calves", "knees"],
      sendDay: "thu",
      sendHour: 18,
      units: "imperial",
    });
    const before = await scanTable(deps);
    // Act
    const res = await call(deps, httpEvent("GET", `/preferences?token=${prefsToken(deps, runner.id)}`));
    // Assess
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-security-policy"]).toContain("default-src 'none'");
    expect(res.body).toMatch(/<form[^>]+method="post"[^>]+action="\/preferences"/);
    expect(res.body).toContain('<option value="18" selected>');
    expect(res.body).toContain('<option value="thu" selected>');
    expect(res.body).toContain('<option value="imperial" selected>');
    expect(res.body).toContain('<option value="regular" selected>');
    expect(res.body).toContain('<option value="10k" selected>');
    expect(res.body).toContain('<option value="Europe/London" selected>');
    expect(res.body).toMatch(/name="runsPerWeek"[^>]+value="4"/);
    expect(res.body).toMatch(/name="soreAreas" value="calves"[^>]* checked/);
    expect(res.body).toMatch(/name="soreAreas" value="knees"[^>]* checked/);
    expect(res.body).not.toMatch(/name="soreAreas" value="shins"[^>]* checked/);
    // Whose page it is, and the way out.
    expect(res.body).toContain(runner.email);
    expect(res.body).toMatch(/href="\/unsubscribe\?token=[a-z0-9.]+"/);
    expect(
      (res.body ?? "").match(/<option value="\d+">\d+ weeks?<\/option>|<option value="\d+" selected>\d+ weeks?<\/option>/g),
    ).toHaveLength(12);
    expect(res.body).toMatch(/action="\/api\/export\?token=[a-z0-9.]+"/);
    expect(res.body).toMatch(/action="\/api\/delete\?token=[a-z0-9.]+"/);
    expect(res.body).not.toContain('id="resume"');
    expect(res.body).not.toMatch(/<script/);
    expect(await scanTable(deps)).toEqual(before);
  });

  it("POST with a new send hour saves it and recomputes nextSendAt and the due index", async () => {
    // Prepare
    const runner = await activeRunner(deps, time.now());
    const token = prefsToken(deps, runner.id);
    // Act
    const res = await postFormTo(deps, "/preferences", formOf(runner, token, { sendHour: "18", soreAreas: ["shins", "feet"] }));
    // Assess
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain("Saved.");
    const expected = nextSendAt({ timezone: "Europe/London", sendDay: "mon", sendHour: 18 }, time.now()).toISOString();
    expect(expected).toBe("2026-12-07T18:00:00.000Z");
    const saved = await deps.runners.getById(runner.id);
    expect(saved).toMatchObject({ status: "active", sendHour: 18, nextSendAt: expected, soreAreas: ["shins", "feet"], week: 0 });
    const item = await profileItem(deps, runner.id);
    expect(item?.["gsi1sk"]).toBe(expected);
    expect(String(item?.["gsi1pk"])).toMatch(/^DUE#\d$/);
  });

  it("a form without any sore area ticked clears them; changing only units keeps the schedule", async () => {
    const runner = await activeRunner(deps, time.now(), { soreAreas: ["calves"] });
    const token = prefsToken(deps, runner.id);
    const { soreAreas: _none, ...form } = formOf(runner, token, { units: "imperial" });
    const res = await postFormTo(deps, "/preferences", form);
    expect(res.statusCode).toBe(200);
    const saved = await deps.runners.getById(runner.id);
    expect(saved).toMatchObject({ units: "imperial", soreAreas: [], nextSendAt: runner.nextSendAt });
  });

  it("JSON saves are partial: fields left out keep their values", async () => {
    const runner = await activeRunner(deps, time.now(), { goal: "marathon", soreAreas: ["hips"] });
    const res = await postJsonTo(deps, `/preferences?token=${prefsToken(deps, runner.id)}`, {
      sendDay: "fri",
      timezone: "America/New_York",
      // Not preferences: ignored, never written.
      email: "attacker@example.net",
      status: "completed",
      week: 9,
      id: "someoneelse1",
    });
    expect(res.statusCode).toBe(200);
    const body = JSON.parse(res.body as string);
    const expected = nextSendAt({ timezone: "America/New_York", sendDay: "fri", sendHour: 7 }, time.now()).toISOString();
    expect(body).toMatchObject({
      status: "active",
      nextSendAt: expected,
      preferences: { goal: "marathon", soreAreas: ["hips"], sendDay: "fri" },
    });
    expect(await deps.runners.getById(runner.id)).toMatchObject({
      goal: "marathon",
      sendDay: "fri",
      nextSendAt: expected,
      email: runner.email,
      status: "active",
      week: 0,
    });
  });

  it("invalid input is a 400 naming the fields, the form comes back with the errors, and nothing changes", async () => {
    // Prepare
    const runner = await activeRunner(deps, time.now());
    const token = prefsToken(deps, runner.id);
    const before = await scanTable(deps);
    // Act
    const form = await postFormTo(
      deps,
      "/preferences",
      formOf(runner, token, { sendHour: "25", timezone: "Mars/Olympus", soreAreas: ["elbows"] }),
    );
    const api = await postJsonTo(deps, `/preferences?token=${token}`, { runsPerWeek: 99, level: "elite", units: true });
    // Assess
    expect(form.statusCode).toBe(400);
    // Plain words beside each field, the summary in form order linking to the fields.
    expect(form.body).toContain("Choose the time for your email.");
    expect(form.body).toContain("Choose your time zone from the list.");
    expect(form.body).toContain("Choose sore areas from the list.");
    const summary = /id="error-summary">([\s\S]*?)<\/div>/.exec(form.body ?? "")?.[1] ?? "";
    expect([...summary.matchAll(/href="#(\w+)"/g)].map((m) => m[1])).toEqual(["sendHour", "timezone", "soreAreas"]);
    expect(form.body).toMatch(/id="sendHour"[^>]*aria-invalid="true" aria-describedby="sendHour-error"/);
    expect(form.body).toMatch(/<form[^>]+action="\/preferences"/);
    expect(api.statusCode).toBe(400);
    const paths = (JSON.parse(api.body as string) as { error: { fields: { path: string }[] } }).error.fields.map((f) => f.path).sort();
    expect(paths).toEqual(["level", "runsPerWeek", "units"]);
    expect(await scanTable(deps)).toEqual(before);
  });

  it("an unknown action or a malformed body is a 4xx and changes nothing", async () => {
    const runner = await activeRunner(deps, time.now());
    const token = prefsToken(deps, runner.id);
    const before = await scanTable(deps);
    expect((await postFormTo(deps, "/preferences", { token, action: "explode" })).statusCode).toBe(400);
    expect(
      (await call(deps, httpEvent("POST", `/preferences?token=${token}`, { body: "{not json", contentType: "application/json" })))
        .statusCode,
    ).toBe(400);
    expect(
      (await call(deps, httpEvent("POST", `/preferences?token=${token}`, { body: "[1]", contentType: "application/json" }))).statusCode,
    ).toBe(400);
    expect((await call(deps, httpEvent("POST", `/preferences?token=${token}`, { body: "x", contentType: "text/plain" }))).statusCode).toBe(
      415,
    );
    expect(await scanTable(deps)).toEqual(before);
  });

  const badTokens: [string, (d: Deps, id: string) => string, number][] = [
    ["forged", (d, id) => prefsToken(d, id).replace(/.$/, (c) => (c === "a" ? "b" : "a")), 400],
    ["expired", (d, id) => prefsToken(d, id, new Date(d.now().getTime() - 366 * 86_400_000)), 410],
    ["wrong-purpose", (d, id) => signToken(d.keys, { purpose: "unsubscribe", runnerId: id, now: d.now() }), 400],
    ["data-purpose", (d, id) => signToken(d.keys, { purpose: "data", runnerId: id, now: d.now() }), 400],
    [
      "unknown-key",
      (d, id) => signToken({ current: "zz", keys: { zz: "z".repeat(64) } }, { purpose: "prefs", runnerId: id, now: d.now() }),
      400,
    ],
    ["garbage", () => "not.a.token", 400],
  ];

  it.each(badTokens)("a %s token gets a 4xx on GET and on every POST action, and nothing changes", async (_label, make, status) => {
    const runner = await activeRunner(deps, time.now());
    const token = make(deps, runner.id);
    const before = await scanTable(deps);
    const get = await call(deps, httpEvent("GET", `/preferences?token=${encodeURIComponent(token)}`));
    const save = await postFormTo(deps, "/preferences", formOf(runner, token, { sendHour: "9" }));
    const badSave = await postFormTo(deps, "/preferences", formOf(runner, token, { sendHour: "99" }));
    const pause = await postFormTo(deps, "/preferences", { token, action: "pause", weeks: "2" });
    const resume = await postJsonTo(deps, `/preferences?token=${encodeURIComponent(token)}`, { action: "resume" });
    expect([get, save, badSave, pause, resume].map((r) => r.statusCode)).toEqual([status, status, status, status, status]);
    expect(await scanTable(deps)).toEqual(before);
  });

  it("without a token, GET and POST are 400", async () => {
    expect((await call(deps, httpEvent("GET", "/preferences"))).statusCode).toBe(400);
    expect((await postFormTo(deps, "/preferences", { sendHour: "9" })).statusCode).toBe(400);
  });

  it("a genuine link for a runner who no longer exists is a 404", async () => {
    const res = await call(deps, httpEvent("GET", `/preferences?token=${prefsToken(deps, "gone12345")}`));
    expect(res.statusCode).toBe(404);
  });
});

describe("pause and resume", () => {
  const time = clock(NOW);
  let deps: Deps;
  beforeAll(async () => {
    registerSubscriberRoutes();
    deps = await testDeps({ role: "web", now: time.now });
  });

  it("pause for N weeks: status paused, pausedUntil = now + N weeks, out of the due index; the dispatcher skips it", async () => {
    // Prepare
    time.set(NOW);
    const runner = await activeRunner(deps, time.now());
    const token = prefsToken(deps, runner.id);
    // Act
    const res = await postFormTo(deps, "/preferences", { token, action: "pause", weeks: "3" });
    // Assess
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain("Paused.");
    expect(res.body).toContain('id="resume"');
    const paused = await deps.runners.getById(runner.id);
    expect(paused).toMatchObject({ status: "paused", pausedUntil: new Date(Date.parse(NOW) + 3 * WEEK).toISOString() });
    expect(paused?.nextSendAt).toBeUndefined();
    const item = await profileItem(deps, runner.id);
    expect(String(item?.["gsi1pk"])).toMatch(/^PAUSED#\d$/);
    expect(item?.["gsi1sk"]).toBe(paused?.pausedUntil);
    const result = await tick(deps, new Date(runner.nextSendAt!));
    expect(result.due).toBe(0);
    expect(await emailsTo(runner.email)).toHaveLength(0);
  });

  it.each([["0"], ["13"], ["2.5"], ["two"], [""]])("pause weeks=%j is a 400 naming weeks, and nothing changes", async (weeks) => {
    time.set(NOW);
    const runner = await activeRunner(deps, time.now());
    const token = prefsToken(deps, runner.id);
    const before = await scanTable(deps);
    const form = await postFormTo(deps, "/preferences", { token, action: "pause", weeks });
    const api = await postJsonTo(deps, `/preferences?token=${token}`, { action: "pause", weeks: Number(weeks) || weeks });
    expect(form.statusCode).toBe(400);
    expect(form.body).toContain("Choose a pause of 1 to 12 weeks.");
    expect(api.statusCode).toBe(400);
    expect(JSON.parse(api.body as string).error.fields[0].path).toBe("weeks");
    expect(await scanTable(deps)).toEqual(before);
  });

  it("resume: active again from the next slot after now, same programme week", async () => {
    time.set(NOW);
    const runner = await activeRunner(deps, time.now(), { sendDay: "sat", sendHour: 8 });
    const token = prefsToken(deps, runner.id);
    await postFormTo(deps, "/preferences", { token, action: "pause", weeks: "4" });
    time.set("2026-12-10T09:30:00.000Z");
    const res = await postFormTo(deps, "/preferences", { token, action: "resume" });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain("Welcome back!");
    const expected = nextSendAt({ timezone: "Europe/London", sendDay: "sat", sendHour: 8 }, time.now()).toISOString();
    const resumed = await deps.runners.getById(runner.id);
    expect(resumed).toMatchObject({ status: "active", nextSendAt: expected, week: 0 });
    expect(resumed?.pausedUntil).toBeUndefined();
    const item = await profileItem(deps, runner.id);
    expect(String(item?.["gsi1pk"])).toMatch(/^DUE#\d$/);
    expect(item?.["gsi1sk"]).toBe(expected);
  });

  it("resume when not paused, and pause when not running, are 409s that change nothing", async () => {
    time.set(NOW);
    const active = await activeRunner(deps, time.now());
    const gone = await activeRunner(deps, time.now());
    await deps.runners.unsubscribe(gone.id, time.now());
    const before = await scanTable(deps);
    const resume = await postFormTo(deps, "/preferences", { token: prefsToken(deps, active.id), action: "resume" });
    const pause = await postFormTo(deps, "/preferences", { token: prefsToken(deps, gone.id), action: "pause", weeks: "2" });
    expect([resume.statusCode, pause.statusCode]).toEqual([409, 409]);
    expect(await scanTable(deps)).toEqual(before);
  });

  it("a runner held after a red flag cannot turn the hold into a pause that ends by itself, and can resume", async () => {
    // Arrange
    time.set(NOW);
    const runner = await activeRunner(deps, time.now());
    await deps.runners.holdForTriage(runner.id, time.now());
    const token = prefsToken(deps, runner.id);
    const before = await scanTable(deps);

    // Act
    const pause = await postFormTo(deps, "/preferences", { token, action: "pause", weeks: "2" });
    const afterPause = await scanTable(deps);
    const resume = await postFormTo(deps, "/preferences", { token, action: "resume" });

    // Assess
    expect(pause.statusCode).toBe(409);
    expect(pause.body).toContain("already paused until you resume it");
    expect(afterPause).toEqual(before);
    expect(resume.statusCode).toBe(200);
    expect(await deps.runners.getById(runner.id)).toMatchObject({ status: "active", nextSendAt: expect.any(String) });
  });

  it("saving preferences while paused keeps the pause (and its wake-up) and schedules nothing", async () => {
    time.set(NOW);
    const runner = await activeRunner(deps, time.now());
    const token = prefsToken(deps, runner.id);
    await postFormTo(deps, "/preferences", { token, action: "pause", weeks: "2" });
    const pausedItem = await profileItem(deps, runner.id);
    const res = await postFormTo(deps, "/preferences", formOf(runner, token, { sendHour: "6", sendDay: "tue" }));
    expect(res.statusCode).toBe(200);
    const item = await profileItem(deps, runner.id);
    expect(item).toMatchObject({
      status: "paused",
      sendHour: 6,
      sendDay: "tue",
      gsi1pk: pausedItem?.["gsi1pk"],
      gsi1sk: pausedItem?.["gsi1sk"],
    });
    expect(item?.["nextSendAt"]).toBeUndefined();
  });
});

describe("paused runners wake up by themselves", () => {
  it("resumeDuePaused wakes only ended pauses, at the first slot after pausedUntil, and the dispatcher then sends", async () => {
    // Prepare: one runner paused for 1 week, one for 3 weeks, on a fresh table.
    const time = clock(NOW);
    registerSubscriberRoutes();
    const deps = await testDeps({ role: "web", now: time.now });
    const short = await activeRunner(deps, time.now());
    const long = await activeRunner(deps, time.now());
    await postFormTo(deps, "/preferences", { token: prefsToken(deps, short.id), action: "pause", weeks: "1" });
    await postFormTo(deps, "/preferences", { token: prefsToken(deps, long.id), action: "pause", weeks: "3" });
    const pausedUntil = new Date(Date.parse(NOW) + WEEK);

    // Act + Assess: before the end nothing wakes and nothing changes.
    const before = await scanTable(deps);
    expect(await resumeDuePaused(deps, new Date(pausedUntil.getTime() - 60_000))).toEqual({ woken: 0, skipped: 0 });
    expect(await scanTable(deps)).toEqual(before);

    // After the end of the short pause: it alone wakes, due at the first slot after pausedUntil.
    const wakeAt = new Date(pausedUntil.getTime() + 15 * 60_000);
    expect(await resumeDuePaused(deps, wakeAt)).toEqual({ woken: 1, skipped: 0 });
    const woken = await deps.runners.getById(short.id);
    const slot = nextSendAt(short, pausedUntil).toISOString();
    expect(slot).toBe("2026-12-14T07:00:00.000Z");
    expect(woken).toMatchObject({ status: "active", nextSendAt: slot, week: 0 });
    expect(woken?.pausedUntil).toBeUndefined();
    expect((await deps.runners.getById(long.id))?.status).toBe("paused");
    expect(await resumeDuePaused(deps, wakeAt)).toEqual({ woken: 0, skipped: 0 });

    // The dispatcher at the slot sends week 1 to the woken runner only.
    const result = await tick(deps, new Date(slot));
    expect(result).toMatchObject({ due: 1, sent: 1 });
    expect(await emailsTo(short.email)).toHaveLength(1);
    expect(await emailsTo(long.email)).toHaveLength(0);
    expect((await deps.runners.getById(short.id))?.week).toBe(1);
  });

  it("a runner resumed by hand or unsubscribed meanwhile is not woken again", async () => {
    // On in-memory ports: the wake-up reads and writes only through subscriber control.
    const deps = fakeDeps({ now: () => new Date(NOW) });
    const [resumed, unsubscribed] = [await activeRunner(deps, deps.now()), await activeRunner(deps, deps.now())];
    for (const runner of [resumed, unsubscribed]) await pauseRunner(deps, runner.id, 1);
    await resumeRunner(deps, resumed.id);
    await deps.runners.unsubscribe(unsubscribed.id, deps.now());
    const before = await deps.runners.list();
    expect(await resumeDuePaused(deps, new Date(Date.parse(NOW) + 2 * WEEK))).toEqual({ woken: 0, skipped: 0 });
    expect(await deps.runners.list()).toEqual(before);
  });
});
