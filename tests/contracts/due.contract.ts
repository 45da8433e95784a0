import { describe, expect, it } from "vitest";
import type { MakePorts } from "./engines.js";
import { collect, isDue, LATER, MINUTE, NOW, stored } from "./runners.contract.js";

const sent = (week: number) => ({ week, at: LATER.toISOString(), messageId: `<week${week}@x>` });

/** The DueQuery and SendClaims contract: exactly-once bookkeeping of a weekly send. */
export const dueContract = (name: string, make: MakePorts) =>
  describe(`DueRepository contract: ${name}`, () => {
    it("one claim per week: a second is refused, the advance needs the claim, and the week moves on", async () => {
      const ports = await make(() => NOW);
      const runner = await stored(ports);
      const claim = { week: 1, claimId: "c1", now: LATER, until: new Date(LATER.getTime() + 15 * MINUTE) };
      expect(await ports.due.claim(runner, claim)).toBe(true);
      expect(await ports.due.claim(runner, { ...claim, claimId: "c2" })).toBe(false);
      const next = new Date(LATER.getTime() + 7 * 86_400_000);
      const advance = { week: 1, completed: false as const, nextSendAt: next };
      expect(await ports.due.advance(runner.id, { claimId: "c2", advance, sent: sent(1), now: LATER })).toBe(false);
      expect(await ports.due.advance(runner.id, { claimId: "c1", advance, sent: sent(1), now: LATER })).toBe(true);
      expect(await ports.runners.getById(runner.id)).toMatchObject({ week: 1, nextSendAt: next.toISOString(), sends: [sent(1)] });
      expect(await isDue(ports, runner.id, LATER)).toBe(false);
      expect(await ports.due.claim(runner, { ...claim, claimId: "c3" })).toBe(false);
    });

    it("a released claim can be taken again at once; an expired one by anyone", async () => {
      const ports = await make(() => NOW);
      const runner = await stored(ports);
      const until = new Date(LATER.getTime() + 15 * MINUTE);
      expect(await ports.due.claim(runner, { week: 1, claimId: "c1", now: LATER, until })).toBe(true);
      await ports.due.release(runner.id, "other");
      expect(await ports.due.claim(runner, { week: 1, claimId: "c2", now: LATER, until })).toBe(false);
      await ports.due.release(runner.id, "c1");
      expect(await ports.due.claim(runner, { week: 1, claimId: "c2", now: LATER, until })).toBe(true);
      expect(await ports.due.claim(runner, { week: 1, claimId: "c3", now: until, until: new Date(until.getTime() + MINUTE) })).toBe(true);
    });

    it("the last week completes the programme: out of the due query; an unsubscribe during the send is not undone", async () => {
      const ports = await make(() => NOW);
      const [last, leaving] = [await stored(ports), await stored(ports)];
      const until = new Date(LATER.getTime() + 15 * MINUTE);
      await ports.due.claim(last, { week: 1, claimId: "c1", now: LATER, until });
      await ports.due.claim(leaving, { week: 1, claimId: "c2", now: LATER, until });
      expect(await ports.due.advance(last.id, { claimId: "c1", advance: { week: 1, completed: true }, sent: sent(1), now: LATER })).toBe(
        true,
      );
      expect((await ports.runners.getById(last.id))?.status).toBe("completed");
      expect(await isDue(ports, last.id, until)).toBe(false);
      await ports.runners.unsubscribe(leaving.id, LATER);
      const advance = { week: 1, completed: false as const, nextSendAt: until };
      expect(await ports.due.advance(leaving.id, { claimId: "c2", advance, sent: sent(1), now: LATER })).toBe(false);
      expect((await ports.runners.getById(leaving.id))?.status).toBe("unsubscribed");
    });

    it("a queue lease hides the runner from dueNotQueued until it ends or is given back", async () => {
      const ports = await make(() => NOW);
      const runner = await stored(ports);
      const ids = async (at: Date) => (await collect(ports.due.dueNotQueued(at))).map((r) => r.id);
      const until = new Date(LATER.getTime() + 60 * MINUTE);
      expect(await ports.due.markQueued(runner, { week: 1, now: LATER, until })).toBe(true);
      expect(await ports.due.markQueued(runner, { week: 1, now: LATER, until })).toBe(false);
      expect(await ids(LATER)).not.toContain(runner.id);
      expect(await ids(until)).toContain(runner.id);
      await ports.due.unmarkQueued(runner.id, 1);
      expect(await ids(LATER)).toContain(runner.id);
      expect(await ports.due.markQueued(runner, { week: 2, now: LATER, until })).toBe(false);
    });
  });
