import { createReadStream, statSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { parse } from "csv-parse";
import { stringify } from "csv-stringify/sync";
import type { Deps } from "../../functions/wiring.js";
import { deleteByEmail } from "../../functions/app/data-rights.js";
import { CSV_COLUMNS, csvRecordOf } from "../../functions/app/subscriber-csv.js";
import type { CsvRow, ImportSummary, RowError } from "../../functions/app/subscriber-import.js";
import { importRunners } from "../../functions/app/subscriber-import.js";
import { configuredBaseUrl } from "../../functions/app/links.js";
import { cliDeps, explainConnection } from "../shared/deps.js";
import { confirmChange } from "../shared/target.js";
import type { CliIo } from "../shared/io.js";
import { parseArgs } from "../shared/io.js";

const USAGE = [
  "usage: legwork subscribers export FILE.csv          (FILE - writes to stdout)",
  "       legwork subscribers import FILE.csv [--confirmed --consent-source TEXT]",
  "       legwork subscribers delete EMAIL",
].join("\n");

const readable = (file: string): boolean => {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
};

export interface AdminOptions {
  /** Dependencies to use instead of the local stack's (tests). */
  deps?: Deps;
  now?: Date;
  /** Rows between progress lines on stderr. */
  progressEvery?: number;
}

/** `--flag value` parsing would swallow the file after a bare flag (`--confirmed file.csv`): give it back. */
const flag = (options: Record<string, string | true>, name: string, positional: string[]): boolean => {
  const value = options[name];
  if (typeof value === "string") positional.push(value);
  return value !== undefined;
};

/** Header check: `email` is required, unknown columns are ignored (with a warning), duplicates are refused. */
const readHeader = (header: string[], io: CliIo): (string | undefined)[] => {
  const known = new Set<string>(CSV_COLUMNS);
  const names = header.map((h) => h.trim());
  const dup = names.find((n, i) => n !== "" && names.indexOf(n) !== i);
  if (dup) throw new Error(`the header names column "${dup}" twice`);
  if (!names.includes("email")) throw new Error(`the header has no "email" column; expected ${CSV_COLUMNS.join(",")}`);
  const unknown = names.filter((n) => !known.has(n));
  if (unknown.length) io.stderr(`import: ignoring unknown columns: ${unknown.join(", ")}`);
  return names.map((n) => (known.has(n) ? n : undefined));
};

interface ParsedRecord {
  record: string[];
  info: { lines: number; empty_lines: number };
}

/**
 * Streams data rows out of a CSV file. Rows whose cell count differs from the header's become row
 * errors; a fatal syntax error (e.g. an unclosed quote) ends the stream with an error recorded.
 */
async function* csvRows(file: string, io: CliIo, errors: RowError[]): AsyncGenerator<CsvRow> {
  // autoDestroy off: a syntax error must not destroy the parser, because the async iterator drops a
  // destroyed stream's buffered records. The rows before the error still import; the error comes after them.
  const options = { bom: true, relax_column_count: true, skip_empty_lines: true, info: true, autoDestroy: false };
  const parser = parse(options);
  // .pipe() does not forward a read error (e.g. a missing file): hand it to the parser, which ends the loop.
  const input = createReadStream(file).on("error", (error) => parser.destroy(error));
  input.pipe(parser);
  let columns: (string | undefined)[] | undefined;
  let row = 0;
  let lastLine = 0;
  let lastEmpty = 0;
  // csv-parse counts a CRLF inside a quoted field as two lines: take those back off, or every line
  // number after a multi-line cell is one too high.
  let overcount = 0;
  try {
    for await (const { record, info } of parser as AsyncIterable<ParsedRecord>) {
      const line = lastLine + 1 + (info.empty_lines - lastEmpty) - overcount;
      lastLine = info.lines;
      lastEmpty = info.empty_lines;
      overcount += record.reduce((n, cell) => n + (cell.match(/\r\n/g)?.length ?? 0), 0);
      if (!columns) {
        columns = readHeader(record, io);
        continue;
      }
      row++;
      if (record.length !== columns.length) {
        errors.push({ row, line, field: "row", message: `row has ${record.length} cells; the header has ${columns.length}` });
        continue;
      }
      const cells: Record<string, string> = {};
      columns.forEach((name, i) => {
        if (name) cells[name] = record[i] ?? "";
      });
      yield { row, line, record: cells };
    }
  } catch (error) {
    if (!columns) throw error;
    errors.push({
      row: row + 1,
      line: lastLine + 1 - overcount,
      field: "csv",
      message: `the file cannot be read past here: ${(error as Error).message}`,
    });
  } finally {
    parser.destroy();
    input.destroy();
  }
  if (!columns) throw new Error("the file is empty: it needs a header row");
}

/** Rows with at least one error (a row with three bad fields is one row). */
const rowsWithErrors = (errors: readonly RowError[]): number => new Set(errors.map((e) => e.row)).size;

const progressLine = (s: ImportSummary, extra: readonly RowError[]): string =>
  `import: ${s.rows} rows read, ${s.imported} imported, ${rowsWithErrors([...s.errors, ...extra])} rows with errors`;

const runImport = async (
  deps: Deps,
  file: string,
  argv: { confirmed: boolean; consentSource?: string },
  io: CliIo,
  options: AdminOptions,
): Promise<number> => {
  const readErrors: RowError[] = [];
  const summary = await importRunners(deps, csvRows(file, io, readErrors), {
    confirmed: argv.confirmed,
    consentSource: argv.consentSource,
    now: options.now ?? deps.now(),
    baseUrl: configuredBaseUrl(deps.config),
    progressEvery: options.progressEvery,
    onProgress: (s) => io.stderr(progressLine(s, readErrors)),
  });
  const errors = [...summary.errors, ...readErrors].sort((a, b) => a.row - b.row);
  const rows = summary.rows + readErrors.filter((e) => e.field === "row").length;
  io.stderr(progressLine({ ...summary, rows }, readErrors));
  const summaryOut = {
    rows,
    imported: summary.imported,
    rowsWithErrors: rowsWithErrors(errors),
    confirmationsSent: summary.confirmationsSent,
    errors,
  };
  io.stdout(JSON.stringify(summaryOut, null, 2));
  return errors.length ? 1 : 0;
};

/** Every runner as CSV (formula-guarded), to FILE or stdout (`-`); an unwritable FILE is a plain message and exit 2. */
const runExport = async (deps: Deps, target: string, io: CliIo): Promise<number> => {
  const runners = await deps.runners.list();
  const csv = stringify(runners.map(csvRecordOf), { header: true, columns: [...CSV_COLUMNS], record_delimiter: "\r\n" });
  if (target === "-") {
    io.stdout(csv);
    return 0;
  }
  try {
    await writeFile(target, csv, { mode: 0o600 });
  } catch (error) {
    io.stderr(`export: cannot write ${target} (${(error as { code?: string }).code ?? "unwritable"})`);
    return 2;
  }
  io.stdout(JSON.stringify({ exported: runners.length, file: target }));
  return 0;
};

/**
 * `legwork subscribers export|import|delete`: the operator's bulk tools. Export writes every runner as
 * CSV (formula-guarded); import validates row by row and reports errors without stopping; delete erases
 * a runner like the data-rights request does. `argv` is what follows the sub-command.
 */
export const runAdmin = async (sub: string, argv: string[], io: CliIo, options: AdminOptions = {}): Promise<number> => {
  const { options: flags, positional } = parseArgs(argv);
  const confirmed = flag(flags, "confirmed", positional);
  const consentSource = flags["consent-source"];
  const [target] = positional;
  if (!["export", "import", "delete"].includes(sub) || !target || positional.length > 1) {
    io.stderr(USAGE);
    return 2;
  }
  if (sub === "import" && (confirmed !== (consentSource !== undefined) || consentSource === true || consentSource === "")) {
    io.stderr("import: --confirmed and --consent-source TEXT go together: say where the consent was given.\n" + USAGE);
    return 2;
  }
  if (sub === "import" && !readable(target)) {
    io.stderr(`import: cannot read ${target}: no such file, or not a readable file`);
    return 2;
  }
  try {
    const deps = options.deps ?? (await cliDeps());
    if (
      sub !== "export" &&
      !options.deps &&
      !(await confirmChange(io, sub === "import" ? `import adds the runners in ${target}` : `delete erases ${target}`))
    )
      return 2;
    if (sub === "export") return await runExport(deps, target, io);
    if (sub === "import")
      return await runImport(deps, target, { confirmed, consentSource: consentSource as string | undefined }, io, options);
    const erased = await deleteByEmail(deps, target);
    if (!erased) {
      io.stderr(`delete: no subscriber has the address ${target}; nothing changed`);
      io.stdout(JSON.stringify({ deleted: false }));
      return 1;
    }
    io.stdout(JSON.stringify({ deleted: true, ...erased }));
    return 0;
  } catch (error) {
    throw explainConnection(error);
  }
};
