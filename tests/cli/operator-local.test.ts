/**
 * The operator commands on the local stack as `npm start` runs it (spawned on free ports): the CLI finds
 * it by the ports it recorded in its data folder, with no port variables (or stale ones) in its own env.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../functions/config.js";
import type { Runner } from "../../functions/domain/profile.js";
import type { Deps } from "../../functions/wiring.js";
import { buildDeps } from "../../functions/wiring.js";
import { heldRunner } from "../support/admin.js";
import { legworkInProcess } from "../support/cli.js";
import { activeRunner } from "../support/runners.js";
import type { SpawnedStack, StackPorts } from "../support/spawned-stack.js";
import { freeStackPorts, pollFor, runCli, spawnStack, stackEnv, viewerEmailsTo } from "../support/spawned-stack.js";

const CLI_MS = 60_000;
const OPS = "ops.local@example.com";

describe("operator CLI on the local stack", () => {
  let stack: SpawnedStack;
  let ports: StackPorts;
  let deps: Deps;
  let due: Runner;
  let held: Runner;
  const dataDir = mkdtempSync(join(tmpdir(), "legwork-opcli-"));
  // Only the data folder, plus a stale PORT: the recorded ports must win, all four together.
  const env = { PATH: String(process.env["PATH"]), HOME: dataDir, LEGWORK_DATA_DIR: dataDir, PORT: "3000" };
  const cli = (...args: string[]) => runCli(args, env, CLI_MS);
  const ses = () => `http://127.0.0.1:${ports.ses}`;

  beforeAll(async () => {
    ports = await freeStackPorts();
    stack = spawnStack(stackEnv(ports, dataDir, { LEGWORK_OPERATOR_EMAILS: OPS, LEGWORK_LOCAL_TICK_SECONDS: "3600" }));
    await stack.waitForStdout(/Press Ctrl-C to stop/, 90_000);
    const config = loadConfig({
      AWS_REGION: "eu-west-1",
      DYNAMODB_ENDPOINT: `http://127.0.0.1:${ports.dynamodb}`,
      SES_ENDPOINT: ses(),
      LEGWORK_TOKEN_KEYS: readFileSync(join(dataDir, "token-keys.json"), "utf8"),
      LEGWORK_BASE_URL: `http://127.0.0.1:${ports.web}`,
      LEGWORK_OPERATOR_EMAILS: OPS,
    });
    deps = await buildDeps(config);
    due = await activeRunner(deps, new Date());
    held = await heldRunner(deps, new Date());
  }, 120_000);
  afterAll(async () => {
    await stack?.stop("SIGINT", 10_000);
  });

  it("npm start records its ports and prints a one-time sign-in link for the dev operator", () => {
    const record = JSON.parse(readFileSync(join(dataDir, "local-stack.json"), "utf8")) as { ports: StackPorts; operatorEmails: string };
    expect(record).toMatchObject({ ports, operatorEmails: OPS });
    expect(stack.stdout()).toMatch(
      new RegExp(`Operator admin +http://127\\.0\\.0\\.1:${ports.web}/admin/sign-in\\?token=[a-z0-9.]+ +\\(${OPS}`),
    );
  });

  it("subscribers list shows a red-flag hold distinctly from a running programme", async () => {
    const run = await cli("subscribers", "list");
    expect(run.code, run.stderr).toBe(0);
    const list = JSON.parse(run.stdout) as { id: string; status: string; hold: unknown }[];
    expect(list.find((r) => r.id === due.id)).toMatchObject({ status: "active", hold: null });
    expect(list.find((r) => r.id === held.id)).toMatchObject({
      status: "paused",
      hold: { kind: "triage", reason: "red flag: sharp_pain", since: expect.any(String) },
    });
  });

  it("tick sends with links on the recorded web port, whatever PORT says", async () => {
    const run = await cli("tick", "--now", new Date(Date.parse(due.nextSendAt!) + 60_000).toISOString());
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ sent: 1, failed: 0 });
    const mail = await pollFor(
      "week 1",
      async () => (await viewerEmailsTo(ses(), due.email)).find((m) => m.subject.startsWith("Week 1")),
      10_000,
    );
    expect(mail.body.text).toContain(`http://127.0.0.1:${ports.web}/unsubscribe?token=`);
    expect(mail.body.text).not.toContain("127.0.0.1:3000");
  });

  it("test-send, stats and triage work; a test-send outside the operator list is refused with exit 2", async () => {
    const sent = await cli("test-send", "--to", OPS, "--type", "weekly", "--week", "3");
    expect(sent.code, sent.stderr).toBe(0);
    const refused = await cli("test-send", "--to", "someone@example.com", "--type", "weekly");
    expect([refused.code, refused.stderr]).toEqual([2, expect.stringContaining("not on the operator list")]);
    expect(await viewerEmailsTo(ses(), "someone@example.com")).toEqual([]);
    const mails = await pollFor(
      "the test email",
      async () => (await viewerEmailsTo(ses(), OPS)).filter((m) => m.subject.startsWith("[Test] Week 3")).at(0),
      10_000,
    );
    expect(mails.subject).toMatch(/^\[Test\] Week 3 of 10/);

    const stats = JSON.parse((await cli("stats", "--weeks", "4")).stdout) as { weekly: unknown[]; subscribers: { heldForTriage: number } };
    expect(stats.weekly).toHaveLength(4);
    expect(stats.subscribers.heldForTriage).toBe(1);
    const table = await cli("stats", "--table");
    expect(table.stdout).toMatch(/^Subscribers: 2 .*held for a red flag: 1/m);
    expect(table.stdout).toContain("Bounce rate");

    const list = JSON.parse((await cli("triage", "list")).stdout) as { id: string; heldAt: string; redFlags: string[]; reply: string }[];
    expect(list).toEqual([
      expect.objectContaining({ id: held.id, redFlags: ["sharp_pain"], reply: "sharp pain in my shin since Tuesday's run" }),
    ]);
    expect((await cli("triage", "resume", held.id)).code).toBe(2);
    const resumed = await cli("triage", "resume", held.id, "--note", "cleared by a physio", "--by", OPS);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(JSON.parse(resumed.stdout)).toMatchObject({ id: held.id, status: "active", hold: null });
    expect(JSON.parse((await cli("triage", "list")).stdout)).toEqual([]);
  });

  it("bad input: unknown commands, subcommands and flags exit 2 with the usage; unknown addresses and missing files get plain messages", async () => {
    const before = (await viewerEmailsTo(ses(), "")).length;
    // Usage errors are found before the CLI reads its environment: the first runs as the binary, the
    // rest in-process. The ones that reach the stack run as the binary, finding it by its record.
    const usage: [string[], RegExp][] = [
      [["tick", "--bogus"], /unknown option --bogus[\s\S]*usage: legwork tick/],
      [["frob"], /unknown command "frob"[\s\S]*commands:/],
      [["subscribers", "frob"], /unknown subcommand "frob"[\s\S]*usage: legwork subscribers/],
      [["triage", "frob"], /unknown subcommand "frob"[\s\S]*usage: legwork triage/],
      [["stats", "--weeks"], /--weeks needs a value/],
    ];
    const onStack: [string[], number, RegExp][] = [
      [["feedback", "bounce", "nobody@example.com"], 1, /no subscriber has the address nobody@example\.com/],
      [["subscribers", "delete", "nobody@example.com"], 1, /no subscriber has the address nobody@example\.com/],
      [["subscribers", "import", "/no/such.csv"], 2, /^import: cannot read \/no\/such\.csv: no such file/],
      [["triage", "show", "zzzzzzzzzz"], 1, /No runner has that id/],
    ];
    const cases = [
      ...usage.map(([args, message], i) => ({ args, code: 2, message, spawn: i === 0 })),
      ...onStack.map(([args, code, message]) => ({ args, code, message, spawn: true })),
    ];
    for (const { args, code, message, spawn } of cases) {
      const run = spawn ? await cli(...args) : await legworkInProcess(...args);
      expect(run.code, args.join(" ")).toBe(code);
      expect(run.stderr, args.join(" ")).toMatch(message);
      expect(run.stderr).not.toMatch(/ENOENT|at .*\.ts:\d+/);
    }
    expect((await viewerEmailsTo(ses(), "")).length).toBe(before);
  });

  it("without a running stack, a command says how to start one", async () => {
    const empty = mkdtempSync(join(tmpdir(), "legwork-nostack-"));
    const closed = (await freeStackPorts()).dynamodb;
    const run = await runCli(
      ["stats"],
      { PATH: String(process.env["PATH"]), HOME: empty, LEGWORK_DATA_DIR: empty, DYNAMODB_PORT: String(closed) },
      CLI_MS,
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("cannot reach the local stack: start it with `npm start`");
  });
});
