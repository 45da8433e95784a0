import { describe, expect, it } from "vitest";
import { RunnerIdTakenError } from "../../functions/ports/runners.js";
import type { RunnerPorts } from "./engines.js";
import type { MakePorts } from "./engines.js";
import { pendingRunner } from "../support/runners.js";

const NOW = new Date("2026-12-01T10:00:00.000Z");
const LATER = new Date("2026-12-09T10:00:00.000Z");
const MINUTE = 60_000;

const collect = async <T>(items: AsyncIterable<T>): Promise<T[]> => {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
};

/** Whether the due query at `at` finds the runner. */
export const isDue = async (ports: Pick<RunnerPorts, "due">, id: string, at = LATER): Promise<boolean> =>
  (await collect(ports.due.due(at))).some((r) => r.id === id);

/** An active runner, due at `next`. */
export const stored = async (ports: RunnerPorts, next = new Date(NOW.getTime() + MINUTE)) => {
  const runner = pendingRunner(NOW);
  await ports.runners.create(runner);
  return (await ports.runners.activate(runner.id, { now: NOW, nextSendAt: next }))!;
};

/** The RunnerRepository contract: what signup, confirmation, unsubscribe and triage rely on. */
export const runnerRepositoryContract = (name: string, make: MakePorts) =>
  describe(`RunnerRepository contract: ${name}`, () => {
    it("creates once per address: a second signup for the address gets the first runner back; a taken id is a named error", async () => {
      const ports = await make(() => NOW);
      const first = pendingRunner(NOW);
      expect(await ports.runners.create(first)).toEqual({ created: true, runner: first });
      expect(await ports.runners.create({ ...pendingRunner(NOW), email: first.email })).toMatchObject({ created: false, runner: first });
      expect(await ports.runners.getById(first.id)).toMatchObject(first);
      expect(await ports.runners.getByEmail(first.email)).toMatchObject(first);
      expect(await ports.runners.getByEmail("nobody@example.com")).toBeUndefined();
      await expect(ports.runners.create({ ...pendingRunner(NOW), id: first.id })).rejects.toBeInstanceOf(RunnerIdTakenError);
    });

    it("marks a confirmation once per interval; clearing the mark allows the next at once; a missing runner is no error", async () => {
      const ports = await make(() => NOW);
      const runner = pendingRunner(NOW);
      await ports.runners.create(runner);
      const notBefore = new Date(NOW.getTime() - 10 * MINUTE);
      expect(await ports.runners.markConfirmationSent(runner.id, NOW, notBefore)).toBe(true);
      expect(await ports.runners.markConfirmationSent(runner.id, NOW, notBefore)).toBe(false);
      await ports.runners.clearConfirmationSent(runner.id, NOW);
      expect(await ports.runners.markConfirmationSent(runner.id, NOW, notBefore)).toBe(true);
      expect(await ports.runners.markConfirmationSent("nobody000000", NOW, notBefore)).toBe(false);
      await expect(ports.runners.clearConfirmationSent("nobody000000", NOW)).resolves.toBeUndefined();
    });

    it("activates a pending runner once, into the due query; an active or unknown one is not activated", async () => {
      const ports = await make(() => NOW);
      const runner = await stored(ports);
      expect(runner).toMatchObject({
        status: "active",
        confirmedAt: NOW.toISOString(),
        nextSendAt: new Date(NOW.getTime() + MINUTE).toISOString(),
      });
      expect(await isDue(ports, runner.id)).toBe(true);
      expect(await isDue(ports, runner.id, NOW)).toBe(false);
      expect(await ports.runners.activate(runner.id, { now: NOW, nextSendAt: LATER })).toBeUndefined();
      expect(await ports.runners.activate("nobody000000", { now: NOW, nextSendAt: LATER })).toBeUndefined();
    });

    it("unsubscribes once: only the first call changed it, the status before is kept, and the runner is no longer due", async () => {
      const ports = await make(() => NOW);
      const runner = await stored(ports);
      const first = await ports.runners.unsubscribe(runner.id, NOW);
      expect(first).toMatchObject({
        changed: true,
        runner: { status: "unsubscribed", unsubscribedFrom: "active", unsubscribedAt: NOW.toISOString() },
      });
      expect(first?.runner.nextSendAt).toBeUndefined();
      expect(await ports.runners.unsubscribe(runner.id, LATER)).toMatchObject({
        changed: false,
        runner: { unsubscribedAt: NOW.toISOString() },
      });
      expect(await isDue(ports, runner.id)).toBe(false);
      expect(await ports.runners.unsubscribe("nobody000000", NOW)).toBeUndefined();
    });

    it("holds an active runner for triage: paused with no end, neither due nor waking; a pending runner is not held", async () => {
      const ports = await make(() => NOW);
      const runner = await stored(ports);
      const held = await ports.runners.holdForTriage(runner.id, NOW);
      expect(held).toMatchObject({ status: "paused", triageAt: NOW.toISOString(), pausedAt: NOW.toISOString() });
      expect(held?.pausedUntil).toBeUndefined();
      expect(await isDue(ports, runner.id)).toBe(false);
      expect((await collect(ports.subscribers.pausedDue(LATER))).map((r) => r.id)).not.toContain(runner.id);
      const pending = pendingRunner(NOW);
      await ports.runners.create(pending);
      expect(await ports.runners.holdForTriage(pending.id, NOW)).toBeUndefined();
    });

    it("lists every runner, oldest first", async () => {
      const ports = await make(() => NOW);
      const older = pendingRunner(new Date(NOW.getTime() - MINUTE));
      const newer = pendingRunner(NOW);
      await ports.runners.create(newer);
      await ports.runners.create(older);
      expect((await ports.runners.list()).map((r) => r.id)).toEqual([older.id, newer.id]);
    });
  });

export { collect, LATER, MINUTE, NOW };
