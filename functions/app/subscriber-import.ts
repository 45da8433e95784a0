import { TokenBucket } from "../lib/token-bucket.js";
import { logger } from "../lib/logger.js";
import type { AppDeps } from "./deps.js";
import { sendRateOf } from "./dispatch-deps.js";
import { confirmationEmail } from "./emails.js";
import { Links } from "./links.js";
import type { ImportPolicy } from "./subscriber-csv.js";
import { importRowSchema, rowInput, runnerFromRow } from "./subscriber-csv.js";
import { CONFIRMATION_INTERVAL_MS } from "./signup.js";

/** One parsed CSV record, keyed by header; `row` counts data rows from 1, `line` is where it starts. */
export interface CsvRow {
  row: number;
  line: number;
  record: Record<string, string>;
}

export interface RowError {
  row: number;
  line: number;
  field: string;
  message: string;
}

export interface ImportSummary {
  rows: number;
  imported: number;
  confirmationsSent: number;
  errors: RowError[];
}

export interface ImportOptions extends ImportPolicy {
  /** Base URL for the confirmation links. */
  baseUrl: string;
  /** Rows written at once; each is two conditional puts. */
  concurrency?: number;
  /** Called after every `progressEvery` rows and at the end. */
  onProgress?: (summary: ImportSummary) => void;
  progressEvery?: number;
}

const CHUNK = 500;

/** What an import needs: the importer writes, the runners explain a taken address, the mailer confirms. */
export type ImportDeps = Pick<AppDeps, "config" | "keys" | "runners" | "importer" | "mailer">;

/** Why an address cannot be imported, in the words of the runner it belongs to. */
const takenMessage = async (deps: Pick<AppDeps, "runners">, email: string): Promise<string> => {
  const status = (await deps.runners.getByEmail(email).catch(() => undefined))?.status;
  if (status === "unsubscribed") return "email belongs to a runner who unsubscribed: only they can sign up again";
  if (status === "bounced" || status === "complained") return `email is suppressed (${status}) and is never mailed again`;
  if (status === "pending") return "email has signed up already and has not confirmed yet";
  return "email is already subscribed";
};

/** Runs `work` over `items` with at most `limit` in flight. */
const pool = async <T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> => {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
};

type PlannedRow = { row: CsvRow } & ReturnType<typeof runnerFromRow>;

/** One import run's shared state: its summary, the confirmation pacing and the rows already seen. */
interface ImportRun {
  readonly deps: ImportDeps;
  readonly options: ImportOptions;
  readonly summary: ImportSummary;
  readonly links: Links;
  bucket?: TokenBucket;
  // Rows are written concurrently, so a file's own duplicates are caught here, before any write races.
  readonly seenEmails: Map<string, number>;
  readonly seenIds: Map<string, number>;
}

const fail = (run: ImportRun, row: CsvRow, field: string, message: string): void => {
  run.summary.errors.push({ row: row.row, line: row.line, field, message });
};

/** Validates a row and checks the file's own duplicates; a row that passes is planned for writing. */
const planRow = (run: ImportRun, row: CsvRow): PlannedRow | undefined => {
  const parsed = importRowSchema.safeParse(rowInput(row.record));
  if (!parsed.success) {
    for (const issue of parsed.error.issues) fail(run, row, issue.path.length ? String(issue.path[0]) : "row", issue.message);
    return undefined;
  }
  const planned = runnerFromRow(parsed.data, run.options);
  const firstEmail = run.seenEmails.get(planned.runner.email);
  const firstId = run.seenIds.get(planned.runner.id);
  if (firstEmail !== undefined || firstId !== undefined) {
    if (firstEmail !== undefined) fail(run, row, "email", `email appears twice in the file (first on row ${firstEmail})`);
    else fail(run, row, "id", `id appears twice in the file (first on row ${firstId})`);
    return undefined;
  }
  run.seenEmails.set(planned.runner.email, row.row);
  run.seenIds.set(planned.runner.id, row.row);
  return { row, ...planned };
};

/** Sends an imported runner's confirmation email, paced to the SES send rate. */
const confirmImported = async (run: ImportRun, row: CsvRow, runner: PlannedRow["runner"]): Promise<void> => {
  const { deps } = run;
  const now = run.options.now;
  let marked = false;
  try {
    marked = await deps.runners.markConfirmationSent(runner.id, now, new Date(now.getTime() - CONFIRMATION_INTERVAL_MS));
    if (!marked) return;
    run.bucket ??= new TokenBucket(await sendRateOf(deps));
    await run.bucket.take();
    await deps.mailer.send(confirmationEmail(deps.config, run.links, runner, now));
    run.summary.confirmationsSent++;
  } catch (error) {
    // The runner stays pending; signing up again with the form sends the confirmation later.
    if (marked) await deps.runners.clearConfirmationSent(runner.id, now).catch(() => undefined);
    logger.warn("import confirmation not sent", { runnerId: runner.id, error: error instanceof Error ? error.name : "unknown" });
    fail(run, row, "email", "imported as pending, but the confirmation email could not be sent");
  }
};

/** Writes one planned row; a taken address or id, or a failed write, is a row error. */
const writeRow = async (run: ImportRun, { row, runner, confirm }: PlannedRow): Promise<void> => {
  const outcome = await run.deps.importer.insert(runner, run.options.now).catch((error: unknown) => {
    logger.error("import write failed", { row: row.row, error: error instanceof Error ? error.name : "unknown" });
    return "failed" as const;
  });
  if (outcome === "email-taken") return fail(run, row, "email", await takenMessage(run.deps, runner.email));
  if (outcome === "id-taken") return fail(run, row, "id", "id is already used by another runner");
  if (outcome === "failed") return fail(run, row, "row", "could not be written; try this row again");
  run.summary.imported++;
  if (confirm) await confirmImported(run, row, runner);
};

/**
 * Imports runners row by row: each row is validated with the same schemas as signup; an invalid row is
 * reported (row, line, field, message) and the rest carry on. Writes keep email uniqueness (conditional
 * puts) and never overwrite an existing runner; a duplicate address or id is a row error. Runners
 * without `confirmed` consent get a confirmation email, paced to the SES send rate.
 * @example const summary = await importRunners(deps, rowsOf(file), { confirmed: false, now, baseUrl });
 */
export const importRunners = async (deps: ImportDeps, rows: AsyncIterable<CsvRow>, options: ImportOptions): Promise<ImportSummary> => {
  const run: ImportRun = {
    deps,
    options,
    summary: { rows: 0, imported: 0, confirmationsSent: 0, errors: [] },
    links: new Links(deps.keys, options.baseUrl, deps.config.LEGWORK_REPLY_DOMAIN),
    seenEmails: new Map(),
    seenIds: new Map(),
  };
  const { summary } = run;
  const every = options.progressEvery ?? 1000;
  let chunk: PlannedRow[] = [];
  const flush = async () => {
    await pool(chunk, options.concurrency ?? 16, (planned) => writeRow(run, planned));
    chunk = [];
  };
  for await (const row of rows) {
    summary.rows++;
    const planned = planRow(run, row);
    if (planned) chunk.push(planned);
    if (chunk.length >= CHUNK) await flush();
    if (summary.rows % every === 0) {
      await flush();
      options.onProgress?.(summary);
    }
  }
  await flush();
  summary.errors.sort((a, b) => a.row - b.row);
  logger.info("import finished", { rows: summary.rows, imported: summary.imported, errors: summary.errors.length });
  return summary;
};
