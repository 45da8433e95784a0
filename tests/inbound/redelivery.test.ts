import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FsRawMailStore } from "../../functions/adapters/fs/raw-mail.js";
import { collectRunnerData } from "../../functions/app/data-rights.js";
import { handleInbound, INBOUND_CLAIM_MS, InboundInFlightError, inboundKey, processSesEvent } from "../../functions/app/inbound.js";
import { pauseRunner } from "../../functions/app/preferences.js";
import type { Runner } from "../../functions/domain/profile.js";
import type { OutgoingEmail } from "../../functions/mail/mime.js";
import { RawMailNotFoundError } from "../../functions/ports/raw-mail.js";
import type { Deps } from "../../functions/wiring.js";
import { DEFAULT_VERDICTS, sesEvent } from "../../infra/local/smtp.js";
import { activeRunner } from "../support/runners.js";
import { emailsTo, scanTable, testDeps } from "../support/stack.js";
import { failFirstSend, inboundInput, recordingAlerts, replyAddress, replyMime } from "./support.js";

/**
 * A reply is recorded before it is acted on, and marked handled after. A delivery that fails or dies
 * in between is finished by the next delivery of the same message (Lambda's retry); a delivery of a
 * handled message, or of one another delivery is still acting on, changes nothing.
 */
const NOW = new Date("2026-12-08T09:00:00Z"); // a Tuesday
const TRIAGE_SUBJECT = /please get it checked/i;
const SHIN = "Sharp pain in my left shin, and it's swollen. About a 6.";

const setup = async () => {
  const clock = { now: NOW };
  const alerts = recordingAlerts();
  const deps: Deps = { ...(await testDeps({ role: "inbound", now: () => clock.now })), alerts };
  Object.assign(deps, { rawMail: new FsRawMailStore(await mkdtemp(join(tmpdir(), "legwork-redelivery-"))) });
  // Mondays at 07:00 London; week 1 went out on 30 November.
  const runner = await activeRunner(deps, new Date("2026-11-30T00:00:00Z"), {
    soreAreas: ["calves"],
    week: 1,
    sendDay: "mon",
    sendHour: 7,
    timezone: "Europe/London",
  });
  const to = replyAddress(deps, runner, NOW);
  const reply = async (text: string) => inboundInput(await replyMime({ from: runner.email, to, text }), to, NOW);
  return { deps, runner, to, alerts, clock, reply };
};

const checkinItems = async (deps: Deps, runner: Runner) =>
  (await scanTable(deps)).filter((i) => i["pk"] === `RUNNER#${runner.id}` && String(i["sk"]).startsWith("CHECKIN#"));

/**
 * A delivery that hangs in its first send (a Lambda that is still running, or about to die): `reached`
 * resolves once it is there, and `die` makes that send fail, the way the run ends.
 */
const stallFirstSend = (deps: Deps) => {
  let arrived!: () => void;
  let fail!: (error: Error) => void;
  const reached = new Promise<void>((resolve) => (arrived = resolve));
  const stuck = new Promise<never>((_, reject) => (fail = reject));
  const real = deps.mailer.send.bind(deps.mailer);
  let first = true;
  deps.mailer.send = async (email: OutgoingEmail) => {
    if (!first) return real(email);
    first = false;
    arrived();
    return stuck;
  };
  return { reached, die: () => fail(new Error("Task timed out after 30.00 seconds")) };
};

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

describe("a delivery another one is still acting on", () => {
  it(`waits out the claim (${INBOUND_CLAIM_MS / 60_000} minutes): before it ends a redelivery changes nothing; after, it finishes the job once, and the first run's late failure leaves it handled`, async () => {
    // Arrange: the first delivery hangs in its send, its claim live.
    const { deps, runner, clock, reply } = await setup();
    const stall = stallFirstSend(deps);
    const message = await reply("Calves about a 5 today.");
    const first = handleInbound(deps, message);
    await stall.reached;
    const before = await scanTable(deps);

    // Act: a redelivery a second before the claim ends.
    clock.now = new Date(NOW.getTime() + INBOUND_CLAIM_MS - 1_000);
    const early = await handleInbound(deps, message);

    // Assess
    expect(early).toEqual({ kind: "duplicate", runnerId: runner.id, inFlight: true });
    expect(await scanTable(deps)).toEqual(before);
    expect(await emailsTo(runner.email)).toHaveLength(0);

    // Act: a redelivery a second after the claim ended (the first run must have died).
    const later = new Date(NOW.getTime() + INBOUND_CLAIM_MS + 1_000);
    clock.now = later;
    const redo = await handleInbound(deps, message);

    // Assess
    expect(redo).toEqual({ kind: "checkin", runnerId: runner.id, soreness: 5 });
    expect((await emailsTo(runner.email)).map((m) => m.subject)).toEqual(["Got it: 5/10, calves"]);
    expect(await checkinItems(deps, runner)).toMatchObject([{ handledAt: later.toISOString() }]);

    // Act: the first run ends with an error after all; its release must not reopen the handled reply.
    stall.die();
    await expect(first).rejects.toThrow(/timed out/);

    // Assess
    const items = await checkinItems(deps, runner);
    expect(items).toMatchObject([{ handledAt: later.toISOString() }]);
    expect(items[0]).not.toHaveProperty("claimUntil");
    expect(await handleInbound(deps, message)).toEqual({ kind: "duplicate", runnerId: runner.id });
    expect(await emailsTo(runner.email)).toHaveLength(1);
  });

  it("processSesEvent throws InboundInFlightError and keeps the inbound copy, so Lambda retries; the retry after the claim finishes and removes it", async () => {
    // Arrange
    const { deps, runner, to, clock } = await setup();
    const messageId = `ses-inflight-${runner.id}`;
    await deps.rawMail.put(inboundKey(messageId), await replyMime({ from: runner.email, to, text: "Quads a 4 after the long run." }));
    const event = sesEvent({
      messageId,
      from: runner.email,
      recipients: [to],
      verdicts: DEFAULT_VERDICTS,
      at: NOW,
      bucketKey: inboundKey(messageId),
    });
    const stall = stallFirstSend(deps);
    const first = processSesEvent(deps, event);
    await stall.reached;

    // Act
    const concurrent = processSesEvent(deps, event);

    // Assess
    await expect(concurrent).rejects.toBeInstanceOf(InboundInFlightError);
    expect(await deps.rawMail.size(inboundKey(messageId))).toBeGreaterThan(0);
    expect(await emailsTo(runner.email)).toHaveLength(0);

    // Act: the first run never comes back (a Lambda killed outright runs no more code); Lambda's next retry comes after the claim.
    clock.now = new Date(NOW.getTime() + INBOUND_CLAIM_MS + 60_000);
    const retry = await processSesEvent(deps, event);

    // Assess
    expect(retry).toEqual([{ kind: "checkin", runnerId: runner.id, soreness: 4 }]);
    await expect(deps.rawMail.size(inboundKey(messageId))).rejects.toBeInstanceOf(RawMailNotFoundError);
    expect((await emailsTo(runner.email)).map((m) => m.subject)).toEqual(["Got it: 4/10, quads"]);
    stall.die();
    await expect(first).rejects.toThrow(/timed out/);
  });

  it("a red flag delivered twice at once (two Lambda instances): one triage email, one alert, one handled check-in", async () => {
    // Arrange
    const { deps, runner, alerts, reply } = await setup();
    const message = await reply(SHIN);

    // Act
    const outcomes = await Promise.all([handleInbound(deps, message), handleInbound(deps, { ...message, raw: Buffer.from(message.raw) })]);

    // Assess
    expect(outcomes.map((o) => o.kind).sort()).toEqual(["duplicate", "triage"]);
    expect(await emailsTo(runner.email)).toHaveLength(1);
    expect(alerts.sent).toHaveLength(1);
    const items = await checkinItems(deps, runner);
    expect(items).toHaveLength(1);
    expect(items[0]).toHaveProperty("handledAt");
  });
});

describe("handling marks in the runner's data export", () => {
  it("a check-in shows when it was handled; the claim, table plumbing, never appears", async () => {
    // Arrange: one reply handled, one whose acknowledgement failed (unhandled, its claim released).
    const { deps, runner, reply } = await setup();
    await handleInbound(deps, await reply("Calves about a 5 today."));
    failFirstSend(deps, "ack");
    await expect(handleInbound(deps, await reply("Quads a 3."))).rejects.toThrow(/SES is failing/);
    expect((await checkinItems(deps, runner)).filter((i) => "claimUntil" in i)).toHaveLength(1);

    // Act
    const data = await collectRunnerData(deps, runner.id);

    // Assess
    const checkins = data!.checkins;
    expect(checkins).toHaveLength(2);
    expect(checkins.find((c) => c["soreness"] === 5)).toMatchObject({ handledAt: NOW.toISOString() });
    expect(checkins.find((c) => c["soreness"] === 3)).not.toHaveProperty("handledAt");
    for (const checkin of checkins) expect(checkin).not.toHaveProperty("claimUntil");
  });
});
