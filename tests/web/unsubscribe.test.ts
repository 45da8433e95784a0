import type { IncomingHttpHeaders } from "node:http";
import { describe, expect, it, onTestFinished } from "vitest";
import { DynamoDueRepository } from "../../functions/adapters/dynamodb/due.js";
import { dispatch } from "../../functions/app/dispatch.js";
import { signToken } from "../../functions/domain/tokens.js";
import type { OutgoingEmail } from "../../functions/mail/mime.js";
import { buildMime } from "../../functions/mail/mime.js";
import type { Mailer } from "../../functions/ports/mailer.js";
import type { Deps } from "../../functions/wiring.js";
import { call, httpEvent, postForm } from "../support/http.js";
import { activeRunner } from "../support/runners.js";
import { emailsTo, freshConfig, scanTable, testDeps } from "../support/stack.js";
import { startWeb } from "../support/web-server.js";
import { clock } from "../subscriber/support.js";

const START = new Date("2026-12-01T00:00:00Z");
const DAY = 86_400_000;

const tick = (deps: Deps, now: Date, mailer: Mailer = deps.mailer) =>
  dispatch(
    { config: deps.config, keys: deps.keys, due: new DynamoDueRepository(deps.doc, deps.config.LEGWORK_TABLE), mailer, sendRate: 1000 },
    { now, remainingMs: () => 300_000 },
  );

/** Every value of one header in a raw message, folded lines unfolded. */
const headerValues = (raw: Buffer, name: string): string[] => {
  const head = raw
    .toString("latin1")
    .split("\r\n\r\n")[0]!
    .replace(/\r\n[ \t]+/g, " ");
  return [...head.matchAll(new RegExp(`^${name}:[ \\t]*(.*)$`, "gim"))].map((m) => m[1]!.trim());
};

/**
 * An active runner whose week 1 the real dispatcher sent through aws-ses-v2-local, links pointing at a
 * real local web server, and the exact MIME bytes of that email (buildMime is deterministic: the same
 * email gives the same bytes). `url` is what a mailbox provider reads from the List-Unsubscribe header.
 */
const setup = async () => {
  const config = await freshConfig();
  const time = clock(START.toISOString());
  const deps = await testDeps({ role: "web", config, now: time.now });
  const web = await startWeb(deps);
  onTestFinished(() => web.close());
  // As under `npm start`, links point at this server: http://127.0.0.1:PORT here, https://… in production.
  config.LEGWORK_BASE_URL = web.url;
  const requests: { method: string; url: string; headers: IncomingHttpHeaders }[] = [];
  web.server.on("request", (req) => requests.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers }));

  const runner = await activeRunner(deps, START);
  const sent: OutgoingEmail[] = [];
  const recorder: Mailer = {
    send: (email) => {
      sent.push(email);
      return deps.mailer.send(email);
    },
  };
  const sendAt = new Date(runner.nextSendAt!);
  expect(await tick(deps, sendAt, recorder)).toMatchObject({ due: 1, sent: 1 });
  expect(await emailsTo(runner.email)).toHaveLength(1);
  time.set(new Date(sendAt.getTime() + 3_600_000));

  const raw = await buildMime(sent[0]!);
  const [listUnsubscribe, ...more] = headerValues(raw, "List-Unsubscribe");
  expect(more).toEqual([]);
  expect(headerValues(raw, "List-Unsubscribe-Post")).toEqual(["List-Unsubscribe=One-Click"]);
  const url = /^<([^>]+)>$/.exec(listUnsubscribe ?? "")?.[1];
  expect(url).toMatch(new RegExp(`^${web.url.replace(/\./g, "\\.")}/unsubscribe\\?token=[a-z0-9.]+$`));
  const token = new URL(url!).searchParams.get("token")!;
  return { deps, web, runner, url: url!, token, sendAt, requests };
};

/**
 * Ticks at the runner's next three weekly slots and a year on; nothing may go out. A tick takes every
 * runner due at or before its instant, so these cover every moment in between.
 */
const expectNoMoreMail = async (deps: Deps, runner: { email: string }, lastSend: Date) => {
  const count = (await emailsTo(runner.email)).length;
  for (const days of [7, 14, 21, 365])
    expect(await tick(deps, new Date(lastSend.getTime() + days * DAY)), `tick after ${days} days`).toEqual({
      due: 0,
      sent: 0,
      skipped: 0,
      failed: 0,
    });
  expect(await emailsTo(runner.email)).toHaveLength(count);
};

const expectUnsubscribed = async (deps: Deps, runnerId: string) => {
  const stored = await deps.runners.getById(runnerId);
  expect(stored?.status).toBe("unsubscribed");
  expect(stored?.nextSendAt).toBeUndefined();
  const profile = (await scanTable(deps)).find((i) => i["pk"] === `RUNNER#${runnerId}` && i["sk"] === "PROFILE");
  expect(profile).not.toHaveProperty("gsi1pk");
};

/** Headers Gmail's one-click POST never carries: the request must work without any of them. */
const CREDENTIALS = ["cookie", "authorization", "origin", "referer"];

describe("unsubscribe", () => {
  it("takes effect at once for exactly what Gmail posts to the List-Unsubscribe URL (RFC 8058, real HTTP, no cookies, no auth), and no tick sends again", async () => {
    // Prepare
    const { deps, runner, url, sendAt, requests } = await setup();
    // Act: Gmail POSTs to the header's URL, urlencoded body "List-Unsubscribe=One-Click", nothing else.
    const res = await fetch(url, {
      method: "POST",
      body: "List-Unsubscribe=One-Click",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      redirect: "manual",
    });
    // Assess
    expect(res.status).toBe(200);
    expect(res.headers.get("set-cookie")).toBeNull();
    const [request] = requests;
    expect(requests).toHaveLength(1);
    expect(request).toMatchObject({ method: "POST", url: url.slice(url.indexOf("/unsubscribe")) });
    expect(request!.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    for (const name of CREDENTIALS) expect(request!.headers, name).not.toHaveProperty(name);
    await expectUnsubscribed(deps, runner.id);
    // A one-click unsubscribe sends nothing more, not even a note (README, "Subscriber control").
    expect((await emailsTo(runner.email)).map((m) => m.subject)).not.toContain("You're unsubscribed from Legwork");
    await expectNoMoreMail(deps, runner, sendAt);
  });

  it("takes effect for the multipart/form-data one-click body over real HTTP too, and no tick sends again", async () => {
    // Prepare
    const { deps, runner, url, sendAt, requests } = await setup();
    const form = new FormData();
    form.append("List-Unsubscribe", "One-Click");
    // Act
    const res = await fetch(url, { method: "POST", body: form, redirect: "manual" });
    // Assess
    expect(res.status).toBe(200);
    expect(requests[0]!.headers["content-type"]).toMatch(/^multipart\/form-data; boundary=/);
    for (const name of CREDENTIALS) expect(requests[0]!.headers, name).not.toHaveProperty(name);
    await expectUnsubscribed(deps, runner.id);
    await expectNoMoreMail(deps, runner, sendAt);
  });

  // A Lambda Function URL passes the body base64-encoded (isBase64Encoded: true) unless the content
  // type is text/* or JSON, so in AWS both one-click encodings arrive like this. (The local HTTP
  // adapter passes form bodies as text, so the two tests above never reach this shape.)
  const boundary = "----gmail0ne";
  it.each([
    ["application/x-www-form-urlencoded", "List-Unsubscribe=One-Click"],
    [
      `multipart/form-data; boundary=${boundary}`,
      `--${boundary}\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n--${boundary}--\r\n`,
    ],
  ])("takes effect for a base64-encoded %s body, as a Function URL delivers it, and no tick sends again", async (contentType, body) => {
    // Prepare
    const { deps, runner, url, sendAt } = await setup();
    const target = new URL(url);
    const event = httpEvent("POST", `${target.pathname}${target.search}`, { body: Buffer.from(body, "utf8"), contentType });
    expect(event.isBase64Encoded).toBe(true);
    expect(event.body).toBe(Buffer.from(body).toString("base64"));
    // Act
    const res = await call(deps, event);
    // Assess
    expect(res.statusCode).toBe(200);
    await expectUnsubscribed(deps, runner.id);
    await expectNoMoreMail(deps, runner, sendAt);
  });

  it("the unsubscribe confirmation links the preferences page, which works while unsubscribed and never resubscribes", async () => {
    // Prepare
    const { deps, web, runner, url, sendAt } = await setup();
    // The page's button (not one-click) sends the note with the undo and preferences links.
    const button = new URLSearchParams({ token: new URL(url).searchParams.get("token")! });
    expect(
      (await fetch(url, { method: "POST", body: button, headers: { "content-type": "application/x-www-form-urlencoded" } })).status,
    ).toBe(200);
    const note = (await emailsTo(runner.email)).at(-1)!;
    expect(note.subject).toBe("You're unsubscribed from Legwork");
    const prefsRe = new RegExp(`${web.url.replace(/\./g, "\\.")}/preferences\\?token=([a-z0-9.]+)`);
    const prefsUrl = prefsRe.exec(note.body.html ?? "")?.[0];
    expect(prefsUrl).toBeDefined();
    expect(note.body.text).toContain(prefsUrl);
    const token = new URL(prefsUrl!).searchParams.get("token")!;

    // Act + Assess: the page opens, says where the runner stands, and offers no pause or resume.
    const page = await fetch(prefsUrl!);
    const pageHtml = await page.text();
    expect(page.status).toBe(200);
    expect(pageHtml).toContain("You are unsubscribed, so no coaching emails will come.");
    expect(pageHtml).not.toMatch(/id="(pause|resume)"/);
    expect(pageHtml).toMatch(/action="\/api\/export\?token=/);

    // Saving changes the settings and nothing else: still unsubscribed, not scheduled.
    const form = new URLSearchParams({
      token,
      action: "save",
      level: "regular",
      goal: "10k",
      runsPerWeek: "4",
      units: "imperial",
      timezone: "Europe/London",
      sendDay: "fri",
      sendHour: "18",
    });
    const saved = await fetch(`${web.url}/preferences`, {
      method: "POST",
      body: form,
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(saved.status).toBe(200);
    expect(await saved.text()).toContain("Saved. You are unsubscribed");
    expect(await deps.runners.getById(runner.id)).toMatchObject({
      status: "unsubscribed",
      units: "imperial",
      sendDay: "fri",
      sendHour: 18,
    });
    await expectUnsubscribed(deps, runner.id);

    // Resume and pause are refused while unsubscribed; only the undo link brings emails back.
    for (const action of ["resume", "pause"]) {
      const res = await fetch(`${web.url}/preferences`, {
        method: "POST",
        body: new URLSearchParams({ token, action, weeks: "2" }),
        headers: { "content-type": "application/x-www-form-urlencoded" },
      });
      expect(res.status, action).toBe(409);
    }
    await expectUnsubscribed(deps, runner.id);
    await expectNoMoreMail(deps, runner, sendAt);
  });

  it("GET shows a button and changes nothing; undo brings the emails back", async () => {
    // Prepare
    const { deps, runner, token } = await setup();
    const before = await scanTable(deps);
    // Act
    const page = await call(deps, httpEvent("GET", `/unsubscribe?token=${token}`));
    // Assess
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/<form[^>]+method="post"/);
    expect(await scanTable(deps)).toEqual(before);

    const done = await postForm(deps, `/unsubscribe?token=${token}`, { token });
    expect(done.body).toContain("/unsubscribe/undo");
    const undo = await postForm(deps, "/unsubscribe/undo", { token });
    expect(undo.body).toContain("Welcome back");
    const back = await deps.runners.getById(runner.id);
    expect(back?.status).toBe("active");
    expect(back?.week).toBe(1);
  });

  it.each([
    ["forged", (t: string) => t.replace(/.$/, (c) => (c === "a" ? "b" : "a"))],
    ["wrong purpose", (_t: string, deps: Deps, id: string) => signToken(deps.keys, { purpose: "confirm", runnerId: id, now: START })],
  ] as const)("a %s token is a 4xx and changes nothing", async (_label, mutate) => {
    // Prepare
    const { deps, runner, token } = await setup();
    const bad = mutate(token, deps, runner.id);
    const before = await scanTable(deps);
    // Act
    const res = await call(
      deps,
      httpEvent("POST", `/unsubscribe?token=${bad}`, {
        body: "List-Unsubscribe=One-Click",
        contentType: "application/x-www-form-urlencoded",
      }),
    );
    // Assess
    expect(res.statusCode).toBe(400);
    expect(await scanTable(deps)).toEqual(before);
  });
});
