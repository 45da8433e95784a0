import { operatorStats } from "../../functions/app/operator/reads.js";
import type { Stats } from "../../functions/domain/stats.js";
import { cliDeps, explainConnection } from "../shared/deps.js";
import type { CliIo, FlagSpec } from "../shared/io.js";
import { UsageError, parseArgs } from "../shared/io.js";

export const USAGE = "usage: legwork stats [--weeks N] [--table]   (JSON; --table prints the same numbers for people)";
export const FLAGS: FlagSpec = { values: ["weeks"], switches: ["table"] };

const pct = (n: number | null): string => (n === null ? "–" : `${(n * 100).toFixed(1)}%`);
const pad = (cells: (string | number)[], widths: number[]): string => cells.map((c, i) => String(c).padStart(widths[i]!)).join("  ");

/** The numbers as a few plain tables. */
export const statsTable = (s: Stats): string => {
  const statuses = Object.entries(s.subscribers.byStatus)
    .map(([k, v]) => `${k} ${v}`)
    .join(", ");
  const widths = [10, 6, 6, 8, 8, 7, 8, 6, 6];
  const head = pad(["week of", "sent", "failed", "confirms", "checkins", "rate", "soreness", "flags", "unsubs"], widths);
  const rows = s.weekly.map((w) =>
    pad(
      [w.weekStart, w.sent, w.failed, w.confirmations, w.checkins, pct(w.checkinRate), w.soreness ?? "–", w.redFlags, w.unsubscribes],
      widths,
    ),
  );
  const d = s.deliverability;
  return [
    `Subscribers: ${s.subscribers.total} (${statuses}); held for a red flag: ${s.subscribers.heldForTriage}`,
    `By programme week: ${
      Object.entries(s.subscribers.byWeek)
        .map(([w, n]) => `week ${w}: ${n}`)
        .join(", ") || "none"
    }`,
    `Confirmed: ${s.confirmations}   Unsubscribed: ${s.unsubscribes}   Red-flag check-ins: ${s.redFlags.total}`,
    "",
    head,
    ...rows,
    "",
    `Soreness 0-10: ${s.soreness.distribution.map((n, i) => `${i}:${n}`).join(" ")}`,
    `Bounce rate ${pct(d.bounceRate)} (${d.bounceStatus}; SES review at ${pct(d.thresholds.bounce.review)})   ` +
      `complaint rate ${pct(d.complaintRate)} (${d.complaintStatus}; SES review at ${pct(d.thresholds.complaint.review)}) over ${d.sent} emails`,
  ].join("\n");
};

/** `legwork stats [--weeks N] [--table]` */
export const run = async (argv: string[], io: CliIo): Promise<number> => {
  const { options, positional } = parseArgs(argv);
  if (positional.length) throw new UsageError(`stats: unexpected argument "${positional[0]}"`);
  const weeks = options["weeks"] === undefined ? 8 : Number(options["weeks"]);
  if (!Number.isInteger(weeks) || weeks < 1 || weeks > 104) throw new UsageError("stats: --weeks must be a whole number from 1 to 104");
  try {
    const stats = await operatorStats(await cliDeps(), weeks);
    io.stdout(options["table"] === true ? statsTable(stats) : JSON.stringify(stats, null, 2));
    return 0;
  } catch (error) {
    throw explainConnection(error);
  }
};
