import { describe, expect, it } from "vitest";
import { TEST_SEND_TYPES, NotAnOperatorError, testSend } from "../../functions/app/operator/test-send.js";
import { listHeld, resumeHeld, showHeld } from "../../functions/app/operator/triage.js";
import { operatorStats, timelineOf } from "../../functions/app/operator/reads.js";
import { dispatch } from "../../functions/app/dispatch.js";
import { dispatchDeps } from "../../functions/app/dispatch-deps.js";
import { activeRunner } from "../support/runners.js";
import { SAMPLE_PROFILE, previewRunner } from "../../functions/app/sample-runner.js";
import { ValidationError } from "../../functions/domain/errors.js";
import { signupSchema } from "../../functions/domain/profile.js";
import { adminDeps, heldRunner } from "../support/admin.js";
import { emailsTo, scanTable, uniqueEmail } from "../support/stack.js";

const sample = () => {
  const { consent: _c, ...profile } = signupSchema.parse({ ...SAMPLE_PROFILE, consent: true });
  return previewRunner(profile, { week: 3, now: new Date() });
};

describe("test-send", () => {
  it.each(TEST_SEND_TYPES)("sends the %s email to an operator, subject prefixed [Test], with a text part", async (type) => {
    const { deps, operator } = await adminDeps();
    const result = await testSend(deps, { to: operator, type, runner: sample() });
    const [mail] = await emailsTo(operator);
    expect(mail?.subject).toBe(result.subject);
    expect(result.subject).toMatch(/^\[Test\] \S/);
    expect(mail?.body.text?.length).toBeGreaterThan(50);
  });

  it("refuses any address off the operator list and sends nothing", async () => {
    const { deps } = await adminDeps();
    const stranger = uniqueEmail("stranger");
    await expect(testSend(deps, { to: stranger, type: "weekly", runner: sample() })).rejects.toBeInstanceOf(NotAnOperatorError);
    expect(await emailsTo(stranger)).toEqual([]);
  });
});

describe("triage", () => {
  it("lists held runners with their flags and words, shows the triage answer, and resumes only with a note", async () => {
    const { deps, operator } = await adminDeps();
    const held = await heldRunner(deps, new Date());
    expect(await listHeld(deps)).toEqual([
      expect.objectContaining({
        id: held.id,
        email: held.email,
        redFlags: ["sharp_pain"],
        reply: "sharp pain in my shin since Tuesday's run",
      }),
    ]);
    const detail = await showHeld(deps, held.id);
    expect(detail.answer.text).toMatch(/physio|doctor/i);
    const before = await scanTable(deps);
    await expect(resumeHeld(deps, { id: held.id, operator, note: "  " })).rejects.toBeInstanceOf(ValidationError);
    expect(await scanTable(deps)).toEqual(before);
    const resumed = await resumeHeld(deps, { id: held.id, operator, note: "physio cleared" });
    expect(resumed).toMatchObject({ status: "active", nextSendAt: expect.any(String) });
    expect(await listHeld(deps)).toEqual([]);
    const { entries } = await timelineOf(deps, held.id);
    expect(entries.map((e) => e.kind)).toEqual(["signup", "confirmed", "checkin", "held", "resumed-by-operator"]);
    expect(entries.at(-1)?.summary).toBe(`resumed by ${operator}: physio cleared`);
  });
});

describe("stats from the table", () => {
  it("counts weekly sends, and the failures the dispatcher records, in the week they happened", async () => {
    const now = new Date("2026-12-03T12:00:00Z");
    const { deps } = await adminDeps(() => now);
    const ok = await activeRunner(deps, new Date("2026-11-20T00:00:00Z"));
    const refused = await activeRunner(deps, new Date("2026-11-20T00:00:00Z"));
    const rejecting = {
      send: async (email: { to: string }) => {
        if (email.to === refused.email)
          throw Object.assign(new Error("rejected"), { name: "MessageRejected", $metadata: { httpStatusCode: 400 } });
        return deps.weeklyMailer.send(email as never);
      },
    };
    const result = await dispatch({ ...dispatchDeps(deps), mailer: rejecting as never }, { now, remainingMs: () => 300_000 });
    expect(result).toMatchObject({ sent: 1, failed: 1 });
    const week = (await operatorStats(deps, 2)).weekly.at(-1);
    expect(week).toMatchObject({ weekStart: "2026-11-30", sent: 1, failed: 1 });
    expect(ok.id).not.toBe(refused.id);
  });
});
