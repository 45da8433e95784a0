import { describe, expect, it } from "vitest";
import { handleInbound } from "../../functions/app/inbound.js";
import type { Deps } from "../../functions/wiring.js";
import { activeRunner } from "../support/runners.js";
import { emailsTo, scanTable, testDeps } from "../support/stack.js";
import { inboundInput, replyAddress, replyMime } from "./support.js";

/**
 * Replays and senders: SES gives every delivery a new message id, so a reply delivered again (or a
 * captured signed reply replayed) is recognised per runner by its Message-ID and by its body; a message
 * naming more than one sender is refused. Each drop is logged with its reason and the runner id.
 */
const NOW = new Date("2026-12-08T09:00:00Z");

const setup = async () => {
  const deps: Deps = await testDeps({ role: "inbound", now: () => NOW });
  const runner = await activeRunner(deps, new Date("2026-11-30T00:00:00Z"), { week: 1 });
  const to = replyAddress(deps, runner, NOW);
  return { deps, runner, to };
};

const checkinsOf = async (deps: Deps, runnerId: string) =>
  (await scanTable(deps)).filter((i) => i["pk"] === `RUNNER#${runnerId}` && String(i["sk"]).startsWith("CHECKIN#"));

describe("a reply delivered more than once", () => {
  it("the same raw reply delivered three times (three SES ids) gives one check-in and one acknowledgement", async () => {
    // Arrange
    const { deps, runner, to } = await setup();
    const raw = await replyMime({ from: runner.email, to, text: "Calves about a 3", headers: { "Message-ID": "<same-1@mail.example>" } });

    // Act
    const outcomes = [];
    for (let i = 0; i < 3; i++) outcomes.push(await handleInbound(deps, inboundInput(raw, to, NOW)));

    // Assess
    expect(outcomes.map((o) => o.kind)).toEqual(["checkin", "ignored", "ignored"]);
    expect(outcomes[1]).toEqual({ kind: "ignored", reason: "replay_message_id", runnerId: runner.id });
    expect(await checkinsOf(deps, runner.id)).toHaveLength(1);
    expect(await emailsTo(runner.email)).toHaveLength(1);
  });

  it("a replay with a new Message-ID but the same body is caught by the body hash", async () => {
    // Arrange
    const { deps, runner, to } = await setup();
    const first = await replyMime({
      from: runner.email,
      to,
      text: "Calves 8, sharp pain",
      headers: { "Message-ID": "<a-1@mail.example>" },
    });
    const replay = await replyMime({
      from: runner.email,
      to,
      text: "Calves 8, sharp pain",
      headers: { "Message-ID": "<a-2@mail.example>" },
    });
    await handleInbound(deps, inboundInput(first, to, NOW));

    // Act
    const outcome = await handleInbound(deps, inboundInput(replay, to, NOW));

    // Assess
    expect(outcome).toEqual({ kind: "ignored", reason: "replay_body", runnerId: runner.id });
    expect(await checkinsOf(deps, runner.id)).toHaveLength(1);
    expect(await emailsTo(runner.email)).toHaveLength(1);
  });

  it("a different reply from the same runner still counts", async () => {
    // Arrange
    const { deps, runner, to } = await setup();
    const one = await replyMime({ from: runner.email, to, text: "Calves about a 3", headers: { "Message-ID": "<b-1@mail.example>" } });
    const two = await replyMime({ from: runner.email, to, text: "Actually calves a 5", headers: { "Message-ID": "<b-2@mail.example>" } });

    // Act
    const outcomes = [await handleInbound(deps, inboundInput(one, to, NOW)), await handleInbound(deps, inboundInput(two, to, NOW))];

    // Assess
    expect(outcomes).toEqual([
      { kind: "checkin", runnerId: runner.id, soreness: 3 },
      { kind: "checkin", runnerId: runner.id, soreness: 5 },
    ]);
  });
});

describe("a reply naming more than one sender", () => {
  it.each([
    ["two addresses in one From", (a: string) => ({ From: `${a}, other@elsewhere.example` })],
    ["two From headers", (a: string) => ({ From: a, "X-Dummy": "1" }), true],
  ])("%s is rejected and changes nothing", async (_name, fromHeader, twoHeaders?: boolean) => {
    // Arrange
    const { deps, runner, to } = await setup();
    let raw = await replyMime({ from: runner.email, to, text: "Calves about a 3" });
    raw = twoHeaders
      ? Buffer.from(`From: other@elsewhere.example\r\n${raw.toString("utf8")}`)
      : Buffer.from(raw.toString("utf8").replace(/^From: .*$/m, `From: ${fromHeader(runner.email).From}`));
    const before = await scanTable(deps);

    // Act
    const outcome = await handleInbound(deps, inboundInput(raw, to, NOW));

    // Assess
    expect(outcome).toEqual({ kind: "rejected", reason: "multiple_senders", runnerId: runner.id });
    expect(await scanTable(deps)).toEqual(before);
    expect(await emailsTo(runner.email)).toHaveLength(0);
  });
});

describe("acknowledgements that ask", () => {
  it("unclear wording gets a yes/no question, not a plain acknowledgement", async () => {
    const { deps, runner, to } = await setup();
    const raw = await replyMime({ from: runner.email, to, text: "About a 7 today. Felt a bit sharp on the last hill." });
    const outcome = await handleInbound(deps, inboundInput(raw, to, NOW));
    expect(outcome).toMatchObject({ kind: "checkin", soreness: 7 });
    const [ack] = await emailsTo(runner.email);
    expect(ack!.body.text).toContain("Is it sharp, or a dull ache?");
  });

  it("no score read: the acknowledgement says so and offers the score links", async () => {
    const { deps, runner, to } = await setup();
    const raw = await replyMime({ from: runner.email, to, text: "a 3 or 4 course dinner last night, legs fine" });
    const outcome = await handleInbound(deps, inboundInput(raw, to, NOW));
    expect(outcome).toMatchObject({ kind: "checkin", soreness: null });
    const [ack] = await emailsTo(runner.email);
    expect(ack!.subject).toBe("We couldn't find a score in your reply");
    expect(ack!.body.text).toMatch(/0–2[^\n]*checkin\?token=/);
  });
});
