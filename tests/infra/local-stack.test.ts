/**
 * A smoke test of `npm start`'s real wiring: infra/local/start.ts in its own process (dynalite on disk,
 * aws-ses-v2-local, the middy web handler behind the Function URL adapter, the SMTP receipt), driven
 * only from outside: HTTP, SMTP, the SES viewer's HTTP API and the operator CLI as a subprocess.
 * Free ports (never the defaults) and a throwaway data folder, so it cannot clash with a running stack.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import nodemailer from "nodemailer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StoredEmail } from "../support/stack.js";
import { uniqueEmail } from "../support/stack.js";
import { validSignup } from "../support/signup.js";
import type { SpawnedStack, StackPorts } from "../support/spawned-stack.js";
import {
  DEFAULT_LOCAL_PORTS,
  freeStackPorts,
  pollFor,
  runCli,
  scanStackTable,
  spawnStack,
  stackEnv,
  viewerEmailsTo,
} from "../support/spawned-stack.js";

/** Generous: two shared cores, a cold tsx compile of every handler, and other suites running. */
const BANNER_TIMEOUT_MS = 150_000;
const CLI_TIMEOUT_MS = 120_000;
const MAIL_TIMEOUT_MS = 30_000;
/** "Promptly" for Ctrl-C: closing servers and dynalite's LevelDB takes well under a second when idle. */
const STOP_TIMEOUT_MS = 20_000;
/** Long enough that the stack's own dispatcher timer never fires during the test. */
const TICK_SECONDS = 3600;
const TABLE = "legwork-runners";
const BANNER_END = /Press Ctrl-C to stop\./;
const READY = /Legwork is running \(ready in (\d+) ms\)/;

/** A stored runner's profile item (pk RUNNER#…, sk PROFILE), by address. */
const profileOf = (items: Record<string, unknown>[], email: string): Record<string, unknown> | undefined =>
  items.find((i) => i["sk"] === "PROFILE" && i["email"] === email);

/** Every key of every object in a parsed JSON value, at any depth. */
const keysDeep = (value: unknown): string[] =>
  Array.isArray(value)
    ? value.flatMap(keysDeep)
    : value && typeof value === "object"
      ? Object.entries(value).flatMap(([k, v]) => [k, ...keysDeep(v)])
      : [];

describe("the local stack as `npm start` runs it", () => {
  let ports: StackPorts;
  let dataDir: string;
  let env: Record<string, string>;
  let web: string;
  let ses: string;
  let dynamodb: string;
  const stacks: SpawnedStack[] = [];
  const current = (): SpawnedStack => {
    const stack = stacks.at(-1);
    if (!stack) throw new Error("the stack was not started");
    return stack;
  };

  // What the steps learn and hand on, in order.
  const email = uniqueEmail("smoke");
  let confirmToken = "";
  let firstSlot = "";
  let week1: StoredEmail | undefined;

  beforeAll(async () => {
    ports = await freeStackPorts();
    dataDir = mkdtempSync(join(tmpdir(), "legwork-local-stack-"));
    env = stackEnv(ports, dataDir, { LEGWORK_LOCAL_TICK_SECONDS: String(TICK_SECONDS) });
    web = `http://127.0.0.1:${ports.web}`;
    ses = `http://127.0.0.1:${ports.ses}`;
    dynamodb = `http://127.0.0.1:${ports.dynamodb}`;
  });

  afterAll(async () => {
    for (const stack of stacks) stack.kill();
    await Promise.race([Promise.all(stacks.map((s) => s.exited)), new Promise((resolve) => setTimeout(resolve, 10_000))]);
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it(
    "starts on the given ports, never the defaults, and prints the banner with their URLs",
    async () => {
      // Arrange
      expect(Object.values(ports).filter((p) => DEFAULT_LOCAL_PORTS.includes(p))).toEqual([]);
      expect(new Set(Object.values(ports)).size).toBe(4);
      const spawnedAt = Date.now();
      // Act
      stacks.push(spawnStack(env));
      await current().waitForStdout(BANNER_END, BANNER_TIMEOUT_MS);
      const spawnToBannerMs = Date.now() - spawnedAt;
      // Assess
      const banner = current().stdout();
      const readyMs = Number(READY.exec(banner)?.[1]);
      console.log(`local stack: banner says "ready in ${readyMs} ms"; spawn to banner measured by the test: ${spawnToBannerMs} ms`);
      expect(readyMs).toBeGreaterThan(0);
      expect(readyMs).toBeLessThanOrEqual(spawnToBannerMs);
      expect(banner).toContain(`Signup page      http://127.0.0.1:${ports.web}/`);
      expect(banner).toContain(`SES mail viewer  http://127.0.0.1:${ports.ses}/`);
      expect(banner).toContain(`Replies (SMTP)   127.0.0.1:${ports.smtp} `);
      expect(banner).toContain(`DynamoDB         http://127.0.0.1:${ports.dynamodb} (table ${TABLE}, data in ${dataDir})`);
      expect(banner).toContain(`Dispatcher       every ${TICK_SECONDS} s`);
    },
    BANNER_TIMEOUT_MS + 30_000,
  );

  it("answers GET /health on the web port and serves the mail viewer on the SES port", async () => {
    // Act
    const health = await fetch(`${web}/health`);
    const viewer = await fetch(`${ses}/`);
    // Assess
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: "ok" });
    expect(viewer.status).toBe(200);
    expect(await viewer.text()).toContain("<title>aws-ses-v2-local viewer</title>");
  }, 30_000);

  it("signs up over HTTP; GET /confirm changes nothing and POST /confirm activates", async () => {
    // Arrange: a JSON signup, then the confirmation email as the viewer holds it
    const subscribed = await fetch(`${web}/api/subscribe`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(validSignup(email)),
    });
    expect(subscribed.status).toBe(202);
    const [confirmation] = await pollFor(
      "the confirmation email",
      async () => {
        const mails = await viewerEmailsTo(ses, email);
        return mails.length ? mails : undefined;
      },
      MAIL_TIMEOUT_MS,
    );
    const link = new RegExp(`http://127\\.0\\.0\\.1:${ports.web}/confirm\\?token=([A-Za-z0-9._-]+)`).exec(confirmation!.body.text ?? "");
    expect(link, "the confirmation link points at this stack's web port").not.toBeNull();
    confirmToken = link![1]!;
    const before = await scanStackTable(dynamodb, TABLE);
    expect(profileOf(before, email)).toMatchObject({ status: "pending", week: 0 });

    // Act: a mail scanner following the link
    const page = await fetch(`${web}/confirm?token=${encodeURIComponent(confirmToken)}`);
    // Assess
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/<form[^>]+method="post"[^>]+action="\/confirm"/);
    expect(await scanStackTable(dynamodb, TABLE)).toEqual(before);

    // Act: the runner pressing the button
    const confirmed = await fetch(`${web}/confirm`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ token: confirmToken }).toString(),
    });
    // Assess
    expect(confirmed.status).toBe(200);
    expect(await confirmed.text()).toMatch(/<h1>You(&#39;|')re in!<\/h1>/);
    const runner = profileOf(await scanStackTable(dynamodb, TABLE), email);
    expect(runner).toMatchObject({ status: "active", week: 0, nextSendAt: expect.any(String) });
    firstSlot = String(runner!["nextSendAt"]);
    expect(new Date(firstSlot).getTime()).toBeGreaterThan(Date.now());
    const welcome = await pollFor(
      "the welcome email",
      async () => {
        const mails = await viewerEmailsTo(ses, email);
        return mails.length >= 2 ? mails : undefined;
      },
      MAIL_TIMEOUT_MS,
    );
    expect(welcome).toHaveLength(2);
  }, 60_000);

  it(
    "`tick --now <first slot>` prints one JSON result in direct mode and sends week 1",
    async () => {
      // Arrange
      expect(firstSlot).not.toBe("");
      // Act
      const run = await runCli(["tick", "--now", firstSlot], env, CLI_TIMEOUT_MS);
      // Assess
      expect(run.code, run.stderr).toBe(0);
      const lines = run.stdout.split("\n").filter((l) => l.trim() !== "");
      expect(lines).toHaveLength(1);
      const result = JSON.parse(lines[0]!) as Record<string, unknown>;
      expect(Object.keys(result)).toEqual(["due", "sent", "skipped", "failed"]);
      expect(result).toEqual({ due: 1, sent: 1, skipped: 0, failed: 0 });
      week1 = await pollFor(
        "the week 1 email",
        async () => (await viewerEmailsTo(ses, email)).find((m) => m.subject.startsWith("Week 1 of")),
        MAIL_TIMEOUT_MS,
      );
      expect(week1.replyTo[0]).toMatch(/^checkin\+[^@]+@/);
    },
    CLI_TIMEOUT_MS + 30_000,
  );

  it("a check-in replied over SMTP to the Reply-To address is acknowledged in the viewer", async () => {
    // Arrange
    expect(week1).toBeDefined();
    const transport = nodemailer.createTransport({ host: "127.0.0.1", port: ports.smtp, secure: false, ignoreTLS: true });
    // Act
    try {
      await transport.sendMail({ from: email, to: week1!.replyTo[0]!, subject: `Re: ${week1!.subject}`, text: "calves 6/10\n" });
    } finally {
      transport.close();
    }
    // Assess
    const ack = await pollFor(
      "the acknowledgement",
      async () => (await viewerEmailsTo(ses, email)).find((m) => m.subject.startsWith("Got it")),
      MAIL_TIMEOUT_MS,
    );
    expect(ack.subject).toBe("Got it: 6/10, calves");
    const checkins = (await scanStackTable(dynamodb, TABLE)).filter((i) => String(i["sk"]).startsWith("CHECKIN#"));
    expect(checkins).toHaveLength(1);
  }, 60_000);

  it(
    "`subscribers list` shows the active runner in week 1 and no token, key, claim or other secret",
    async () => {
      // Arrange: every secret this run has seen
      const keyFile = JSON.parse(readFileSync(join(dataDir, "token-keys.json"), "utf8")) as Record<string, string>;
      const keyValues = Object.entries(keyFile)
        .filter(([name]) => name !== "current")
        .map(([, v]) => v);
      const linkTokens = [...`${week1?.body.html ?? ""} ${week1?.body.text ?? ""}`.matchAll(/token=([A-Za-z0-9._-]+)/g)].map((m) => m[1]!);
      const replyToken = /^checkin\+([^@]+)@/.exec(week1?.replyTo[0] ?? "")?.[1];
      const secrets = [...keyValues, ...linkTokens, confirmToken, replyToken ?? ""];
      expect(keyValues.length).toBeGreaterThan(0);
      expect(linkTokens.length).toBeGreaterThan(0);
      expect(secrets.every((s) => s.length >= 16)).toBe(true);
      // Act
      const run = await runCli(["subscribers", "list"], env, CLI_TIMEOUT_MS);
      // Assess
      expect(run.code, run.stderr).toBe(0);
      const list = JSON.parse(run.stdout) as Record<string, unknown>[];
      expect(Array.isArray(list)).toBe(true);
      expect(list).toHaveLength(1);
      expect(list[0]).toMatchObject({ id: expect.any(String), email, status: "active", week: 1, nextSendAt: expect.any(String) });
      expect(new Date(String(list[0]!["nextSendAt"])).getTime()).toBeGreaterThan(new Date(firstSlot).getTime());
      expect(keysDeep(list).filter((k) => /token|secret|key|claim|password|hash|^pk$|^sk$|^gsi|^ttl$/i.test(k))).toEqual([]);
      for (const secret of secrets) expect(run.stdout.includes(secret), "a secret value in the output").toBe(false);
    },
    CLI_TIMEOUT_MS + 30_000,
  );

  it(
    "stops on SIGINT with exit 0, and a restart on the same data and ports still has the runner",
    async () => {
      // Arrange: nothing on the way here went wrong inside the stack (the SMTP receipt reports handler failures on stderr)
      expect(current().stderr()).not.toMatch(/failed|crashed|error/i);
      const before = await scanStackTable(dynamodb, TABLE);
      // Act
      const stopped = await current().stop("SIGINT", STOP_TIMEOUT_MS);
      // Assess
      console.log(`local stack: SIGINT to exit took ${stopped.ms} ms`);
      expect(stopped).toMatchObject({ code: 0, signal: null });
      expect(stopped.ms).toBeLessThan(STOP_TIMEOUT_MS);
      expect(current().stdout()).toContain("SIGINT: stopping Legwork…");
      expect(current().stdout()).toMatch(/Stopped\.\n$/);

      // Act: the same data folder and ports again (the table already exists)
      stacks.push(spawnStack(env));
      await current().waitForStdout(BANNER_END, BANNER_TIMEOUT_MS);
      const run = await runCli(["subscribers", "list"], env, CLI_TIMEOUT_MS);
      // Assess
      // Nothing changed but the dev operator's fresh one-time sign-in link (npm start prints one on each start).
      const after = await scanStackTable(dynamodb, TABLE);
      const isLink = (i: Record<string, unknown>) => String(i["pk"]).startsWith("SIGNIN#");
      expect(after.filter((i) => !isLink(i))).toEqual(before.filter((i) => !isLink(i)));
      expect(after.filter(isLink)).toHaveLength(before.filter(isLink).length + 1);
      expect(run.code, run.stderr).toBe(0);
      const list = JSON.parse(run.stdout) as Record<string, unknown>[];
      expect(list).toEqual([expect.objectContaining({ email, status: "active", week: 1 })]);
      expect(current().stderr()).not.toMatch(/failed|crashed|error/i);

      // Act: and it stops cleanly again
      const again = await current().stop("SIGINT", STOP_TIMEOUT_MS);
      // Assess
      expect(again).toMatchObject({ code: 0, signal: null });
      expect(current().stdout()).toMatch(/Stopped\.\n$/);
    },
    BANNER_TIMEOUT_MS + CLI_TIMEOUT_MS + 2 * STOP_TIMEOUT_MS + 30_000,
  );
});
