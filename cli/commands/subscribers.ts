import type { Runner } from "../../functions/domain/profile.js";
import { isHeldForTriage } from "../../functions/domain/profile.js";
import { cliDeps, explainConnection } from "../shared/deps.js";
import type { CliIo, FlagSpec } from "../shared/io.js";
import { parseArgs } from "../shared/io.js";

/**
 * Why a runner gets no email while "paused": a red-flag hold (until the runner or an operator resumes
 * it; the flags from the check-in that raised it) or a pause the runner chose (until a date).
 */
export const holdOf = (r: Runner) => {
  if (isHeldForTriage(r)) {
    const flagged = [...(r.recentCheckins ?? [])].reverse().find((c) => c.redFlags.length > 0);
    const reason = flagged ? `red flag: ${flagged.redFlags.join(", ")}` : "red flag";
    return { kind: "triage" as const, since: (r as Runner & { triageAt?: string }).triageAt ?? r.updatedAt, reason };
  }
  if (r.status === "paused") return { kind: "pause" as const, until: r.pausedUntil ?? null, reason: "paused by the runner" };
  return null;
};

/** What `subscribers list` shows of a runner: no tokens, no claims, no secrets. */
export const listView = (r: Runner) => ({
  id: r.id,
  email: r.email,
  name: r.name ?? null,
  status: r.status,
  hold: holdOf(r),
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

export const USAGE = [
  "usage: legwork subscribers list",
  "       legwork subscribers export FILE.csv          (FILE - writes to stdout)",
  "       legwork subscribers import FILE.csv [--confirmed --consent-source TEXT]",
  "       legwork subscribers delete EMAIL",
].join("\n");
export const FLAGS: FlagSpec = { switches: ["confirmed"], values: ["consent-source"] };

const SUBCOMMANDS = ["list", "export", "import", "delete"];

/** `legwork subscribers list|export|import|delete` */
export const run = async (argv: string[], io: CliIo): Promise<number> => {
  const { positional } = parseArgs(argv);
  const [sub] = positional;
  if (sub === undefined || !SUBCOMMANDS.includes(sub)) {
    io.stderr(
      `${sub === undefined ? "subscribers: say list, export, import or delete" : `subscribers: unknown subcommand "${sub}"`}\n\n${USAGE}`,
    );
    return 2;
  }
  if (sub !== "list") {
    const rest = [...argv];
    rest.splice(argv.indexOf(sub), 1);
    return (await import("./subscribers-admin.js")).runAdmin(sub, rest, io);
  }
  if (positional.length > 1 || argv.length > 1) {
    io.stderr(`subscribers list: takes no arguments\n\n${USAGE}`);
    return 2;
  }
  try {
    const deps = await cliDeps();
    const runners = await deps.runners.list();
    io.stdout(JSON.stringify(runners.map(listView), null, 2));
    return 0;
  } catch (error) {
    throw explainConnection(error);
  }
};
