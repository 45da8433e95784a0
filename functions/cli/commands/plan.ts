/** `legwork plan --profile F.json [--week N] [--checkin F.json]`: the training plan behind the emails, as JSON. */
import { planFor, planProgramme } from "../../domain/plan/index.js";
import { PROGRAMME_WEEKS } from "../../domain/render/index.js";
import type { CliIo } from "../io.js";
import { parseArgs } from "../io.js";
import { previewCheckins, previewCheckinsSchema, previewProfileSchema, readJsonFile } from "./preview.js";

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
  const profile = readJsonFile(options["profile"], "profile", previewProfileSchema);
  if (!profile.ok) {
    io.stderr(profile.error);
    return 2;
  }
  const checkins =
    typeof options["checkin"] === "string"
      ? readJsonFile(options["checkin"], "checkin", previewCheckinsSchema)
      : { ok: true as const, value: [] };
  if (!checkins.ok) {
    io.stderr(checkins.error);
    return 2;
  }
  const now = typeof options["now"] === "string" ? new Date(options["now"]) : new Date();
  if (Number.isNaN(now.getTime())) {
    io.stderr(`plan: --now must be an ISO instant such as 2026-12-07T07:00:00Z\n${USAGE}`);
    return 2;
  }
  const weeks = hasWeek
    ? [planFor(profile.value, week, checkins.value.length > 0 ? previewCheckins(checkins.value, week, now) : undefined)]
    : planProgramme(profile.value, PROGRAMME_WEEKS);
  io.stdout(JSON.stringify({ weeks }, null, 2));
  return 0;
};
