import { describe, expect, it } from "vitest";
import type { Checkin } from "../../functions/domain/checkin.js";
import { DynamoCheckinRepository } from "../../functions/adapters/dynamodb/checkins.js";
import { RECENT_CHECKINS, recentWithin } from "../../functions/domain/checkin.js";
import { handleInbound } from "../../functions/app/inbound.js";
import { activeRunner } from "../support/runners.js";
import { freshConfig, scanTable, testDeps } from "../support/stack.js";
import { inboundInput, replyAddress, replyMime } from "./support.js";

/** Check-ins are health data: each item carries a TTL, and the profile's copy is pruned to the same period. */
const NOW = new Date("2026-12-08T09:00:00Z");
const DAY = 86_400_000;
const daysAgo = (days: number, from = NOW): string => new Date(from.getTime() - days * DAY).toISOString();

const checkin = (at: string, sourceId: string, soreness = 4): Checkin => ({
  at,
  week: 1,
  soreness,
  areas: ["calves"],
  redFlags: [],
  note: "",
  source: "email",
  sourceId,
});

describe("check-in retention", () => {
  it.each([
    ["the default (365 days)", undefined, 365],
    ["LEGWORK_CHECKIN_RETENTION_DAYS=30", "30", 30],
    ["LEGWORK_CHECKIN_RETENTION_DAYS=7", "7", 7],
  ])("a reply's check-in item has ttl = at + retentionDays × 86,400 s with %s", async (_label, setting, days) => {
    // Arrange
    const config = await freshConfig(setting ? { LEGWORK_CHECKIN_RETENTION_DAYS: setting } : {});
    const deps = await testDeps({ role: "inbound", config, now: () => NOW });
    const runner = await activeRunner(deps, new Date("2026-11-30T00:00:00Z"), { week: 1 });
    const to = replyAddress(deps, runner, NOW);
    const receivedAt = new Date("2026-12-08T08:59:41.250Z");

    // Act
    await handleInbound(deps, inboundInput(await replyMime({ from: runner.email, to, text: "calves 5" }), to, receivedAt));

    // Assess
    const items = (await scanTable(deps)).filter((i) => String(i["sk"]).startsWith("CHECKIN#"));
    expect(items).toHaveLength(1);
    expect(items[0]!["at"]).toBe(receivedAt.toISOString());
    // 2026-12-08T08:59:41Z is epoch second 1,796,720,381.
    expect(items[0]!["ttl"]).toBe(1_796_720_381 + days * 86_400);
  });

  it("the profile's recentCheckins leaves out check-ins older than the retention period", async () => {
    // Arrange
    const deps = await testDeps({ role: "inbound", now: () => NOW });
    const runner = await activeRunner(deps, new Date("2025-10-01T00:00:00Z"), { week: 1 });
    const repo = new DynamoCheckinRepository(deps.doc, deps.config.LEGWORK_TABLE, 30, () => NOW);
    await repo.record(runner.id, checkin(daysAgo(45), "old"));
    await repo.record(runner.id, checkin(daysAgo(31), "just-expired"));

    // Act
    await repo.record(runner.id, checkin(daysAgo(29), "kept"));
    await repo.record(runner.id, checkin(NOW.toISOString(), "today"));

    // Assess
    const recent = (await deps.runners.getById(runner.id))?.recentCheckins ?? [];
    expect(recent.map((c) => c.at)).toEqual([daysAgo(29), NOW.toISOString()]);
    // The items themselves stay until DynamoDB's TTL deletes them; only the copy is pruned.
    expect(await repo.list(runner.id)).toHaveLength(4);
  });

  it("prunes again on every write: a check-in that has aged past retention drops off at the next one", async () => {
    // Arrange
    let now = NOW;
    const deps = await testDeps({ role: "inbound", now: () => now });
    const runner = await activeRunner(deps, new Date("2026-11-30T00:00:00Z"), { week: 1 });
    const repo = new DynamoCheckinRepository(deps.doc, deps.config.LEGWORK_TABLE, 30, () => now);
    await repo.record(runner.id, checkin(daysAgo(20), "a"));
    await repo.record(runner.id, checkin(NOW.toISOString(), "b"));
    expect((await deps.runners.getById(runner.id))?.recentCheckins).toHaveLength(2);

    // Act: fifteen days on, the first is 35 days old
    now = new Date(NOW.getTime() + 15 * DAY);
    await repo.record(runner.id, checkin(now.toISOString(), "c"));

    // Assess
    expect((await deps.runners.getById(runner.id))?.recentCheckins?.map((c) => c.at)).toEqual([NOW.toISOString(), now.toISOString()]);
  });

  it(`keeps the list bounded: at most the newest ${RECENT_CHECKINS}, oldest first`, async () => {
    // Arrange
    const deps = await testDeps({ role: "inbound", now: () => NOW });
    const runner = await activeRunner(deps, new Date("2026-11-30T00:00:00Z"), { week: 1 });
    const repo = new DynamoCheckinRepository(deps.doc, deps.config.LEGWORK_TABLE, 365, () => NOW);
    const ats = Array.from({ length: RECENT_CHECKINS + 3 }, (_, i) => daysAgo(RECENT_CHECKINS + 3 - i));

    // Act
    for (const [i, at] of ats.entries()) await repo.record(runner.id, checkin(at, `m${i}`, i % 11));

    // Assess
    const recent = (await deps.runners.getById(runner.id))?.recentCheckins ?? [];
    expect(recent.map((c) => c.at)).toEqual(ats.slice(-RECENT_CHECKINS));
    expect(Object.keys(recent[0]!).sort()).toEqual(["areas", "at", "redFlags", "soreness", "week"]);
  });

  it("recentWithin keeps the boundary day and sorts by time", () => {
    // Arrange
    const list = [{ at: daysAgo(1) }, { at: daysAgo(10) }, { at: daysAgo(10.0001) }, { at: daysAgo(400) }];

    // Act
    const kept = recentWithin(list, 10, NOW);

    // Assess
    expect(kept.map((c) => c.at)).toEqual([daysAgo(10), daysAgo(1)]);
  });
});
