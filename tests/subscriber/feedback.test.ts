import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { SOFT_BOUNCE_LIMIT } from "../../functions/app/feedback.js";
import { handleFeedbackMessage } from "../../functions/handlers/feedback-event.js";
import type { FeedbackKind } from "../../cli/commands/feedback.js";
import { run as feedbackCli, sesFeedbackRecord, snsEvent } from "../../cli/commands/feedback.js";
import type { CliIo } from "../../cli/shared/io.js";
import { localContext } from "../../infra/local/lambda-context.js";
import { logger } from "../../functions/lib/logger.js";
import type { Deps } from "../../functions/wiring.js";
import type { FakeDeps } from "../support/fakes/index.js";
import { fakeDeps } from "../support/fakes/index.js";
import { activeRunner } from "../support/runners.js";
import { emailsTo, freshConfig, scanTable, testDeps, uniqueEmail } from "../support/stack.js";
import { postJson } from "../support/http.js";

const NOW = new Date("2026-12-02T12:00:00.000Z");

type FeedbackDeps = Parameters<typeof handleFeedbackMessage>[0];

const feedback = (deps: FeedbackDeps, kind: FeedbackKind, email: string, transient = false) =>
  handleFeedbackMessage(deps, JSON.stringify(sesFeedbackRecord({ kind, email, transient, now: NOW })), `sns-${Math.random()}`);

/** Whether the dispatcher's due query would find the runner, whenever its slot is. */
const isDue = async (deps: FakeDeps, id: string): Promise<boolean> => {
  for await (const runner of deps.due.due(new Date("2100-01-01T00:00:00Z"))) if (runner.id === id) return true;
  return false;
};

const captureIo = () => {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { stdout: (t) => out.push(t), stderr: (t) => err.push(t) };
  return { io, out, err };
};

// The use case on in-memory ports (tests/contracts pins the fakes to the DynamoDB adapters).
describe("SES feedback", () => {
  let deps: FakeDeps;
  beforeEach(() => {
    deps = fakeDeps({ now: () => NOW });
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("a permanent bounce suppresses the runner at once: status bounced, no longer due", async () => {
    // Prepare
    const runner = await activeRunner(deps, NOW);
    expect(await isDue(deps, runner.id)).toBe(true);
    // Act
    const summary = await feedback(deps, "bounce", runner.email);
    // Assess
    expect(summary).toMatchObject({ suppressed: 1, malformed: 0 });
    const stored = await deps.runners.getById(runner.id);
    expect(stored).toMatchObject({ status: "bounced" });
    expect(stored?.nextSendAt).toBeUndefined();
    expect(await isDue(deps, runner.id)).toBe(false);
    // A repeat of the same news changes nothing.
    const before = await deps.runners.list();
    expect(await feedback(deps, "bounce", runner.email)).toMatchObject({ suppressed: 0, ignored: 1 });
    expect(await deps.runners.list()).toEqual(before);
  });

  it(`transient bounces are counted; the ${SOFT_BOUNCE_LIMIT}rd in a row suppresses; a delivery resets the count`, async () => {
    const runner = await activeRunner(deps, NOW);
    expect(await feedback(deps, "bounce", runner.email, true)).toMatchObject({ softBounces: 1 });
    expect(await feedback(deps, "bounce", runner.email, true)).toMatchObject({ softBounces: 1 });
    expect(await deps.runners.getById(runner.id)).toMatchObject({ status: "active", softBounces: 2 });
    // A delivery in between starts the count again.
    expect(await feedback(deps, "delivery", runner.email)).toMatchObject({ cleared: 1 });
    expect(await deps.runners.getById(runner.id)).not.toHaveProperty("softBounces");
    await feedback(deps, "bounce", runner.email, true);
    await feedback(deps, "bounce", runner.email, true);
    expect(await deps.runners.getById(runner.id)).toMatchObject({ status: "active", softBounces: 2 });
    expect(await feedback(deps, "bounce", runner.email, true)).toMatchObject({ suppressed: 1 });
    expect(await deps.runners.getById(runner.id)).toMatchObject({ status: "bounced", softBounces: 3 });
    expect(await isDue(deps, runner.id)).toBe(false);
  });

  it("the same SNS delivery twice counts one transient bounce, not two", async () => {
    const runner = await activeRunner(deps, NOW);
    const message = JSON.stringify(sesFeedbackRecord({ kind: "bounce", email: runner.email, transient: true, now: NOW }));
    await handleFeedbackMessage(deps, message, "sns-1");
    expect(await handleFeedbackMessage(deps, message, "sns-1")).toMatchObject({ softBounces: 0, ignored: 1 });
    expect(await deps.runners.getById(runner.id)).toMatchObject({ softBounces: 1 });
  });

  it("a delivery for a runner without bounces changes nothing", async () => {
    const runner = await activeRunner(deps, NOW);
    const before = await deps.runners.list();
    expect(await feedback(deps, "delivery", runner.email)).toMatchObject({ cleared: 0, ignored: 1 });
    expect(await deps.runners.list()).toEqual(before);
  });

  it("a complaint suppresses for good; a later bounce or confirmation does not bring the runner back", async () => {
    const runner = await activeRunner(deps, NOW);
    expect(await feedback(deps, "complaint", runner.email.toUpperCase())).toMatchObject({ suppressed: 1 });
    expect(await deps.runners.getById(runner.id)).toMatchObject({ status: "complained" });
    expect(await isDue(deps, runner.id)).toBe(false);
    expect(await feedback(deps, "bounce", runner.email)).toMatchObject({ suppressed: 0, ignored: 1 });
    expect(await deps.runners.activate(runner.id, { now: NOW, nextSendAt: NOW })).toBeUndefined();
    expect((await deps.runners.getById(runner.id))?.status).toBe("complained");
  });

  it("feedback about an address we do not hold is ignored and changes nothing", async () => {
    await activeRunner(deps, NOW);
    const before = await deps.runners.list();
    for (const kind of ["bounce", "complaint", "delivery"] as const)
      expect(await feedback(deps, kind, uniqueEmail("stranger"))).toMatchObject({ suppressed: 0, softBounces: 0, cleared: 0, ignored: 1 });
    expect(await feedback(deps, "bounce", uniqueEmail("stranger"), true)).toMatchObject({ ignored: 1 });
    expect(await deps.runners.list()).toEqual(before);
  });

  it("display-name recipients are understood; Reject and other event types change nothing", async () => {
    const runner = await activeRunner(deps, NOW);
    const before = await deps.runners.list();
    const reject = { eventType: "Reject", mail: { destination: [runner.email] }, reject: { reason: "Bad content" } };
    const open = { eventType: "Open", mail: { destination: [runner.email] }, open: {} };
    expect(await handleFeedbackMessage(deps, JSON.stringify(reject), "r")).toMatchObject({ ignored: 1, suppressed: 0 });
    expect(await handleFeedbackMessage(deps, JSON.stringify(open), "o")).toMatchObject({ ignored: 1, suppressed: 0 });
    expect(await deps.runners.list()).toEqual(before);
    const named = sesFeedbackRecord({ kind: "bounce", email: `"Runner, A" <${runner.email}>`, now: NOW });
    expect(await handleFeedbackMessage(deps, JSON.stringify(named), "n")).toMatchObject({ suppressed: 1 });
  });

  it.each([
    ["not JSON", "{{{"],
    ["JSON but not an object", "42"],
    ["no event type", JSON.stringify({ mail: { destination: [] } })],
    ["no mail", JSON.stringify({ eventType: "Bounce", bounce: { bounceType: "Permanent", bouncedRecipients: [] } })],
    [
      "recipients of the wrong shape",
      JSON.stringify({ eventType: "Bounce", mail: {}, bounce: { bounceType: "Permanent", bouncedRecipients: "x@y.z" } }),
    ],
    ["null", "null"],
  ])("a malformed message (%s) is counted and dropped; nothing changes", async (_label, message) => {
    const runner = await activeRunner(deps, NOW);
    const before = await deps.runners.list();
    expect(await handleFeedbackMessage(deps, message, "m")).toMatchObject({ malformed: 1, suppressed: 0 });
    expect(await deps.runners.list()).toEqual(before);
    expect((await deps.runners.getById(runner.id))?.status).toBe("active");
  });

  it("logs carry the runner id, never the address", async () => {
    const runner = await activeRunner(deps, NOW);
    const lines: string[] = [];
    for (const level of ["info", "warn", "error", "debug"] as const)
      vi.spyOn(logger, level).mockImplementation((...args: unknown[]) => void lines.push(JSON.stringify(args)));
    await feedback(deps, "bounce", runner.email, true);
    await feedback(deps, "complaint", runner.email);
    await feedback(deps, "bounce", uniqueEmail("stranger"));
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.some((l) => l.includes(runner.id))).toBe(true);
    expect(lines.join("\n")).not.toMatch(/@example\.com/);
  });
});

// Through the web form: a suppressed runner's new signup sends nothing (real engines).
describe("SES feedback and signup", () => {
  let deps: Deps;
  beforeAll(async () => {
    deps = await testDeps({ now: () => NOW });
  });

  it("a complaint suppresses for good; a later bounce, signup or resubscribe does not bring the runner back", async () => {
    // Prepare
    const runner = await activeRunner(deps, NOW);
    // Act
    expect(await feedback(deps, "complaint", runner.email.toUpperCase())).toMatchObject({ suppressed: 1 });
    // Assess
    expect(await feedback(deps, "bounce", runner.email)).toMatchObject({ suppressed: 0, ignored: 1 });
    expect((await deps.runners.getById(runner.id))?.status).toBe("complained");
    const res = await postJson(deps, "/api/subscribe", { email: runner.email, consent: true }, "192.0.2.44");
    expect(res.statusCode).toBe(202);
    expect(await emailsTo(runner.email)).toHaveLength(0);
    expect(await deps.runners.activate(runner.id, { now: NOW, nextSendAt: NOW })).toBeUndefined();
    expect((await deps.runners.getById(runner.id))?.status).toBe("complained");
  });

  it("a bounced runner who signs up again gets no confirmation email", async () => {
    const runner = await activeRunner(deps, NOW);
    await feedback(deps, "bounce", runner.email);
    await postJson(deps, "/api/subscribe", { email: runner.email, consent: true }, "192.0.2.45");
    expect(await emailsTo(runner.email)).toHaveLength(0);
    expect((await deps.runners.getById(runner.id))?.status).toBe("bounced");
  });
});

describe("feedback Lambda handler and CLI", () => {
  let deps: Deps;
  beforeAll(async () => {
    // The handler builds its own deps from the environment, once: point it at a fresh table first.
    const config = await freshConfig();
    process.env["LEGWORK_TABLE"] = config.LEGWORK_TABLE;
    deps = await testDeps({ role: "feedback", config });
  });

  it("the handler processes every SNS record; malformed ones do not stop the others", async () => {
    const { handler } = await import("../../functions/handlers/feedback.js");
    const runner = await activeRunner(deps, new Date());
    const good = snsEvent(JSON.stringify(sesFeedbackRecord({ kind: "complaint", email: runner.email, now: new Date() })));
    const bad = snsEvent("definitely not json");
    const event = { Records: [...bad.Records, ...good.Records] };
    const summary = await handler(event, localContext("legwork-feedback"));
    expect(summary).toMatchObject({ malformed: 1, suppressed: 1 });
    expect((await deps.runners.getById(runner.id))?.status).toBe("complained");
  });

  it.each([
    ["an empty event", {}],
    ["null", null],
    ["a record without Sns", { Records: [{ EventSource: "aws:sns" }] }],
  ])("the handler survives %s without changing anything", async (_label, event) => {
    const { handler } = await import("../../functions/handlers/feedback.js");
    await activeRunner(deps, new Date());
    const before = await scanTable(deps);
    const summary = await handler(event as never, localContext("legwork-feedback"));
    expect(summary.malformed).toBe(1);
    expect(await scanTable(deps)).toEqual(before);
  });

  it("`legwork feedback bounce EMAIL` runs the same handler with the SES event shape", async () => {
    const runner = await activeRunner(deps, new Date());
    const { io, out } = captureIo();
    expect(await feedbackCli(["bounce", runner.email, "--transient"], io)).toBe(0);
    expect(JSON.parse(out[0]!)).toMatchObject({ softBounces: 1 });
    expect(await feedbackCli(["bounce", "--transient", runner.email], io)).toBe(0);
    expect(await feedbackCli(["bounce", runner.email], io)).toBe(0);
    expect(JSON.parse(out[2]!)).toMatchObject({ suppressed: 1 });
    expect((await deps.runners.getById(runner.id))?.status).toBe("bounced");
  });

  it("`legwork feedback complaint EMAIL` marks the runner complained; bad usage exits 2", async () => {
    const runner = await activeRunner(deps, new Date());
    const { io, out, err } = captureIo();
    expect(await feedbackCli(["complaint", runner.email], io)).toBe(0);
    expect(JSON.parse(out[0]!)).toMatchObject({ suppressed: 1 });
    expect((await deps.runners.getById(runner.id))?.status).toBe("complained");
    expect(await feedbackCli(["explode", runner.email], io)).toBe(2);
    expect(await feedbackCli(["complaint"], io)).toBe(2);
    expect(await feedbackCli(["complaint", runner.email, "--transient"], io)).toBe(2);
    expect(err.join("\n")).toContain("usage: legwork feedback");
  });
});
