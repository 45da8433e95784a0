import { describe, expect, it } from "vitest";
import { handleInbound } from "../../functions/app/inbound.js";
import type { Runner } from "../../functions/domain/profile.js";
import { verifyToken } from "../../functions/domain/tokens.js";
import type { Deps } from "../../functions/wiring.js";
import { emailsTo, scanTable, testDeps } from "../support/stack.js";
import { inboundInput, mondayRunner, recordingAlerts, replyAddress, replyMime } from "./support.js";

/**
 * Red flags win over encouragement, and still leave room for what else the runner asked:
 * STOP is always honoured, PAUSE n is moot (the triage hold already has no end), RESUME waits.
 */
const NOW = new Date("2026-12-08T09:00:00Z"); // a Tuesday
const TRIAGE_SUBJECT = /please get it checked/i;

const setup = async () => {
  const alerts = recordingAlerts();
  const deps: Deps = { ...(await testDeps({ role: "inbound", now: () => NOW })), alerts };
  const runner = await mondayRunner(deps);
  const to = replyAddress(deps, runner, NOW);
  const send = async (text: string) => handleInbound(deps, inboundInput(await replyMime({ from: runner.email, to, text }), to, NOW));
  return { deps, runner, alerts, send };
};

const profileItem = async (deps: Deps, runner: Runner) =>
  (await scanTable(deps)).find((i) => i["pk"] === `RUNNER#${runner.id}` && i["sk"] === "PROFILE")!;

describe("a red flag in a reply", () => {
  it("raises one operator alert with the runner id and flag codes, and no personal text", async () => {
    // Arrange
    const { runner, alerts, send } = await setup();

    // Act
    const outcome = await send("Sharp pain in my left shin, and it's swollen. About a 6.");

    // Assess
    expect(outcome).toMatchObject({ kind: "triage", redFlags: ["sharp_pain", "swelling"] });
    expect(alerts.sent).toEqual([{ runnerId: runner.id, redFlags: ["sharp_pain", "swelling"] }]);
    const wire = JSON.stringify(alerts.sent);
    for (const personal of [runner.email, "shin", "swollen", "Test Runner"]) expect(wire).not.toContain(personal);
  });

  it("with STOP: the triage reply with its safety advice goes out, then the runner is unsubscribed", async () => {
    // Arrange
    const { deps, runner, alerts, send } = await setup();

    // Act
    const outcome = await send("Sharp pain in my shin. Unsubscribe me.");

    // Assess
    expect(outcome).toEqual({ kind: "triage", runnerId: runner.id, redFlags: ["sharp_pain"], unsubscribed: true });
    const stored = await deps.runners.getById(runner.id);
    expect(stored).toMatchObject({ status: "unsubscribed" });
    expect(stored!.nextSendAt).toBeUndefined();
    expect((await profileItem(deps, runner))["gsi1pk"]).toBeUndefined();
    const mail = await emailsTo(runner.email);
    expect(mail.map((m) => m.subject)).toHaveLength(1);
    expect(mail[0]!.subject).toMatch(TRIAGE_SUBJECT);
    const text = mail[0]!.body.text!;
    expect(text).toMatch(/Stop running on it/);
    expect(text).toMatch(/physio or sports doctor/);
    expect(text).toMatch(/You're unsubscribed/);
    // It must not promise a RESUME that an unsubscribed runner's reply would never reach.
    expect(text).not.toMatch(/reply RESUME/i);
    expect(text).not.toMatch(/emails are paused/i);
    const undo = /\/unsubscribe\?token=([a-z0-9.]+)/i.exec(text)?.[1];
    expect(undo && verifyToken(deps.keys, undo, "unsubscribe", NOW).runnerId).toBe(runner.id);
    expect(alerts.sent).toEqual([{ runnerId: runner.id, redFlags: ["sharp_pain"] }]);
  });

  it("with PAUSE n: the triage hold wins (paused with no end date), one triage reply, no pause confirmation", async () => {
    // Arrange
    const { deps, runner, send } = await setup();

    // Act
    const outcome = await send("Sharp pain in my shin since Sunday's run.\nPause for 3 weeks please.");

    // Assess
    expect(outcome).toMatchObject({ kind: "triage", redFlags: ["sharp_pain"], unsubscribed: false });
    const stored = await deps.runners.getById(runner.id);
    expect(stored).toMatchObject({ status: "paused" });
    expect(stored!.pausedUntil).toBeUndefined();
    expect(stored!.nextSendAt).toBeUndefined();
    // No wake-up entry: only RESUME (or the preferences page) ends a triage hold.
    expect((await profileItem(deps, runner))["gsi1pk"]).toBeUndefined();
    const mail = await emailsTo(runner.email);
    expect(mail.map((m) => m.subject)).toHaveLength(1);
    expect(mail[0]!.subject).toMatch(TRIAGE_SUBJECT);
    expect(mail[0]!.body.text).toMatch(/reply RESUME/i);
  });

  it("with RESUME: the triage hold wins and a held runner stays held", async () => {
    // Arrange: held after an earlier red flag
    const { deps, runner, alerts, send } = await setup();
    await send("Sharp pain in my shin.");

    // Act
    const outcome = await send("Resume please.\nThe shin still has a sharp pain when I walk though.");

    // Assess
    expect(outcome).toMatchObject({ kind: "triage", redFlags: ["sharp_pain"], unsubscribed: false });
    const stored = await deps.runners.getById(runner.id);
    expect(stored).toMatchObject({ status: "paused" });
    expect(stored!.nextSendAt).toBeUndefined();
    expect((await emailsTo(runner.email)).map((m) => m.subject)).toEqual([
      expect.stringMatching(TRIAGE_SUBJECT),
      expect.stringMatching(TRIAGE_SUBJECT),
    ]);
    expect(alerts.sent).toHaveLength(2);
  });

  it("a later PAUSE n while held does not turn the hold into a pause that ends by itself", async () => {
    // Arrange
    const { deps, runner, send } = await setup();
    await send("Sharp pain in my shin.");

    // Act
    const outcome = await send("PAUSE 2 weeks");

    // Assess
    expect(outcome).toMatchObject({ kind: "command", command: "pause" });
    const stored = await deps.runners.getById(runner.id);
    expect(stored).toMatchObject({ status: "paused" });
    expect(stored!.pausedUntil).toBeUndefined();
    expect((await profileItem(deps, runner))["gsi1pk"]).toBeUndefined();
    const last = (await emailsTo(runner.email)).at(-1)!;
    expect(last.subject).toBe("Your Legwork emails are paused");
    expect(last.body.text).toMatch(/paused until you reply\s+RESUME/);
  });

  it("RESUME by reply after a triage hold brings the runner back to active, with nextSendAt recomputed", async () => {
    // Arrange
    const { deps, runner, send } = await setup();
    await send("Sharp pain in my shin.");
    expect((await deps.runners.getById(runner.id))?.status).toBe("paused");

    // Act
    const outcome = await send("RESUME");

    // Assess
    expect(outcome).toMatchObject({ kind: "command", command: "resume" });
    const stored = await deps.runners.getById(runner.id);
    expect(stored).toMatchObject({ status: "active", week: 1 });
    // The first Monday 07:00 London after Tuesday 8 December 09:00 UTC (GMT in winter), not the old slot.
    expect(stored!.nextSendAt).toBe("2026-12-14T07:00:00.000Z");
    expect(runner.nextSendAt).not.toBe(stored!.nextSendAt);
    const item = await profileItem(deps, runner);
    expect(item["gsi1pk"]).toMatch(/^DUE#/);
    expect(item["gsi1sk"]).toBe("2026-12-14T07:00:00.000Z");
    expect((await emailsTo(runner.email)).at(-1)!.subject).toMatch(/^You're back on/);
  });
});
