import { describe, expect, it } from "vitest";
import { weeklyEmail } from "../../functions/app/dispatch.js";
import { handleInbound } from "../../functions/app/inbound.js";
import type { InboundInput } from "../../functions/app/inbound.js";
import { Links } from "../../functions/app/links.js";
import { DynamoCheckinRepository } from "../../functions/adapters/dynamodb/checkins.js";
import { signToken } from "../../functions/domain/tokens.js";
import type { Deps } from "../../functions/wiring.js";
import { activeRunner } from "../support/runners.js";
import { emailsTo, scanTable, testDeps } from "../support/stack.js";
import { PASS, replyAddress, replyMime } from "./support.js";

const NOW = new Date("2026-12-08T09:00:00Z");
let seq = 0;
const input = (raw: Buffer, to: string, overrides: Partial<InboundInput> = {}): InboundInput => ({
  messageId: `msg${Date.now()}${seq++}`,
  receivedAt: NOW.toISOString(),
  recipients: [to],
  verdicts: PASS,
  raw,
  ...overrides,
});

const checkinsOf = (deps: Deps, runnerId: string) => new DynamoCheckinRepository(deps.doc, deps.config.LEGWORK_TABLE, 365).list(runnerId);

const setup = async () => {
  const deps = await testDeps({ role: "inbound", now: () => NOW });
  // The runner has had week 1 and is replying to it.
  const runner = await activeRunner(deps, new Date("2026-11-30T00:00:00Z"), { soreAreas: ["calves"], week: 1 });
  return { deps, runner, to: replyAddress(deps, runner, NOW) };
};

describe("inbound replies", () => {
  it("records a check-in, acknowledges what it understood, and the next weekly email adapts", async () => {
    const { deps, runner, to } = await setup();
    const raw = await replyMime({ from: runner.email, to, text: "Calves about a 7 today after the hills." });

    const outcome = await handleInbound(deps, input(raw, to));

    expect(outcome).toMatchObject({ kind: "checkin", soreness: 7 });
    const [checkin] = await checkinsOf(deps, runner.id);
    expect(checkin).toMatchObject({ soreness: 7, areas: ["calves"], redFlags: [], source: "email" });
    expect(checkin!.note).toContain("Calves about a 7");
    expect(checkin!.note).not.toContain("How are your legs");
    const mail = await emailsTo(runner.email);
    expect(mail.map((m) => m.subject)).toEqual(["Got it: 7/10, calves"]);

    const stored = await deps.runners.getById(runner.id);
    const next = weeklyEmail(deps.config, new Links(deps.keys, "https://coach.legwork.example", "reply.legwork.example"), stored!, 2, NOW);
    expect(next.text).toContain("Last week you said calves 7/10");
  });

  it("a red flag pauses the drip, sends the triage email and no weekly email goes out after", async () => {
    const { deps, runner, to } = await setup();
    const raw = await replyMime({ from: runner.email, to, text: "Sharp pain in my left shin, and it's swollen. About a 6." });

    const outcome = await handleInbound(deps, input(raw, to));

    expect(outcome).toMatchObject({ kind: "triage", redFlags: ["sharp_pain", "swelling"] });
    const stored = await deps.runners.getById(runner.id);
    expect(stored).toMatchObject({ status: "paused" });
    expect(stored!.nextSendAt).toBeUndefined();
    const items = await scanTable(deps);
    expect(items.find((i) => i["pk"] === `RUNNER#${runner.id}` && i["sk"] === "PROFILE")?.["gsi1pk"]).toBeUndefined();
    const [mail] = await emailsTo(runner.email);
    expect(mail!.subject).toMatch(/please get it checked/i);
    expect(mail!.body.text).toMatch(/physio or sports doctor/);
    expect(mail!.body.text).toMatch(/RESUME/);
  });

  it("a negated red flag is not triage", async () => {
    const { deps, runner, to } = await setup();
    const raw = await replyMime({ from: runner.email, to, text: "No sharp pain, no swelling. Quads a 4." });
    expect(await handleInbound(deps, input(raw, to))).toMatchObject({ kind: "checkin", soreness: 4 });
    expect((await deps.runners.getById(runner.id))?.status).toBe("active");
  });

  it("STOP unsubscribes, PAUSE 3 weeks pauses, RESUME resumes", async () => {
    const { deps, runner, to } = await setup();
    expect(await handleInbound(deps, input(await replyMime({ from: runner.email, to, text: "PAUSE 3 weeks please" }), to))).toMatchObject({
      kind: "command",
      command: "pause",
    });
    const paused = await deps.runners.getById(runner.id);
    expect(paused?.status).toBe("paused");
    expect(Date.parse(paused!.pausedUntil!) - NOW.getTime()).toBe(3 * 7 * 86_400_000);
    expect(await handleInbound(deps, input(await replyMime({ from: runner.email, to, text: "RESUME" }), to))).toMatchObject({
      kind: "command",
      command: "resume",
    });
    expect((await deps.runners.getById(runner.id))?.status).toBe("active");
    expect(await handleInbound(deps, input(await replyMime({ from: runner.email, to, text: "STOP" }), to))).toMatchObject({
      kind: "command",
      command: "stop",
    });
    expect((await deps.runners.getById(runner.id))?.status).toBe("unsubscribed");
    expect((await emailsTo(runner.email)).map((m) => m.subject)).toHaveLength(3);
  });

  it("the same message delivered twice is recorded and acknowledged once", async () => {
    const { deps, runner, to } = await setup();
    const once = input(await replyMime({ from: runner.email, to, text: "calves 5" }), to);
    await handleInbound(deps, once);
    const second = await handleInbound(deps, once);
    expect(second).toMatchObject({ kind: "duplicate" });
    expect(await checkinsOf(deps, runner.id)).toHaveLength(1);
    expect(await emailsTo(runner.email)).toHaveLength(1);
  });

  it("ignores auto-replies", async () => {
    const { deps, runner, to } = await setup();
    const raw = await replyMime({
      from: runner.email,
      to,
      text: "I am out of the office until Monday. 7 days.",
      subject: "Automatic reply: Week 2",
      headers: { "Auto-Submitted": "auto-replied" },
    });
    const before = await scanTable(deps);
    expect(await handleInbound(deps, input(raw, to))).toMatchObject({ kind: "ignored", reason: "auto_reply" });
    expect(await scanTable(deps)).toEqual(before);
    expect(await emailsTo(runner.email)).toHaveLength(0);
  });

  it("a reply with as many attachments as the limit allows is still read", async () => {
    // Arrange
    const { deps, runner, to } = await setup();
    const attachments = Array.from({ length: deps.config.LEGWORK_INBOUND_MAX_ATTACHMENTS }, (_, i) => ({
      filename: `photo${i}.jpg`,
      content: `not really a photo ${i}`,
    }));
    const raw = await replyMime({ from: runner.email, to, text: "calves 5, photos attached", attachments });

    // Act
    const outcome = await handleInbound(deps, input(raw, to));

    // Assess
    expect(outcome).toMatchObject({ kind: "checkin", soreness: 5 });
  });

  const spoofs: [string, (deps: Deps, runner: { id: string; email: string }, to: string) => Promise<InboundInput>, string][] = [
    [
      "a DKIM and SPF failure",
      async (_d, r, to) =>
        input(await replyMime({ from: r.email, to, text: "calves 7" }), to, { verdicts: { ...PASS, dkim: "FAIL", spf: "FAIL" } }),
      "not_authenticated",
    ],
    [
      "DKIM FAIL alone (SPF and DMARC pass)",
      async (_d, r, to) => input(await replyMime({ from: r.email, to, text: "STOP" }), to, { verdicts: { ...PASS, dkim: "FAIL" } }),
      "dkim_fail",
    ],
    [
      "DMARC FAIL alone (SPF and DKIM pass)",
      async (_d, r, to) => input(await replyMime({ from: r.email, to, text: "STOP" }), to, { verdicts: { ...PASS, dmarc: "FAIL" } }),
      "dmarc_fail",
    ],
    [
      "spam",
      async (_d, r, to) => input(await replyMime({ from: r.email, to, text: "calves 7" }), to, { verdicts: { ...PASS, spam: "FAIL" } }),
      "spam_verdict",
    ],
    [
      "a From that is not the runner",
      async (_d, _r, to) => input(await replyMime({ from: "mallory@example.net", to, text: "STOP" }), to),
      "from_mismatch",
    ],
    [
      "a forged token",
      async (_d, r, to) => {
        // The signature's last character, changed (the callback's first argument is the whole match, "x@").
        const forged = to.replace(/([a-z2-7])@/, (_match, last: string) => `${last === "a" ? "b" : "a"}@`);
        expect(forged).not.toBe(to);
        return input(await replyMime({ from: r.email, to: forged, text: "STOP" }), forged);
      },
      "token_ForgedTokenError",
    ],
    [
      "an expired token",
      async (d, r) => {
        const old = `checkin+${signToken(d.keys, { purpose: "checkin", runnerId: r.id, now: new Date(NOW.getTime() - 61 * 86_400_000) })}@reply.legwork.example`;
        return input(await replyMime({ from: r.email, to: old, text: "STOP" }), old);
      },
      "token_ExpiredTokenError",
    ],
    [
      "a wrong-purpose token",
      async (d, r) => {
        const wrong = `checkin+${signToken(d.keys, { purpose: "unsubscribe", runnerId: r.id, now: NOW })}@reply.legwork.example`;
        return input(await replyMime({ from: r.email, to: wrong, text: "STOP" }), wrong);
      },
      "token_WrongPurposeTokenError",
    ],
    [
      "an unknown runner",
      async (d, r) => {
        const ghost = `checkin+${signToken(d.keys, { purpose: "checkin", runnerId: "ghostrunner01", now: NOW })}@reply.legwork.example`;
        return input(await replyMime({ from: r.email, to: ghost, text: "STOP" }), ghost);
      },
      "unknown_runner",
    ],
    [
      "no reply address at all",
      async (_d, r) => input(await replyMime({ from: r.email, to: "coach@legwork.example", text: "STOP" }), "coach@legwork.example"),
      "no_reply_token",
    ],
    [
      "more attachments than the limit",
      async (d, r, to) => {
        const attachments = Array.from({ length: d.config.LEGWORK_INBOUND_MAX_ATTACHMENTS + 1 }, (_, i) => ({
          filename: `photo${i}.jpg`,
          content: `not really a photo ${i}`,
        }));
        return input(await replyMime({ from: r.email, to, text: "STOP, calves 7", attachments }), to);
      },
      "too_many_attachments",
    ],
    [
      "a 5 MB message",
      async (_d, r, to) => input(await replyMime({ from: r.email, to, text: `STOP ${"x".repeat(5 * 1024 * 1024)}` }), to),
      "too_large",
    ],
    ["malformed MIME", async (_d, _r, to) => input(Buffer.from("\u0000\u0001 not mail at all \r\n\r\n--"), to), "MalformedMessageError"],
  ];

  it.each(spoofs)("%s changes nothing and sends nothing", async (_label, make, reason) => {
    const { deps, runner, to } = await setup();
    const before = await scanTable(deps);
    const outcome = await handleInbound(deps, await make(deps, runner, to));
    expect(outcome).toMatchObject({ kind: "rejected", reason });
    expect(await scanTable(deps)).toEqual(before);
    expect(await emailsTo(runner.email)).toHaveLength(0);
  });
});
