import { describe, expect, it } from "vitest";
import { collectRunnerData } from "../../functions/app/data-rights.js";
import { handleInbound, INBOUND_CLAIM_MS } from "../../functions/app/inbound.js";
import { InboundInFlightError, inboundKey } from "../../functions/app/inbound-deliveries.js";
import { RawMailNotFoundError } from "../../functions/ports/raw-mail.js";
import { DEFAULT_VERDICTS, sesEvent } from "../../infra/local/smtp.js";
import { emailsTo, scanTable } from "../support/stack.js";
import { failFirstSend, receiveSesEvent, replyMime } from "./support.js";
import { NOW, SHIN, checkinItems, setup, stallFirstSend } from "./redelivery-support.js";

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

  it("the inbound handler throws InboundInFlightError and keeps the inbound copy, so Lambda retries; the retry after the claim finishes and removes it", async () => {
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
    const first = receiveSesEvent(deps, event);
    await stall.reached;

    // Act
    const concurrent = receiveSesEvent(deps, event);

    // Assess
    await expect(concurrent).rejects.toBeInstanceOf(InboundInFlightError);
    expect(await deps.rawMail.size(inboundKey(messageId))).toBeGreaterThan(0);
    expect(await emailsTo(runner.email)).toHaveLength(0);

    // Act: the first run never comes back (a Lambda killed outright runs no more code); Lambda's next retry comes after the claim.
    clock.now = new Date(NOW.getTime() + INBOUND_CLAIM_MS + 60_000);
    const retry = await receiveSesEvent(deps, event);

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
