/** `legwork plan --profile F.json [--week N] [--checkin F.json]`: the training plan behind the emails, as JSON. */
import { planFor, planProgramme } from "../../functions/domain/plan/index.js";
import { PROGRAMME_WEEKS } from "../../functions/domain/render/index.js";
import type { CliIo } from "../shared/io.js";
import { parseArgs } from "../shared/io.js";
import { previewCheckins, readPreviewInputs } from "./preview.js";

export const USAGE =
  "usage: legwork plan --profile FILE.json [--week N] [--checkin FILE.json] [--now ISO]\n" +
  '  prints {"weeks": [...]}: every week of the programme, or week N adapted to the check-ins (oldest first, as for preview)';

export const run = async (argv: string[], io: CliIo): Promise<number> => {
  const { options } = parseArgs(argv);
  if (typeof options["profile"] !== "string") {
    io.stderr(`plan: --profile is required\n${USAGE}`);
    return 2;
  }
  const hasWeek = options["week"] !== undefined;
  const week = Number(options["week"]);
  if (hasWeek && (!Number.isInteger(week) || week < 1 || week > PROGRAMME_WEEKS)) {
    io.stderr(`plan: --week must be a whole number from 1 to ${PROGRAMME_WEEKS}\n${USAGE}`);
    return 2;
  }
  if (options["checkin"] !== undefined && !hasWeek) {
    io.stderr(`plan: --checkin needs --week (the week the check-ins adapt)\n${USAGE}`);
    return 2;
  }
  const inputs = readPreviewInputs("plan", options, USAGE);
  if (!inputs.ok) {
    io.stderr(inputs.error);
    return 2;
  }
  const { profile, checkins, now } = inputs;
  const weeks = hasWeek
    ? [planFor(profile, week, checkins.length > 0 ? previewCheckins(checkins, week, now) : undefined)]
    : planProgramme(profile, PROGRAMME_WEEKS);
  io.stdout(JSON.stringify({ weeks }, null, 2));
  return 0;
};
