import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "csv-stringify/sync";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CSV_COLUMNS, csvRecordOf, guardCell, importRowSchema, rowInput } from "../../functions/app/subscriber-csv.js";
import type { CliIo } from "../../cli/shared/io.js";
import { runAdmin } from "../../cli/commands/subscribers-admin.js";
import type { Runner } from "../../functions/domain/profile.js";
import { GOALS, LEVELS, SEND_DAYS, SORE_AREAS, normaliseEmail, normaliseName } from "../../functions/domain/profile.js";
import type { Deps } from "../../functions/wiring.js";
import { freshConfig, testDeps } from "../support/stack.js";
import { fuzzRuns } from "../support/fuzz.js";
import { acceptingSes } from "./support.js";

/*
 * `subscribers import` on generated files: cells with quotes, commas, CR/LF, formula prefixes, unicode and
 * huge values, in a well-formed CSV (RFC 4180 quoting, formula guard as export writes it) or glued together
 * raw (broken CSV). The import never crashes: every row is imported or reported. In a well-formed file a
 * row imports exactly when it is valid, its free text arrives intact (normalised as signup does), and the
 * imported runners survive export → import into another table unchanged.
 */

const NOW = new Date("2027-02-01T12:00:00.000Z");
const COLUMNS = [
  "email",
  "name",
  "timezone",
  "sendDay",
  "sendHour",
  "runsPerWeek",
  "soreAreas",
  "level",
  "goal",
  "units",
  "consentSource",
] as const;
type Column = (typeof COLUMNS)[number];

const HOSTILE_CELLS = [
  '"',
  '""',
  'Smith, "Jo"',
  "a,b,c",
  "line\r\nbreak",
  "lf\nonly",
  "cr\ronly",
  "=1+1",
  "+44 7700 900000",
  "-2+3",
  "@SUM(A1)",
  "\t=cmd",
  "'=already guarded",
  "＝FULLWIDTH()",
  "Zoë «Ünïcödé» 李 🏃‍♀️",
  "\uFEFFbom",
  "\u202eevil",
  "",
  " ",
  "x".repeat(70_000),
];

/** Stands for a fresh valid address, made when the case runs, so a replayed (shrunk) case never collides. */
const FRESH_EMAIL = "<fresh email>";
let seq = 0;
const freshEmail = () => `csv.fuzz.${Date.now().toString(36)}.${seq++}@Example.com`;
const valid: Record<Column, fc.Arbitrary<string>> = {
  email: fc.constant(FRESH_EMAIL),
  // Free text: any of the hostile cells that fit in 60 characters is a valid name.
  name: fc.oneof(
    fc.string({ unit: "grapheme", maxLength: 50 }),
    fc.constantFrom(...HOSTILE_CELLS.filter((c) => c.length <= 60), "Ann\r\nMarie", '=HYPERLINK("x")'),
  ),
  timezone: fc.constantFrom("Europe/London", "Pacific/Auckland", "America/Los_Angeles", "UTC", "Asia/Kolkata"),
  sendDay: fc.constantFrom(...SEND_DAYS),
  sendHour: fc.integer({ min: 0, max: 23 }).map(String),
  runsPerWeek: fc.integer({ min: 0, max: 14 }).map(String),
  soreAreas: fc.subarray([...SORE_AREAS]).map((a) => a.join(" ")),
  level: fc.constantFrom(...LEVELS),
  goal: fc.constantFrom(...GOALS),
  units: fc.constantFrom("metric", "imperial"),
  consentSource: fc.constantFrom("paper form", "club sheet, 2026", "=import()", 'signed "in person"', "line\r\nbreak"),
};
const hostile = fc.oneof(
  fc.constantFrom(...HOSTILE_CELLS),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.string({ unit: "grapheme", maxLength: 40 }),
);

const row = fc.record(
  Object.fromEntries(
    COLUMNS.map((c) => [c, fc.oneof({ weight: c === "email" ? 30 : 12, arbitrary: valid[c] }, { weight: 1, arbitrary: hostile })]),
  ) as Record<Column, fc.Arbitrary<string>>,
);

const stats = { cases: 0, rows: 0, imported: 0, rowErrors: 0, wellFormedFiles: 0, brokenFiles: 0 };
let dir: string;
let source: Deps;
let target: Deps;

const capture = () => {
  const out: string[] = [];
  const io: CliIo = { stdout: (t) => out.push(t), stderr: () => undefined };
  return {
    io,
    json: () => JSON.parse(out.join("")) as { rows: number; imported: number; errors: { row: number; field: string; message: string }[] },
  };
};

describe("fuzz: subscribers import", () => {
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "legwork-csv-fuzz-"));
    const a = await freshConfig();
    source = await testDeps({ config: a, now: () => NOW, clients: { ses: acceptingSes(a) } });
    const b = await freshConfig();
    target = await testDeps({ config: b, now: () => NOW, clients: { ses: acceptingSes(b) } });
  });

  afterAll(() => {
    console.log(`fuzz CSV import: ${JSON.stringify(stats)}`);
  });

  it("a stray quote in a small file: the rows before it import, the error is reported at its row, nothing throws", async () => {
    // Found by the property below: the parser was destroyed on the syntax error, and the stream iterator
    // dropped the records already parsed from the same chunk, header included, so the import threw.
    const emails = [0, 1, 2, 3, 4].map((i) => `stray.quote.${i}.${Date.now().toString(36)}@example.com`);
    const file = join(dir, "stray-quote.csv");
    await writeFile(
      file,
      [
        "email,name,timezone",
        `${emails[0]},Ann,UTC`,
        `${emails[1]},Bo,UTC`,
        `${emails[2]},Cy,UTC`,
        `${emails[3]},Smith "Jo",UTC`,
        `${emails[4]},Di,UTC`,
      ].join("\r\n"),
    );
    const cli = capture();
    expect(await runAdmin("import", [file, "--confirmed", "--consent-source", "paper form"], cli.io, { deps: source, now: NOW })).toBe(1);
    expect(cli.json()).toMatchObject({ imported: 3, errors: [{ row: 4, line: 5, field: "csv" }] });
    for (const email of emails.slice(0, 3)) expect(await source.runners.getByEmail(email)).toMatchObject({ status: "active" });
    for (const email of emails.slice(3)) expect(await source.runners.getByEmail(email)).toBeUndefined();
  });

  it("imports or reports every row, never crashes; valid rows arrive intact and round-trip", { timeout: 300_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 8 }), fc.boolean(), fc.nat(9), async (generated, confirmed, style) => {
        const rows = generated.map((r) => ({ ...r, email: r.email === FRESH_EMAIL ? freshEmail() : r.email }));
        stats.cases++;
        stats.rows += rows.length;
        const wellFormed = style > 1;
        const file = join(dir, `case-${stats.cases}.csv`);
        const records = rows.map((r) => COLUMNS.map((c) => r[c]));
        const text = wellFormed
          ? stringify(
              records.map((cells) => cells.map(guardCell)),
              { header: true, columns: [...COLUMNS], record_delimiter: "\r\n" },
            )
          : [COLUMNS.join(","), ...records.map((cells) => cells.join(","))].join(style === 0 ? "\n" : "\r\n");
        await writeFile(file, text);
        if (wellFormed) stats.wellFormedFiles++;
        else stats.brokenFiles++;

        const cli = capture();
        const argv = confirmed ? [file, "--confirmed", "--consent-source", "fuzz"] : [file];
        const code = await runAdmin("import", argv, cli.io, { deps: source, now: NOW });
        expect([0, 1]).toContain(code);
        const summary = cli.json();
        // "imported as pending, but the confirmation email could not be sent" reports an imported row.
        const failedRows = new Set(summary.errors.filter((e) => !e.message.startsWith("imported as pending")).map((e) => e.row));
        stats.imported += summary.imported;
        stats.rowErrors += failedRows.size;
        for (const e of summary.errors) {
          expect(e.row).toBeGreaterThanOrEqual(1);
          expect(e.message.length).toBeGreaterThan(0);
        }
        if (!wellFormed) return;

        // A well-formed file: one row per record, each imported or reported, and the data intact.
        expect(summary.rows).toBe(rows.length);
        expect(summary.imported + failedRows.size).toBe(rows.length);
        const imported: Runner[] = [];
        for (const [i, r] of rows.entries()) {
          // An address over 254 characters can never be stored (and is over DynamoDB's key size): no lookup.
          const address = normaliseEmail(r.email);
          const runner = address.length <= 254 ? await source.runners.getByEmail(address) : undefined;
          // The row's validity as the import schema sees the cells: the file must deliver them unchanged.
          const cells = Object.fromEntries(COLUMNS.map((c) => [c, guardCell(r[c])]));
          const duplicate = summary.errors.some((e) => e.row === i + 1 && /already|twice/.test(e.message));
          if (!duplicate)
            expect(failedRows.has(i + 1), `row ${i + 1}: ${JSON.stringify(summary.errors)}`).toBe(
              !importRowSchema.safeParse(rowInput(cells)).success,
            );
          if (failedRows.has(i + 1)) {
            // Reported: nothing was stored for it (a hostile address may belong to an earlier case's runner).
            if (runner && generated[i]!.email === FRESH_EMAIL)
              expect.fail(`row ${i + 1} was reported and stored: ${JSON.stringify(summary.errors)}`);
            continue;
          }
          expect(runner).toBeDefined();
          const name = normaliseName(r.name);
          expect(runner!.name ?? "").toBe(name);
          expect(runner!.status).toBe(confirmed ? "active" : "pending");
          imported.push(runner!);
        }
        if (imported.length === 0) return;

        // Round trip: export what was imported, import it into another table, compare.
        const exported = join(dir, `case-${stats.cases}-export.csv`);
        await writeFile(
          exported,
          stringify(imported.map(csvRecordOf), { header: true, columns: [...CSV_COLUMNS], record_delimiter: "\r\n" }),
        );
        const again = capture();
        expect(
          await runAdmin("import", [exported, "--confirmed", "--consent-source", "round trip"], again.io, { deps: target, now: NOW }),
        ).toBe(0);
        for (const runner of imported) {
          const copy = await target.runners.getByEmail(runner.email);
          expect(copy && csvRecordOf(copy)).toEqual(csvRecordOf(runner));
        }
      }),
      fuzzRuns(100, 1_000),
    );
  });
});
