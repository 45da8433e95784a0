import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { SESv2Client } from "@aws-sdk/client-sesv2";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { DynamoDueRepository } from "../../functions/adapters/dynamodb/due.js";
import { FsRawMailStore } from "../../functions/adapters/fs/raw-mail.js";
import type { DispatchResult } from "../../functions/app/dispatch.js";
import { dispatch } from "../../functions/app/dispatch.js";
import { handleInbound } from "../../functions/app/inbound.js";
import type { Config } from "../../functions/config.js";
import type { Runner } from "../../functions/domain/profile.js";
import { signToken } from "../../functions/domain/tokens.js";
import { logger } from "../../functions/lib/logger.js";
import type { HttpResult } from "../../functions/web/shared/http.js";
import type { Deps } from "../../functions/wiring.js";
import { buildDeps } from "../../functions/wiring.js";
import { call, httpEvent, postJson } from "../support/http.js";
import { activeRunner } from "../support/runners.js";
import { emailsTo, freshConfig, scanTable, uniqueEmail } from "../support/stack.js";
import type { StoredEmail } from "../support/stack.js";
import { startWeb } from "../support/web-server.js";
import { messageIdOf, replyDelivery } from "./support.js";

/*
 * Security checks through the real flows: hostile text in a name, a check-in note and reply text is
 * escaped in every page and every email; CR/LF never reaches a header; link tokens survive key
 * rotation over real HTTP; and a full flow logs no address, name or reply text.
 */

const HOUR = 3_600_000;
/** A name that tries all three: a script element, an attribute break-out and a header injection. */
const HOSTILE_NAME = '<script>alert(1)</script>"onload=alert(2)\r\nX-Evil: 1';
const HOSTILE_NOTE = '<script>alert(3)</script> "onload=alert(4) calves 5\r\nBcc: evil@example.com';
// Not shaped like HOSTILE_NAME: a reply that repeats the greeting's words ("Hi <name>,") is read as a quote of
// Legwork's own email and removed (functions/domain/reply/own-mail.ts), so it would never be quoted back.
const HOSTILE_REPLY = '<img src=x onerror=alert(5)> "onload=alert(6) calves about a 4\r\nBcc: evil@example.com';

/** What must never appear in HTML as it is: an element or an attribute an attacker chose. */
const RAW_FRAGMENTS = ["<script>alert", '"onload=', "<img src=x", 'onload=alert(2)"', "<script"];

const assertNoRawPayload = (where: string, html: string | undefined): void => {
  const text = html ?? "";
  for (const fragment of RAW_FRAGMENTS.slice(0, 3)) expect(text.includes(fragment), `${where} contains ${fragment} unescaped`).toBe(false);
  // Legwork's own pages carry one inline script (the time-zone helper); emails carry none.
  const scripts = text.match(/<script\b[^>]*>[\s\S]*?<\/script>/gi) ?? [];
  for (const script of scripts) expect(script, `${where} has an injected script`).not.toMatch(/alert\(/);
};

/** Raw MIME of every email sent through a client: the header section is what CR/LF injection would hit. */
const recordingSes = (config: Config, sink: Buffer[]): SESv2Client => {
  const client = new SESv2Client({ region: config.AWS_REGION, endpoint: config.SES_ENDPOINT, maxAttempts: 3 });
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const data = (args.input as { Content?: { Raw?: { Data?: Uint8Array } } }).Content?.Raw?.Data;
      if (context.commandName === "SendEmailCommand" && data) sink.push(Buffer.from(data));
      return next(args);
    },
    { step: "initialize", name: "recordRawMime" },
  );
  return client;
};

const headerLines = (raw: Buffer): string[] => raw.subarray(0, raw.indexOf("\r\n\r\n")).toString("latin1").split("\r\n");

describe("hostile text is escaped in every page and every email", () => {
  let now = new Date("2027-03-01T09:00:00Z");
  let deps: Deps;
  const raws: Buffer[] = [];
  const pages: [string, HttpResult][] = [];
  let email: string;
  let runner: Runner;

  const page = async (label: string, res: Promise<HttpResult>): Promise<HttpResult> => {
    const result = await res;
    pages.push([label, result]);
    return result;
  };
  const tokenIn = (text: string | undefined, path: string): string => {
    const token = new RegExp(`${path}\\?token=([a-z0-9.]+)`).exec(text ?? "")?.[1];
    if (!token) throw new Error(`no ${path} link found`);
    return token;
  };
  const form = (fields: Record<string, string | string[]>) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) params.append(k, x);
    return params.toString();
  };
  const postForm = (path: string, fields: Record<string, string | string[]>) =>
    call(deps, httpEvent("POST", path, { body: form(fields), contentType: "application/x-www-form-urlencoded" }));
  const runDispatch = (at: Date): Promise<DispatchResult> => {
    now = at;
    return dispatch(
      {
        config: deps.config,
        keys: deps.keys,
        due: new DynamoDueRepository(deps.doc, deps.config.LEGWORK_TABLE),
        mailer: deps.mailer,
        sendRate: 1000,
      },
      { now: at, remainingMs: () => 300_000 },
    );
  };
  const latest = async (): Promise<StoredEmail> => (await emailsTo(email)).at(-1)!;

  beforeAll(async () => {
    const config = await freshConfig();
    deps = await buildDeps(config, { ses: recordingSes(config, raws), now: () => now });
    Object.assign(deps, { rawMail: new FsRawMailStore(await mkdtemp(join(tmpdir(), "legwork-security-replies-"))) });
    email = uniqueEmail("hostile");

    // Signup page, and the form shown again with the hostile values.
    await page("GET /", call(deps, httpEvent("GET", "/")));
    const again = await page(
      "POST /api/subscribe (form, invalid)",
      postForm("/api/subscribe", { email, name: HOSTILE_NAME, timezone: "Mars/Olympus", consent: "true" }),
    );
    expect(again.statusCode).toBe(400);
    expect(again.body).toContain("&lt;script&gt;alert(1)&lt;/script&gt;&quot;onload=alert(2)");

    // Signup, confirmation email, confirm pages, welcome email.
    expect(
      (
        await postJson(deps, "/api/subscribe", {
          email,
          name: HOSTILE_NAME,
          timezone: "Europe/London",
          sendDay: "tue",
          sendHour: 7,
          consent: true,
        })
      ).statusCode,
    ).toBe(202);
    const confirmToken = tokenIn((await latest()).body.html, "/confirm");
    await page("GET /confirm", call(deps, httpEvent("GET", `/confirm?token=${confirmToken}`)));
    expect((await page("POST /confirm", postForm("/confirm", { token: confirmToken }))).statusCode).toBe(200);
    const welcome = await latest();
    const prefsToken = tokenIn(welcome.body.html, "/preferences");
    const unsubscribeToken = tokenIn(welcome.body.html, "/unsubscribe");
    runner = (await deps.runners.getByEmail(email))!;

    // Preferences: the page, a save, and a rejected save that shows the hostile values again.
    await page("GET /preferences", call(deps, httpEvent("GET", `/preferences?token=${prefsToken}`)));
    await page(
      "POST /preferences (form)",
      postForm("/preferences", {
        token: prefsToken,
        level: "regular",
        goal: "10k",
        timezone: "Europe/London",
        sendDay: "tue",
        sendHour: "7",
      }),
    );
    const rejected = await page(
      "POST /preferences (form, invalid)",
      postForm("/preferences", { token: prefsToken, timezone: HOSTILE_NOTE, sendHour: HOSTILE_NAME }),
    );
    expect(rejected.statusCode).toBe(400);

    // Week 1, its check-in link page, a check-in with a hostile note, then week 2 (which adapts to it).
    await runDispatch(new Date(runner.nextSendAt!));
    const checkinToken = tokenIn((await latest()).body.html, "/checkin");
    const checkinPage = await page("GET /checkin", call(deps, httpEvent("GET", `/checkin?token=${checkinToken}&score=5`)));
    expect(checkinPage.body).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    await page("POST /checkin", postForm("/checkin", { token: checkinToken, score: "5", note: HOSTILE_NOTE }));
    await runDispatch(new Date((await deps.runners.getById(runner.id))!.nextSendAt!));

    // Replies: a check-in (ack), PAUSE, RESUME, a red flag (triage), RESUME, STOP; each answered by email.
    const replies = [
      HOSTILE_REPLY,
      `PAUSE 2 weeks ${HOSTILE_REPLY}`,
      "RESUME",
      `Sharp pain in my shin and it's swollen. ${HOSTILE_REPLY}`,
      "RESUME",
      `STOP ${HOSTILE_REPLY}`,
    ];
    for (const [i, text] of replies.entries()) {
      now = new Date(now.getTime() + HOUR);
      const outcome = await handleInbound(
        deps,
        replyDelivery(deps, runner, `ses-hostile-${i}-${randomBytes(3).toString("hex")}`, text, now),
      );
      expect(["checkin", "command", "triage"]).toContain(outcome.kind);
    }

    // Unsubscribe pages.
    await page("GET /unsubscribe", call(deps, httpEvent("GET", `/unsubscribe?token=${unsubscribeToken}`)));
    // The page's button (a one-click POST sends no note; the button's note is one more email to check).
    await page("POST /unsubscribe", postForm(`/unsubscribe?token=${unsubscribeToken}`, { token: unsubscribeToken, reason: "other" }));
    await page("POST /unsubscribe/undo", call(deps, httpEvent("POST", `/unsubscribe/undo?token=${unsubscribeToken}`)));

    // Every page again with hostile parameters instead of tokens.
    const evil = encodeURIComponent('"><script>alert(7)</script>');
    for (const path of ["/confirm", "/unsubscribe", "/preferences", "/checkin"]) {
      await page(`GET ${path} (hostile token)`, call(deps, httpEvent("GET", `${path}?token=${evil}&score=${evil}`)));
      await page(
        `POST ${path} (hostile token)`,
        postForm(path, { token: '"><script>alert(8)</script>', score: "<script>", note: HOSTILE_NOTE }),
      );
    }
    await page("GET /checkin (hostile score)", call(deps, httpEvent("GET", `/checkin?token=${checkinToken}&score=${evil}`)));
  }, 120_000);

  it("every page leaves the hostile text escaped", () => {
    expect(pages.length).toBeGreaterThanOrEqual(20);
    for (const [label, res] of pages) {
      expect(res.statusCode, label).toBeLessThan(500);
      if ((res.headers["content-type"] ?? "").startsWith("text/html")) assertNoRawPayload(label, res.body);
      else expect(res.headers["content-type"], label).toMatch(/^application\/json/);
    }
  });

  it("every email (confirmation, welcome, weekly ×2, ack, pause, resume, triage, stop) shows it only escaped", async () => {
    const mails = await emailsTo(email);
    const subjects = mails.map((m) => m.subject);
    expect(mails.length, subjects.join(" | ")).toBe(11);
    for (const mail of mails) {
      assertNoRawPayload(`email "${mail.subject}"`, mail.body.html);
      // The confirmation goes to an address nobody has confirmed yet: the name typed beside it is not in it at all.
      if (mail.subject.startsWith("Confirm")) expect(`${mail.body.html}${mail.body.text}`, mail.subject).not.toMatch(/alert\(1\)/);
      else expect(mail.body.html, mail.subject).toContain("&lt;script&gt;alert(1)&lt;/script&gt;&quot;onload=alert(2)");
    }
    // The runner's own words are quoted back in the acknowledgement, escaped.
    expect(mails.some((m) => m.body.html?.includes("&lt;img src=x onerror=alert(5)&gt; &quot;onload=alert(6)"))).toBe(true);
  });

  it("CR/LF in the name or the text never reaches a header", () => {
    const mine = raws.filter((raw) => headerLines(raw).some((l) => l.toLowerCase().startsWith("to:") && l.toLowerCase().includes(email)));
    expect(mine.length).toBe(11);
    for (const raw of mine) {
      const lines = headerLines(raw);
      for (const line of lines) expect(line, messageIdOf(raw)).toMatch(/^([A-Za-z0-9-]+:|[ \t])/);
      expect(
        lines.filter((l) => /^(x-evil|bcc):/i.test(l)),
        messageIdOf(raw),
      ).toEqual([]);
    }
  });
});

describe("a stored name with CR/LF (legacy data written past the schema)", () => {
  it("never reaches a header of any email built from it", async () => {
    const raws: Buffer[] = [];
    let now = new Date("2027-03-01T09:00:00Z");
    const config = await freshConfig();
    const deps = await buildDeps(config, { ses: recordingSes(config, raws), now: () => now });
    const runner = await activeRunner(deps, now, { name: "Ann\r\nBcc: evil@example.com\r\nX-Evil: 1" });
    expect((await deps.runners.getById(runner.id))?.name).toContain("\r\n");
    now = new Date(runner.nextSendAt!);
    const result = await dispatch(
      {
        config: deps.config,
        keys: deps.keys,
        due: new DynamoDueRepository(deps.doc, deps.config.LEGWORK_TABLE),
        mailer: deps.mailer,
        sendRate: 1000,
      },
      { now, remainingMs: () => 300_000 },
    );
    expect(result.sent).toBe(1);
    await handleInbound(
      deps,
      replyDelivery(deps, runner, `ses-legacy-${randomBytes(3).toString("hex")}`, "calves a 3", new Date(now.getTime() + HOUR)),
    );
    expect(raws).toHaveLength(2);
    for (const raw of raws) {
      const lines = headerLines(raw);
      for (const line of lines) expect(line).toMatch(/^([A-Za-z0-9-]+:|[ \t])/);
      expect(lines.filter((l) => /^(x-evil|bcc):/i.test(l))).toEqual([]);
    }
    for (const mail of await emailsTo(runner.email)) assertNoRawPayload(mail.subject, mail.body.html);
  });
});

describe("link-token key rotation over real HTTP", () => {
  const keyConfig = (keys: Record<string, string>) => JSON.stringify(keys);
  const OLD = randomBytes(32).toString("hex");
  const NEW = randomBytes(32).toString("hex");

  it("old links keep working while the old key is listed, and get a 4xx (changing nothing) once it is removed", async () => {
    const base = await freshConfig();
    const depsFor = (keys: Record<string, string>) => buildDeps({ ...base, LEGWORK_TOKEN_KEYS: keyConfig(keys) });
    const oldOnly = await startWeb(await depsFor({ current: "old", old: OLD }));
    const rotated = await startWeb(await depsFor({ current: "new", new: NEW, old: OLD }));
    const newOnly = await startWeb(await depsFor({ current: "new", new: NEW }));
    const inspect = await depsFor({ current: "new", new: NEW });
    try {
      const post = (url: string, path: string, fields: Record<string, string> = {}) =>
        fetch(`${url}${path}`, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams(fields).toString(),
        });
      const subscribe = (url: string, address: string) =>
        fetch(`${url}/api/subscribe`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ email: address, consent: true }),
        });
      const link = async (address: string, path: string): Promise<string> => {
        const html = (await emailsTo(address)).at(-1)?.body.html ?? "";
        const token = new RegExp(`${path}\\?token=([a-z0-9.]+)`).exec(html)?.[1];
        if (!token) throw new Error(`no ${path} link for ${address}`);
        return token;
      };

      // Before rotation: A signs up and confirms; B signs up only.
      const [a, b] = [uniqueEmail("rot-a"), uniqueEmail("rot-b")];
      expect((await subscribe(oldOnly.url, a)).status).toBe(202);
      expect((await subscribe(oldOnly.url, b)).status).toBe(202);
      const aConfirm = await link(a, "/confirm");
      const bConfirm = await link(b, "/confirm");
      expect(aConfirm.startsWith("old.") && bConfirm.startsWith("old.")).toBe(true);
      expect((await post(oldOnly.url, "/confirm", { token: aConfirm })).status).toBe(200);
      const aPrefs = await link(a, "/preferences");
      const aUnsubscribe = await link(a, "/unsubscribe");
      expect(aPrefs.startsWith("old.")).toBe(true);

      // Rotated: "new" signs, "old" still verifies.
      expect((await post(rotated.url, "/confirm", { token: bConfirm })).status).toBe(200);
      expect((await inspect.runners.getByEmail(b))?.status).toBe("active");
      const bPrefs = await link(b, "/preferences");
      expect(bPrefs.startsWith("new.")).toBe(true);
      expect((await fetch(`${rotated.url}/preferences?token=${aPrefs}`)).status).toBe(200);
      expect((await post(rotated.url, `/unsubscribe?token=${aUnsubscribe}`, { "List-Unsubscribe": "One-Click" })).status).toBe(200);
      expect((await inspect.runners.getByEmail(a))?.status).toBe("unsubscribed");

      // "old" removed: its links get a 4xx and change nothing; "new" links still work.
      const before = await scanTable(inspect);
      for (const res of [
        await fetch(`${newOnly.url}/preferences?token=${aPrefs}`),
        await post(newOnly.url, `/unsubscribe/undo?token=${aUnsubscribe}`),
        await post(newOnly.url, "/confirm", { token: aConfirm }),
        await post(newOnly.url, "/api/export", {
          token: signToken(
            { current: "old", keys: { old: OLD } },
            { purpose: "data", runnerId: (await inspect.runners.getByEmail(a))!.id, now: new Date() },
          ),
        }),
      ]) {
        expect(res.status).toBeGreaterThanOrEqual(400);
        expect(res.status).toBeLessThan(500);
      }
      expect(await scanTable(inspect)).toEqual(before);
      expect((await fetch(`${newOnly.url}/preferences?token=${bPrefs}`)).status).toBe(200);
    } finally {
      await Promise.all([oldOnly.close(), rotated.close(), newOnly.close()]);
    }
  });
});

describe("logs of a full flow carry no address, name or reply text", () => {
  afterEach(() => {
    vi.restoreAllMocks();
    logger.setLogLevel((process.env["POWERTOOLS_LOG_LEVEL"] ?? "ERROR") as Parameters<typeof logger.setLogLevel>[0]);
  });

  it("signup → confirm → weekly email → reply → data export, logged at DEBUG", async () => {
    let now = new Date("2027-03-01T09:00:00Z");
    const deps = await buildDeps(await freshConfig(), { now: () => now });
    Object.assign(deps, { rawMail: new FsRawMailStore(await mkdtemp(join(tmpdir(), "legwork-log-replies-"))) });
    const email = uniqueEmail("quietlog");
    const name = "Quixote Marmalade";
    const replyText = "Zebra crossing twinge, calves about a 6 after the hill repeats";

    const captured: string[] = [];
    const sink = (chunk: unknown) => {
      captured.push(typeof chunk === "string" ? chunk : Buffer.isBuffer(chunk) ? chunk.toString("utf8") : String(chunk));
    };
    const write = (stream: NodeJS.WriteStream) => {
      const original = stream.write.bind(stream);
      vi.spyOn(stream, "write").mockImplementation(((chunk: unknown, ...rest: unknown[]) => {
        sink(chunk);
        return original(chunk as string, ...(rest as []));
      }) as typeof stream.write);
    };
    write(process.stdout);
    write(process.stderr);
    for (const method of ["log", "info", "warn", "error", "debug", "trace"] as const)
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) =>
        sink(args.map((a) => (typeof a === "string" ? a : JSON.stringify(a))).join(" ")),
      );
    logger.setLogLevel("DEBUG");

    expect(
      (await postJson(deps, "/api/subscribe", { email, name, timezone: "Europe/London", sendDay: "tue", sendHour: 7, consent: true }))
        .statusCode,
    ).toBe(202);
    const token = /\/confirm\?token=([a-z0-9.]+)/.exec((await emailsTo(email)).at(-1)?.body.html ?? "")?.[1];
    expect(
      (await call(deps, httpEvent("POST", "/confirm", { body: `token=${token}`, contentType: "application/x-www-form-urlencoded" })))
        .statusCode,
    ).toBe(200);
    const runner = (await deps.runners.getByEmail(email))!;
    now = new Date(runner.nextSendAt!);
    const result = await dispatch(
      {
        config: deps.config,
        keys: deps.keys,
        due: new DynamoDueRepository(deps.doc, deps.config.LEGWORK_TABLE),
        mailer: deps.mailer,
        sendRate: 1000,
      },
      { now, remainingMs: () => 300_000 },
    );
    expect(result.sent).toBe(1);
    now = new Date(now.getTime() + HOUR);
    expect(await handleInbound(deps, replyDelivery(deps, runner, "ses-log-flow-1", replyText, now))).toMatchObject({
      kind: "checkin",
      soreness: 6,
    });
    const dataToken = signToken(deps.keys, { purpose: "data", runnerId: runner.id, now });
    const exported = await call(deps, httpEvent("POST", `/api/export?token=${dataToken}`));
    expect(exported.statusCode).toBe(200);
    expect(exported.body).toContain(replyText); // the runner's own export does carry it

    vi.restoreAllMocks();
    const logs = captured.join("\n");
    // The capture worked: the flow's structured lines are there, keyed by runner id.
    expect(logs).toContain(runner.id);
    expect(logs).toMatch(/"message":"confirmation email sent"/);
    expect(logs).toMatch(/"message":"check-in recorded"/);
    expect(logs.toLowerCase()).not.toContain(email.toLowerCase());
    expect(logs).not.toMatch(/[A-Za-z0-9._%+-]+@example\.com/);
    expect(logs).not.toContain(name);
    expect(logs).not.toContain("Zebra crossing");
    expect(logs).not.toContain("hill repeats");
  });
});
