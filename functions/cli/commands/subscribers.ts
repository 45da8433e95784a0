import type { Runner } from "../../domain/profile.js";
import { cliDeps, explainConnection } from "../deps.js";
import type { CliIo } from "../io.js";
import { parseArgs } from "../io.js";

/** What `subscribers list` shows of a runner: no tokens, no claims, no secrets. */
export const listView = (r: Runner) => ({
  id: r.id,
  email: r.email,
  name: r.name ?? null,
  status: r.status,
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

/** `legwork subscribers list` */
export const USAGE = "usage: legwork subscribers list | export FILE.csv | import FILE.csv [--confirmed --consent-source TEXT] | delete EMAIL";

export const run = async (argv: string[], io: CliIo): Promise<number> => {
  const { positional } = parseArgs(argv);
  const [sub] = positional;
  if (sub === "export" || sub === "import" || sub === "delete") {
    const rest = [...argv];
    rest.splice(argv.indexOf(sub), 1);
    return (await import("./subscribers-admin.js")).runAdmin(sub, rest, io);
  }
  if (sub !== "list") {
    io.stderr(USAGE);
    return 2;
  }
  const deps = await cliDeps();
  try {
    const runners = await deps.runners.list();
    io.stdout(JSON.stringify(runners.map(listView), null, 2));
    return 0;
  } catch (error) {
    throw explainConnection(error);
  }
};
