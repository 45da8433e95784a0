/**
 * Every operator command against a "deployed" Legwork: the CLI runs as a subprocess with LEGWORK_STACK,
 * reads the stack's CloudFormation outputs and the web function's configuration through the real AWS SDK
 * clients, and then uses the table, SES and functions they name. Only the endpoints differ: a fake control
 * plane (tests/support/fake-aws.ts) and the local engines stand in for AWS.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handleFeedbackMessage } from "../../functions/handlers/feedback-event.js";
import { createDispatcherHandler } from "../../functions/handlers/dispatcher.js";
import type { Deps } from "../../functions/wiring.js";
import { localContext } from "../../infra/local/lambda-context.js";
import { heldRunner } from "../support/admin.js";
import { startFakeAws } from "../support/fake-aws.js";
import { activeRunner } from "../support/runners.js";
import { runCli } from "../support/spawned-stack.js";
import { emailsTo, freshConfig, testDeps, uniqueEmail } from "../support/stack.js";

const SECRET_ARN = "arn:aws:secretsmanager:eu-west-1:000000000000:secret:legwork-keys";
const CLI_MS = 60_000;

describe("the CLI on a deployed stack (--stack / LEGWORK_STACK)", () => {
  let deps: Deps;
  let fake: Awaited<ReturnType<typeof startFakeAws>>;
  let env: Record<string, string>;
  const operator = uniqueEmail("ops");
  const dir = mkdtempSync(join(tmpdir(), "legwork-deployed-"));
  const cli = (...args: string[]) => runCli(args, env, CLI_MS);

  beforeAll(async () => {
    const config = await freshConfig({ LEGWORK_OPERATOR_EMAILS: operator });
    deps = await testDeps({ config });
    const webEnv = {
      LEGWORK_TABLE: config.LEGWORK_TABLE,
      LEGWORK_FROM: "Legwork Coach <coach@legwork.example>",
      LEGWORK_REPLY_DOMAIN: "reply.legwork.example",
      LEGWORK_POSTAL_ADDRESS: "Deployed Running Club, 2 Cloud Street",
      LEGWORK_TOKEN_SECRET_ARN: SECRET_ARN,
      LEGWORK_OPERATOR_EMAILS: operator,
      LEGWORK_BASE_URL: "https://coach.legwork.example",
      LEGWORK_REPLY_STORE_DIR: String(process.env["LEGWORK_REPLY_STORE_DIR"]),
    };
    const dispatcher = createDispatcherHandler(async () => deps);
    fake = await startFakeAws({
      name: "legwork-prod",
      outputs: { WebFunctionName: "lw-web", DispatcherFunctionName: "lw-dispatcher", FeedbackFunctionName: "lw-feedback" },
      functions: {
        "lw-web": { env: webEnv },
        "lw-dispatcher": { env: webEnv, invoke: (event) => dispatcher(event as { time: string }, localContext("lw-dispatcher", 300_000)) },
        "lw-feedback": {
          env: webEnv,
          invoke: async (event) => {
            const sns = (event as { Records: { Sns: { Message: string; MessageId: string } }[] }).Records[0]!.Sns;
            return handleFeedbackMessage(deps, sns.Message, sns.MessageId);
          },
        },
      },
      secrets: { [SECRET_ARN]: String(process.env["LEGWORK_TOKEN_KEYS"]) },
    });
    env = {
      PATH: String(process.env["PATH"]),
      HOME: dir,
      LEGWORK_STACK: "legwork-prod",
      LEGWORK_DATA_DIR: dir, // no local stack recorded here
      AWS_REGION: "eu-west-1",
      AWS_ACCESS_KEY_ID: "operator",
      AWS_SECRET_ACCESS_KEY: "operator-secret",
      AWS_ENDPOINT_URL_CLOUDFORMATION: fake.endpoint,
      AWS_ENDPOINT_URL_LAMBDA: fake.endpoint,
      AWS_ENDPOINT_URL_SECRETS_MANAGER: fake.endpoint,
      AWS_ENDPOINT_URL_DYNAMODB: String(process.env["DYNAMODB_ENDPOINT"]),
      AWS_ENDPOINT_URL_SESV2: String(process.env["SES_ENDPOINT"]),
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    };
  });
  afterAll(async () => {
    await fake?.close();
  });

  it("subscribers list reads the deployed table, found through the stack outputs and the web function's config", async () => {
    const runner = await activeRunner(deps, new Date());
    const held = await heldRunner(deps, new Date());
    const run = await cli("subscribers", "list");
    expect(run.code, run.stderr).toBe(0);
    const list = JSON.parse(run.stdout) as { id: string; status: string; hold: { kind: string; reason: string } | null }[];
    expect(list.find((r) => r.id === runner.id)).toMatchObject({ status: "active", hold: null });
    expect(list.find((r) => r.id === held.id)).toMatchObject({
      status: "paused",
      hold: { kind: "triage", reason: "red flag: sharp_pain" },
    });
    expect(fake.calls.map((c) => `${c.action} ${c.target}`)).toEqual(
      expect.arrayContaining(["DescribeStacks legwork-prod", "GetFunctionConfiguration lw-web", `GetSecretValue ${SECRET_ARN}`]),
    );
  });

  it("tick invokes the deployed dispatcher once (after --yes) and prints its result", async () => {
    const runner = await activeRunner(deps, new Date(), { email: uniqueEmail("due") });
    const due = new Date(Date.parse(runner.nextSendAt!) + 60_000).toISOString();
    const refused = await cli("tick", "--now", due);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("--yes");
    expect(await emailsTo(runner.email)).toEqual([]);
    const run = await cli("tick", "--now", due, "--yes");
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ sent: expect.any(Number), failed: 0 });
    expect(fake.calls).toContainEqual({ service: "lambda", action: "Invoke", target: "lw-dispatcher" });
    const mails = await emailsTo(runner.email);
    expect(mails.map((m) => m.subject)).toEqual([expect.stringMatching(/^Week 1 of 10/)]);
    expect(mails[0]!.body.text).toContain("https://coach.legwork.example/unsubscribe?token=");
  });

  it("test-send goes only to the deployed operator list; stats and triage read the deployed data", async () => {
    const ok = await cli("test-send", "--to", operator, "--type", "welcome");
    expect(ok.code, ok.stderr).toBe(0);
    expect((await emailsTo(operator)).map((m) => m.subject)).toContainEqual(expect.stringMatching(/^\[Test\] /));
    const stranger = uniqueEmail("stranger");
    const refused = await cli("test-send", "--to", stranger, "--type", "welcome");
    expect(refused.code).toBe(2);
    expect(await emailsTo(stranger)).toEqual([]);

    const stats = await cli("stats");
    expect(stats.code, stats.stderr).toBe(0);
    expect(JSON.parse(stats.stdout).subscribers.heldForTriage).toBeGreaterThanOrEqual(1);
    const triage = JSON.parse((await cli("triage", "list")).stdout) as { id: string; reply: string }[];
    expect(triage[0]?.reply).toContain("sharp pain in my shin");
    const show = await cli("triage", "show", triage[0]!.id);
    expect(JSON.parse(show.stdout).answer.subject).toMatch(/pain/i);
    const resumed = await cli("triage", "resume", triage[0]!.id, "--note", "physio cleared", "--by", operator, "--yes");
    expect(resumed.code, resumed.stderr).toBe(0);
    expect((await deps.runners.getById(triage[0]!.id))?.status).toBe("active");
  });

  it("feedback, export, import and delete work on the deployed table; changes ask first", async () => {
    const runner = await activeRunner(deps, new Date(), { email: uniqueEmail("bouncy") });
    expect((await cli("feedback", "bounce", runner.email)).code).toBe(2);
    const bounce = await cli("feedback", "bounce", runner.email, "--yes");
    expect(bounce.code, bounce.stderr).toBe(0);
    expect(fake.calls).toContainEqual({ service: "lambda", action: "Invoke", target: "lw-feedback" });
    expect((await deps.runners.getById(runner.id))?.status).toBe("bounced");

    const file = join(dir, "export.csv");
    const exported = await cli("subscribers", "export", file);
    expect(exported.code, exported.stderr).toBe(0);
    expect(readFileSync(file, "utf8")).toContain(runner.email);
    const fresh = uniqueEmail("imported");
    writeFileSync(join(dir, "in.csv"), `email,timezone,sendHour,level\n${fresh},UTC,7,new\nnot-an-address,Mars/Base,99,wizard\n`);
    const imported = await cli("subscribers", "import", join(dir, "in.csv"), "--yes");
    expect(JSON.parse(imported.stdout)).toMatchObject({ rows: 2, imported: 1, rowsWithErrors: 1 });
    expect(imported.stderr).toContain("2 rows read, 1 imported, 1 rows with errors");
    const deleted = await cli("subscribers", "delete", fresh, "--yes");
    expect(deleted.code, deleted.stderr).toBe(0);
    expect(await deps.runners.getByEmail(fresh)).toBeUndefined();
  });

  it("an unknown stack is a plain error naming it", async () => {
    const run = await runCli(["stats", "--stack", "no-such-stack"], env, CLI_MS);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('cannot read stack "no-such-stack"');
  });
});
