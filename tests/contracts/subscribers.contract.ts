import { describe, expect, it } from "vitest";
import type { MakePorts } from "./engines.js";
import { collect, isDue, LATER, MINUTE, NOW, stored } from "./runners.contract.js";

const WEEK = 7 * 86_400_000;
const waking = async (ports: Awaited<ReturnType<MakePorts>>, at: Date) => (await collect(ports.subscribers.pausedDue(at))).map((r) => r.id);

/** The SubscriberAdmin contract: preferences, pause and wake, undo, suppression and the triage notice. */
export const subscriberAdminContract = (name: string, make: MakePorts) =>
  describe(`SubscriberAdmin contract: ${name}`, () => {
    it("a pause takes the runner out of the due query until it ends; waking is conditional on the end having passed", async () => {
      const ports = await make(() => NOW);
      const runner = await stored(ports);
      const until = new Date(NOW.getTime() + 2 * WEEK);
      expect(await ports.subscribers.pause(runner.id, { until, now: NOW })).toMatchObject({
        status: "paused",
        pausedUntil: until.toISOString(),
      });
      expect(await isDue(ports, runner.id, new Date(until.getTime() + WEEK))).toBe(false);
      expect(await waking(ports, LATER)).not.toContain(runner.id);
      expect(await waking(ports, until)).toContain(runner.id);
      const next = new Date(until.getTime() + MINUTE);
      expect(await ports.subscribers.resume(runner.id, { nextSendAt: next, now: NOW, dueBy: LATER })).toBeUndefined();
      const woken = await ports.subscribers.resume(runner.id, { nextSendAt: next, now: until, dueBy: until });
      expect(woken).toMatchObject({ status: "active", nextSendAt: next.toISOString() });
      expect(woken?.pausedUntil).toBeUndefined();
      expect(await waking(ports, until)).not.toContain(runner.id);
      expect(await isDue(ports, runner.id, next)).toBe(true);
      expect(await ports.subscribers.resume(runner.id, { nextSendAt: next, now: until })).toBeUndefined();
    });

    it("saves preferences only while the status is the one planned against, and a new slot moves the due query", async () => {
      const ports = await make(() => NOW);
      const runner = await stored(ports);
      const prefs = { ...runner, sendHour: 18 };
      expect(await ports.subscribers.savePreferences(runner.id, prefs, { expectStatus: "paused", now: NOW })).toBeUndefined();
      const saved = await ports.subscribers.savePreferences(runner.id, prefs, { expectStatus: "active", now: NOW, nextSendAt: LATER });
      expect(saved).toMatchObject({ sendHour: 18, nextSendAt: LATER.toISOString() });
      expect(await isDue(ports, runner.id, new Date(LATER.getTime() - MINUTE))).toBe(false);
      expect(await isDue(ports, runner.id, LATER)).toBe(true);
    });

    it("undo restores the state before, once, and only for the unsubscribe it was made for", async () => {
      const ports = await make(() => NOW);
      const runner = await stored(ports);
      const { runner: gone } = (await ports.runners.unsubscribe(runner.id, NOW))!;
      const to = { status: "active" as const, nextSendAt: LATER };
      expect(await ports.subscribers.restore(runner.id, { unsubscribedAt: "2020-01-01T00:00:00.000Z", to, now: NOW })).toBeUndefined();
      const back = await ports.subscribers.restore(runner.id, { unsubscribedAt: gone.unsubscribedAt!, to, now: NOW });
      expect(back).toMatchObject({ status: "active", nextSendAt: LATER.toISOString() });
      expect(back?.unsubscribedFrom).toBeUndefined();
      expect(await isDue(ports, runner.id)).toBe(true);
      expect(await ports.subscribers.restore(runner.id, { unsubscribedAt: gone.unsubscribedAt!, to, now: NOW })).toBeUndefined();
    });

    it("a restored pause with an end wakes by itself; a restored triage hold does not", async () => {
      const ports = await make(() => NOW);
      const [paused, held] = [await stored(ports), await stored(ports)];
      const until = new Date(NOW.getTime() + WEEK);
      await ports.subscribers.pause(paused.id, { until, now: NOW });
      await ports.runners.holdForTriage(held.id, NOW);
      for (const r of [paused, held]) {
        const { runner } = (await ports.runners.unsubscribe(r.id, NOW))!;
        const to = runner.pausedUntil ? { status: "paused" as const, pausedUntil: runner.pausedUntil } : { status: "paused" as const };
        expect(await ports.subscribers.restore(r.id, { unsubscribedAt: runner.unsubscribedAt!, to, now: NOW })).toMatchObject({
          status: "paused",
        });
      }
      expect(await waking(ports, until)).toContain(paused.id);
      expect(await waking(ports, until)).not.toContain(held.id);
    });

    it("suppression stops all mail: out of the due query; a bounce never overwrites a complaint; repeats change nothing", async () => {
      const ports = await make(() => NOW);
      const [bounced, complained] = [await stored(ports), await stored(ports)];
      expect(await ports.subscribers.suppress(bounced.id, "bounced", NOW)).toMatchObject({ status: "bounced" });
      expect(await isDue(ports, bounced.id)).toBe(false);
      expect(await ports.subscribers.suppress(bounced.id, "bounced", NOW)).toBeUndefined();
      expect(await ports.subscribers.suppress(bounced.id, "complained", NOW)).toMatchObject({ status: "complained" });
      expect(await ports.subscribers.suppress(complained.id, "complained", NOW)).toMatchObject({ status: "complained" });
      expect(await ports.subscribers.suppress(complained.id, "bounced", NOW)).toBeUndefined();
      expect(await ports.subscribers.suppress("nobody000000", "bounced", NOW)).toBeUndefined();
      expect((await ports.runners.getById(complained.id))?.status).toBe("complained");
    });

    it("counts transient bounces once per feedback id; a delivery clears the count, once", async () => {
      const ports = await make(() => NOW);
      const runner = await stored(ports);
      expect(await ports.subscribers.countSoftBounce(runner.id, "f1", NOW)).toBe(1);
      expect(await ports.subscribers.countSoftBounce(runner.id, "f1", NOW)).toBeUndefined();
      expect(await ports.subscribers.countSoftBounce(runner.id, "f2", NOW)).toBe(2);
      expect(await ports.subscribers.clearSoftBounces(runner.id)).toBe(true);
      expect(await ports.subscribers.clearSoftBounces(runner.id)).toBe(false);
      expect(await ports.subscribers.countSoftBounce(runner.id, "f3", NOW)).toBe(1);
      expect(await ports.subscribers.countSoftBounce("nobody000000", "f1", NOW)).toBeUndefined();
      expect(await ports.subscribers.clearSoftBounces("nobody000000")).toBe(false);
    });

    it("grants one triage notice per interval, to active or paused runners only", async () => {
      const ports = await make(() => NOW);
      const runner = await stored(ports);
      const hourAgo = (at: Date) => new Date(at.getTime() - 60 * MINUTE);
      expect(await ports.subscribers.claimTriageNotice(runner.id, NOW, hourAgo(NOW))).toBe(true);
      expect(await ports.subscribers.claimTriageNotice(runner.id, NOW, hourAgo(NOW))).toBe(false);
      const later = new Date(NOW.getTime() + 61 * MINUTE);
      expect(await ports.subscribers.claimTriageNotice(runner.id, later, hourAgo(later))).toBe(true);
      await ports.runners.unsubscribe(runner.id, later);
      const last = new Date(later.getTime() + 120 * MINUTE);
      expect(await ports.subscribers.claimTriageNotice(runner.id, last, hourAgo(last))).toBe(false);
    });
  });
