import { describe, expect, it } from "vitest";
import type { Checkin } from "../../functions/domain/checkin.js";
import type { MakePorts } from "./engines.js";
import { MINUTE, NOW, stored } from "./runners.contract.js";

const checkin = (at: Date, sourceId: string, soreness = 5): Checkin => ({
  at: at.toISOString(),
  week: 1,
  soreness,
  areas: ["calves"],
  redFlags: [],
  note: `about a ${soreness}`,
  source: "email",
  sourceId,
});

/** The CheckinRepository contract: once per source, claims for redelivery, and the profile's retained copy. */
export const checkinRepositoryContract = (name: string, make: MakePorts) =>
  describe(`CheckinRepository contract: ${name}`, () => {
    it("records a check-in once per source id and copies it onto the runner's recent check-ins", async () => {
      const ports = await make(() => NOW);
      const runner = await stored(ports);
      const first = checkin(NOW, "m1");
      expect(await ports.checkins.record(runner.id, first)).toEqual({ kind: "recorded", checkin: first });
      expect(await ports.checkins.record(runner.id, { ...first, soreness: 9 })).toEqual({ kind: "handled" });
      expect(await ports.checkins.list(runner.id)).toEqual([first]);
      const { at, week, soreness, areas, redFlags } = first;
      expect((await ports.runners.getById(runner.id))?.recentCheckins).toEqual([{ at, week, soreness, areas, redFlags }]);
    });

    it("a claimed delivery is in flight until its claim ends, then taken over once on the stored values; handled ends it", async () => {
      let now = NOW;
      const ports = await make(() => now);
      const runner = await stored(ports);
      const first = checkin(NOW, "m1", 6);
      const recorded = await ports.checkins.record(runner.id, first, { claimMs: 2 * MINUTE });
      expect(recorded).toEqual({ kind: "recorded", checkin: first, claimUntil: new Date(NOW.getTime() + 2 * MINUTE).toISOString() });
      expect(await ports.checkins.record(runner.id, { ...first, soreness: 1 }, { claimMs: 2 * MINUTE })).toEqual({ kind: "in_flight" });
      now = new Date(NOW.getTime() + 3 * MINUTE);
      const redo = await ports.checkins.record(runner.id, { ...first, soreness: 1 }, { claimMs: 2 * MINUTE });
      expect(redo).toEqual({ kind: "unfinished", checkin: first, claimUntil: new Date(now.getTime() + 2 * MINUTE).toISOString() });
      await ports.checkins.markHandled(runner.id, first);
      now = new Date(NOW.getTime() + 10 * MINUTE);
      expect(await ports.checkins.record(runner.id, first, { claimMs: 2 * MINUTE })).toEqual({ kind: "handled" });
    });

    it("a released claim lets the next delivery act at once; only the claim given is released", async () => {
      const ports = await make(() => NOW);
      const runner = await stored(ports);
      const first = checkin(NOW, "m1");
      const recorded = await ports.checkins.record(runner.id, first, { claimMs: 2 * MINUTE });
      await ports.checkins.release(runner.id, first, "2020-01-01T00:00:00.000Z");
      expect(await ports.checkins.record(runner.id, first, { claimMs: 2 * MINUTE })).toEqual({ kind: "in_flight" });
      if (recorded.kind !== "recorded" || !recorded.claimUntil) throw new Error("expected a claimed record");
      await ports.checkins.release(runner.id, first, recorded.claimUntil);
      expect(await ports.checkins.record(runner.id, first, { claimMs: 2 * MINUTE })).toMatchObject({ kind: "unfinished" });
      await expect(ports.checkins.markHandled("nobody000000", first)).resolves.toBeUndefined();
    });

    it("the runner's copy keeps only check-ins within the retention period, the newest six, oldest first", async () => {
      const ports = await make(() => NOW);
      const runner = await stored(ports);
      const day = 86_400_000;
      const old = checkin(new Date(NOW.getTime() - 400 * day), "old");
      await ports.checkins.record(runner.id, old);
      for (let i = 7; i >= 1; i--) await ports.checkins.record(runner.id, checkin(new Date(NOW.getTime() - i * day), `m${i}`));
      const recent = (await ports.runners.getById(runner.id))?.recentCheckins ?? [];
      expect(recent.map((c) => c.at)).toEqual([6, 5, 4, 3, 2, 1].map((i) => new Date(NOW.getTime() - i * day).toISOString()));
      expect(await ports.checkins.list(runner.id)).toHaveLength(8);
    });
  });
