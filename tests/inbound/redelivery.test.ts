import { describe, expect, it } from "vitest";
import { handleInbound } from "../../functions/app/inbound.js";
import { pauseRunner } from "../../functions/app/preferences.js";
import { emailsTo, scanTable } from "../support/stack.js";
import { failFirstSend } from "./support.js";
import { NOW, SHIN, TRIAGE_SUBJECT, checkinItems, setup } from "./redelivery-support.js";

describe("a reply whose delivery failed partway is finished by the next delivery", () => {
  it("a red flag whose triage email failed: the redelivery holds, sends one triage email, alerts and marks it handled; a third delivery changes nothing", async () => {
    // Arrange: the first delivery holds the runner and alerts the operator, then SES fails on the triage email.
    const { deps, runner, alerts, reply } = await setup();
    const failure = failFirstSend(deps, "triage");
    const message = await reply(SHIN);
    await expect(handleInbound(deps, message)).rejects.toThrow(/SES is failing/);
    expect(failure.failed).toBe(1);
    expect(await deps.runners.getById(runner.id)).toMatchObject({ status: "paused" });
    expect(alerts.sent).toHaveLength(1);
    expect(await emailsTo(runner.email)).toHaveLength(0);
    expect(await checkinItems(deps, runner)).toMatchObject([{ sourceId: message.messageId }]);
    expect((await checkinItems(deps, runner))[0]).not.toHaveProperty("handledAt");

    // Act: Lambda's retry delivers the same message again.
    const redo = await handleInbound(deps, message);

    // Assess
    expect(redo).toEqual({ kind: "triage", runnerId: runner.id, redFlags: ["sharp_pain", "swelling"], unsubscribed: false });
    const held = await deps.runners.getById(runner.id);
    expect(held).toMatchObject({ status: "paused" });
    expect(held!.pausedUntil).toBeUndefined();
    expect(held!.nextSendAt).toBeUndefined();
    expect(held!.recentCheckins).toHaveLength(1);
    const mail = await emailsTo(runner.email);
    expect(mail).toHaveLength(1);
    expect(mail[0]!.subject).toMatch(TRIAGE_SUBJECT);
    expect(mail[0]!.body.text).toMatch(/physio or sports doctor/);
    // Once by the first delivery (before its send failed), once by the redo: at least once, never lost.
    const alert = { runnerId: runner.id, redFlags: ["sharp_pain", "swelling"] };
    expect(alerts.sent).toEqual([alert, alert]);
    const items = await checkinItems(deps, runner);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ sourceId: message.messageId, redFlags: ["sharp_pain", "swelling"], handledAt: NOW.toISOString() });
    expect(items[0]).not.toHaveProperty("claimUntil");

    // Act: a third delivery, after the job is done.
    const before = await scanTable(deps);
    const third = await handleInbound(deps, message);

    // Assess
    expect(third).toEqual({ kind: "duplicate", runnerId: runner.id });
    expect(await scanTable(deps)).toEqual(before);
    expect(await emailsTo(runner.email)).toHaveLength(1);
    expect(alerts.sent).toHaveLength(2);
  });

  it("a check-in whose acknowledgement failed: the redelivery sends exactly one, and the profile lists the check-in once", async () => {
    // Arrange
    const { deps, runner, reply } = await setup();
    failFirstSend(deps, "ack");
    const message = await reply("Calves about a 5 today.");
    await expect(handleInbound(deps, message)).rejects.toThrow(/SES is failing/);
    expect(await emailsTo(runner.email)).toHaveLength(0);

    // Act
    const redo = await handleInbound(deps, message);

    // Assess
    expect(redo).toEqual({ kind: "checkin", runnerId: runner.id, soreness: 5 });
    expect((await emailsTo(runner.email)).map((m) => m.subject)).toEqual(["Got it: 5/10, calves"]);
    expect((await deps.runners.getById(runner.id))?.recentCheckins).toMatchObject([
      { at: NOW.toISOString(), soreness: 5, areas: ["calves"] },
    ]);
    const items = await checkinItems(deps, runner);
    expect(items).toHaveLength(1);
    expect(items[0]).toHaveProperty("handledAt");
    expect(await deps.rawMail.list(`replies/${runner.id}/`)).toHaveLength(1);
  });

  it("STOP whose reply failed after the unsubscribe: the redelivery is ignored and the runner stays unsubscribed (the confirmation is lost, the unsubscribe is not)", async () => {
    // Arrange
    const { deps, runner, reply } = await setup();
    failFirstSend(deps, "stop");
    const message = await reply("STOP");
    await expect(handleInbound(deps, message)).rejects.toThrow(/SES is failing/);
    expect((await deps.runners.getById(runner.id))?.status).toBe("unsubscribed");
    const before = await scanTable(deps);

    // Act
    const redo = await handleInbound(deps, message);

    // Assess
    expect(redo).toEqual({ kind: "ignored", reason: "status_unsubscribed", runnerId: runner.id });
    expect((await deps.runners.getById(runner.id))?.status).toBe("unsubscribed");
    expect(await emailsTo(runner.email)).toHaveLength(0);
    expect(await scanTable(deps)).toEqual(before);
    expect((await checkinItems(deps, runner))[0]).not.toHaveProperty("handledAt");
  });

  it("a red flag with STOP whose triage email failed: the runner is held, not yet unsubscribed, so the redelivery sends the triage email and then unsubscribes", async () => {
    // Arrange
    const { deps, runner, alerts, reply } = await setup();
    failFirstSend(deps, "triage");
    const message = await reply("Sharp pain in my shin. Unsubscribe me.");
    await expect(handleInbound(deps, message)).rejects.toThrow(/SES is failing/);
    const held = await deps.runners.getById(runner.id);
    expect(held).toMatchObject({ status: "paused" });
    expect(held!.nextSendAt).toBeUndefined();

    // Act
    const redo = await handleInbound(deps, message);

    // Assess
    expect(redo).toEqual({ kind: "triage", runnerId: runner.id, redFlags: ["sharp_pain"], unsubscribed: true });
    expect((await deps.runners.getById(runner.id))?.status).toBe("unsubscribed");
    const mail = await emailsTo(runner.email);
    expect(mail).toHaveLength(1);
    expect(mail[0]!.subject).toMatch(TRIAGE_SUBJECT);
    expect(mail[0]!.body.text).toMatch(/You're unsubscribed/);
    expect(alerts.sent).toHaveLength(2);
    expect((await checkinItems(deps, runner))[0]).toHaveProperty("handledAt");
  });

  it("PAUSE 3 weeks whose reply failed: the redelivery two minutes later keeps the pause the first run made, and confirms it once", async () => {
    // Arrange
    const { deps, runner, clock, reply } = await setup();
    failFirstSend(deps, "pause");
    const message = await reply("PAUSE 3 weeks please");
    await expect(handleInbound(deps, message)).rejects.toThrow(/SES is failing/);
    const pausedUntil = new Date(NOW.getTime() + 3 * 7 * 86_400_000).toISOString();
    expect((await deps.runners.getById(runner.id))?.pausedUntil).toBe(pausedUntil);
    clock.now = new Date(NOW.getTime() + 2 * 60_000);

    // Act
    const redo = await handleInbound(deps, message);

    // Assess
    expect(redo).toEqual({ kind: "command", runnerId: runner.id, command: "pause" });
    expect(await deps.runners.getById(runner.id)).toMatchObject({ status: "paused", pausedUntil });
    expect((await emailsTo(runner.email)).map((m) => m.subject)).toEqual(["Your Legwork emails are paused until Tuesday 29 December"]);
  });

  it("RESUME whose reply failed: the redelivery finds the runner already active, changes nothing and sends the resume reply, not an acknowledgement", async () => {
    // Arrange
    const { deps, runner, reply } = await setup();
    await pauseRunner(deps, runner.id, 2);
    failFirstSend(deps, "resume");
    const message = await reply("RESUME");
    await expect(handleInbound(deps, message)).rejects.toThrow(/SES is failing/);
    const resumed = await deps.runners.getById(runner.id);
    expect(resumed).toMatchObject({ status: "active" });
    const before = (await scanTable(deps)).filter((i) => i["sk"] === "PROFILE");

    // Act
    const redo = await handleInbound(deps, message);

    // Assess
    expect(redo).toEqual({ kind: "command", runnerId: runner.id, command: "resume" });
    expect((await scanTable(deps)).filter((i) => i["sk"] === "PROFILE")).toEqual(before);
    const mail = await emailsTo(runner.email);
    expect(mail).toHaveLength(1);
    expect(mail[0]!.subject).not.toMatch(/^Got it/);
    expect(mail[0]!.body.text).toContain("Monday 14 December");
  });
});
