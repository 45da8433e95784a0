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

/**
 * Imports runners row by row: each row is validated with the same schemas as signup; an invalid row is
 * reported (row, line, field, message) and the rest carry on. Writes keep email uniqueness (conditional
 * puts) and never overwrite an existing runner; a duplicate address or id is a row error. Runners
 * without `confirmed` consent get a confirmation email, paced to the SES send rate.
 * @example const summary = await importRunners(deps, rowsOf(file), { confirmed: false, now, baseUrl });
 */
export const importRunners = async (deps: ImportDeps, rows: AsyncIterable<CsvRow>, options: ImportOptions): Promise<ImportSummary> => {
  const summary: ImportSummary = { rows: 0, imported: 0, confirmationsSent: 0, errors: [] };
  const importer = deps.importer;
  const links = new Links(deps.keys, options.baseUrl, deps.config.LEGWORK_REPLY_DOMAIN);
  let bucket: TokenBucket | undefined;
  const every = options.progressEvery ?? 1000;
  const fail = (row: CsvRow, field: string, message: string): void => {
    summary.errors.push({ row: row.row, line: row.line, field, message });
  };
  // Rows are written concurrently, so a file's own duplicates are caught here, before any write races.
  const seenEmails = new Map<string, number>();
  const seenIds = new Map<string, number>();

  const write = async ({ row, runner, confirm }: { row: CsvRow } & ReturnType<typeof runnerFromRow>): Promise<void> => {
    const outcome = await importer.insert(runner, options.now).catch((error: unknown) => {
      logger.error("import write failed", { row: row.row, error: error instanceof Error ? error.name : "unknown" });
      return "failed" as const;
    });
    if (outcome === "email-taken") return fail(row, "email", await takenMessage(deps, runner.email));
    if (outcome === "id-taken") return fail(row, "id", "id is already used by another runner");
    if (outcome === "failed") return fail(row, "row", "could not be written; try this row again");
    summary.imported++;
    if (!confirm) return;
    const now = options.now;
    let marked = false;
    try {
      marked = await deps.runners.markConfirmationSent(runner.id, now, new Date(now.getTime() - CONFIRMATION_INTERVAL_MS));
      if (!marked) return;
      bucket ??= new TokenBucket(await sendRateOf(deps));
      await bucket.take();
      await deps.mailer.send(confirmationEmail(deps.config, links, runner, now));
      summary.confirmationsSent++;
    } catch (error) {
      // The runner stays pending; signing up again with the form sends the confirmation later.
      if (marked) await deps.runners.clearConfirmationSent(runner.id, now).catch(() => undefined);
      logger.warn("import confirmation not sent", { runnerId: runner.id, error: error instanceof Error ? error.name : "unknown" });
      fail(row, "email", "imported as pending, but the confirmation email could not be sent");
    }
  };

  let chunk: ({ row: CsvRow } & ReturnType<typeof runnerFromRow>)[] = [];
  const flush = async () => {
    await pool(chunk, options.concurrency ?? 16, write);
    chunk = [];
  };
  for await (const row of rows) {
    summary.rows++;
    const parsed = importRowSchema.safeParse(rowInput(row.record));
    if (!parsed.success) {
      for (const issue of parsed.error.issues) fail(row, issue.path.length ? String(issue.path[0]) : "row", issue.message);
    } else {
      const planned = runnerFromRow(parsed.data, options);
      const firstEmail = seenEmails.get(planned.runner.email);
      const firstId = seenIds.get(planned.runner.id);
      if (firstEmail !== undefined) fail(row, "email", `email appears twice in the file (first on row ${firstEmail})`);
      else if (firstId !== undefined) fail(row, "id", `id appears twice in the file (first on row ${firstId})`);
      else {
        seenEmails.set(planned.runner.email, row.row);
        seenIds.set(planned.runner.id, row.row);
        chunk.push({ row, ...planned });
      }
    }
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
