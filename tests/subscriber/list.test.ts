import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { DynamoCheckinRepository } from "../../functions/adapters/dynamodb/checkins.js";
import { DynamoDueRepository } from "../../functions/adapters/dynamodb/due.js";
import { dispatch } from "../../functions/app/dispatch.js";
import { run } from "../../cli/commands/subscribers.js";
import type { CliIo } from "../../cli/shared/io.js";
import type { Runner } from "../../functions/domain/profile.js";
import { replyKey } from "../../functions/ports/raw-mail.js";
import { activeRunner, pendingRunner } from "../support/runners.js";
import { emailsTo, scanTable } from "../support/stack.js";
import { subscriberDeps } from "./support.js";

const T0 = new Date("2026-12-01T09:00:00.000Z");
const HOUR = 3_600_000;

/** Exactly what `subscribers list` may show of a runner, and nothing else. */
const LIST_FIELDS = [
  "confirmedAt",
  "createdAt",
  "email",
  "goal",
  "hold",
  "id",
  "level",
  "name",
  "nextSendAt",
  "runsPerWeek",
  "sendDay",
  "sendHour",
  "soreAreas",
  "status",
  "timezone",
  "units",
  "week",
].sort();

/** A signed link token (`kid.<purpose><id>.<exp>.<sig>`), wherever it might hide in the output. */
const TOKEN_LIKE = /[a-z0-9]{1,8}\.[a-z][a-z0-9]{6,32}\.[a-z0-9]{1,10}\.[a-z2-7]{24}/;

const captureIo = () => {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { stdout: (t) => out.push(t), stderr: (t) => err.push(t) };
  return { io, out, err };
};

type Store = Awaited<ReturnType<typeof subscriberDeps>>;

/**
 * One runner in each state the operator must see: active and waiting, pending, mid-send (a live claim),
 * and one a week in, with check-ins in their own words and a stored raw reply.
 */
const seed = async (deps: Store) => {
  const due = new DynamoDueRepository(deps.doc, deps.config.LEGWORK_TABLE);
  const checkins = new DynamoCheckinRepository(deps.doc, deps.config.LEGWORK_TABLE, 365);

  // A week in: the real dispatcher sends week 1 (send history, Message-ID on the profile), then two check-ins.
  const veteran = await activeRunner(deps, T0, { name: "Vera Veteran", soreAreas: ["calves"] });
  const result = await dispatch(
    { config: deps.config, keys: deps.keys, due, mailer: deps.mailer, sendRate: 1000 },
    { now: new Date(veteran.nextSendAt!), remainingMs: () => 300_000 },
  );
  expect(result.sent).toBe(1);
  const notes = ["calves about a 6, my secret diary note", "better now, private words only for the coach"];
  for (const [i, note] of notes.entries())
    await checkins.record(veteran.id, {
      at: new Date(Date.parse(veteran.nextSendAt!) + (i + 1) * 10 * HOUR).toISOString(),
      week: 1,
      soreness: i === 0 ? 6 : 3,
      areas: ["calves"],
      redFlags: [],
      note,
      source: "email",
      sourceId: `<reply${i}.${veteran.id}@mail.example>`,
    });
  const rawReply = "RAW-REPLY-BODY: calves about a 6, sent from my phone";
  await deps.rawMail.put(
    replyKey(veteran.id, `<reply0.${veteran.id}@mail.example>`),
    Buffer.from(`From: ${veteran.email}\r\n\r\n${rawReply}\r\n`),
  );

  // Active and waiting for its first email.
  const waiting = await activeRunner(deps, new Date(T0.getTime() + HOUR), {
    name: "Walt Waiting",
    timezone: "Pacific/Auckland",
    sendDay: "wed",
    sendHour: 6,
  });

  // Mid-send: a dispatcher holds the claim on week 1 right now.
  const claimed = await activeRunner(deps, new Date(T0.getTime() + 2 * HOUR), { name: "Cleo Claimed", units: "imperial" });
  const claimId = "claim-7f3a9c-internal";
  const claimNow = new Date(claimed.nextSendAt!);
  const claimUntil = new Date(claimNow.getTime() + 15 * 60_000);
  expect(await due.claim(claimed, { week: 1, claimId, now: claimNow, until: claimUntil })).toBe(true);

  // Signed up, not confirmed.
  const pending = pendingRunner(new Date(T0.getTime() + 3 * HOUR), { name: "Pat Pending" });
  await deps.runners.create(pending);

  return { veteran, waiting, claimed, pending, notes, rawReply, claimId, claimUntil: claimUntil.toISOString() };
};

/** Runs `subscribers list` in-process against the test table, as an operator points it at one: through the environment. */
const listCommand = async (deps: { config: { LEGWORK_TABLE: string } }) => {
  vi.stubEnv("LEGWORK_TABLE", deps.config.LEGWORK_TABLE);
  vi.stubEnv("LEGWORK_DATA_DIR", await mkdtemp(join(tmpdir(), "legwork-cli-")));
  const { io, out, err } = captureIo();
  const code = await run(["list"], io);
  return { code, out, err };
};

const listed = (r: Runner) => ({
  id: r.id,
  email: r.email,
  name: r.name ?? null,
  status: r.status,
  hold: null, // none of these is paused (tests/cli/operator-local.test.ts pins the holds)
  week: r.week,
  nextSendAt: r.nextSendAt ?? null,
  level: r.level,
  goal: r.goal,
  runsPerWeek: r.runsPerWeek,
  units: r.units,
  timezone: r.timezone,
  sendDay: r.sendDay,
  sendHour: r.sendHour,
  soreAreas: r.soreAreas,
  createdAt: r.createdAt,
  confirmedAt: r.confirmedAt ?? null,
});

describe("subscribers list", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it("prints every runner as a JSON array (id, email, status, week, nextSendAt, …) and never a token, key, claim, reply or check-in text", async () => {
    // Prepare: a fresh table; the command finds it the way an operator points it at one, through the environment.
    const deps = await subscriberDeps({ now: () => T0 });
    const seeded = await seed(deps);
    const stored = Object.fromEntries(
      await Promise.all(
        [seeded.veteran, seeded.waiting, seeded.claimed, seeded.pending].map(
          async (r) => [r.id, (await deps.runners.getById(r.id))!] as const,
        ),
      ),
    );
    // The secrets really are in the table, so their absence from the output means something.
    const table = JSON.stringify(await scanTable(deps));
    for (const secret of [seeded.claimId, seeded.claimUntil, ...seeded.notes, "<week1."]) expect(table).toContain(secret);
    expect(await emailsTo(seeded.veteran.email)).toHaveLength(1);

    // Act
    const { code, out, err } = await listCommand(deps);

    // Assess
    expect(code).toBe(0);
    expect(err).toEqual([]);
    const text = out.join("");
    const rows = JSON.parse(text) as Record<string, unknown>[];
    expect(Array.isArray(rows)).toBe(true);
    expect(rows).toHaveLength(4);
    for (const row of rows) expect(Object.keys(row).sort()).toEqual(LIST_FIELDS);
    const byId = Object.fromEntries(rows.map((r) => [r["id"], r]));
    expect(byId[seeded.veteran.id]).toMatchObject({ email: seeded.veteran.email, status: "active", week: 1, soreAreas: ["calves"] });
    expect(byId[seeded.veteran.id]!["nextSendAt"]).toBe(stored[seeded.veteran.id]!.nextSendAt);
    expect(Date.parse(byId[seeded.veteran.id]!["nextSendAt"] as string)).toBeGreaterThan(Date.parse(seeded.veteran.nextSendAt!));
    expect(byId[seeded.waiting.id]).toMatchObject({
      status: "active",
      week: 0,
      nextSendAt: seeded.waiting.nextSendAt,
      timezone: "Pacific/Auckland",
    });
    expect(byId[seeded.claimed.id]).toMatchObject({ status: "active", week: 0, nextSendAt: seeded.claimed.nextSendAt, units: "imperial" });
    expect(byId[seeded.pending.id]).toMatchObject({ status: "pending", week: 0, nextSendAt: null, confirmedAt: null });
    // Oldest first, each exactly as stored.
    expect(rows).toEqual([seeded.veteran, seeded.waiting, seeded.claimed, seeded.pending].map((r) => listed(stored[r.id]!)));

    // Nothing internal or private, anywhere in the output.
    for (const secret of [seeded.claimId, seeded.claimUntil, ...seeded.notes, seeded.rawReply, ...Object.values(deps.keys.keys)])
      expect(text).not.toContain(secret);
    for (const internal of [
      "claimId",
      "claimUntil",
      "claimWeek",
      "recentCheckins",
      "sends",
      "messageId",
      "consentSource",
      "gsi1pk",
      '"pk"',
      '"sk"',
      "ttl",
    ])
      expect(text).not.toContain(internal);
    for (const keyPrefix of ["RUNNER#", "EMAIL#", "DUE#", "CHECKIN#", "RATE#"]) expect(text).not.toContain(keyPrefix);
    expect(text).not.toMatch(TOKEN_LIKE);
    expect(text).not.toMatch(/checkin\+/);
    expect(text).not.toContain("calves about");
  });

  it("an empty table is an empty array, not an error", async () => {
    // Prepare
    const deps = await subscriberDeps({ now: () => T0 });
    // Act
    const { code, out, err } = await listCommand(deps);
    // Assess
    expect(code).toBe(0);
    expect(err).toEqual([]);
    expect(JSON.parse(out.join(""))).toEqual([]);
  });
});
