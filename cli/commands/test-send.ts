import { readFileSync } from "node:fs";
import { previewRunner, SAMPLE_PROFILE } from "../../functions/app/sample-runner.js";
import type { TestSendType } from "../../functions/app/operator/test-send.js";
import { NotAnOperatorError, TEST_SEND_TYPES, testSend } from "../../functions/app/operator/test-send.js";
import { signupSchema } from "../../functions/domain/profile.js";
import { PROGRAMME_WEEKS } from "../../functions/domain/render/index.js";
import { cliDeps, explainConnection } from "../shared/deps.js";
import type { CliIo, FlagSpec } from "../shared/io.js";
import { UsageError, parseArgs } from "../shared/io.js";
import { previewCheckinsFrom } from "./preview.js";

export const USAGE = `usage: legwork test-send --to ADDRESS --type ${TEST_SEND_TYPES.join("|")} [--week N] [--profile F.json] [--checkin F.json]
  ADDRESS must be on the operator list (LEGWORK_OPERATOR_EMAILS locally, operatorEmails deployed); anything else: exit 2, nothing sent`;
export const FLAGS: FlagSpec = { values: ["to", "type", "week", "profile", "checkin"] };

const readJson = (file: string, what: string): unknown => {
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    const reason = error instanceof SyntaxError ? "is not valid JSON" : "cannot be read (no such file?)";
    throw new UsageError(`test-send: the ${what} file ${file} ${reason}`);
  }
};

const profileFrom = (file: string | undefined) => {
  if (!file) return signupSchema.parse({ ...SAMPLE_PROFILE, consent: true });
  const parsed = signupSchema.safeParse({ consent: true, ...(readJson(file, "profile") as object) });
  if (!parsed.success)
    throw new UsageError(`test-send: ${file}: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  return parsed.data;
};

/** `legwork test-send --to ADDRESS --type T [--week N] [--profile F] [--checkin F]` */
export const run = async (argv: string[], io: CliIo): Promise<number> => {
  const { options } = parseArgs(argv);
  const to = typeof options["to"] === "string" ? options["to"] : undefined;
  const type = options["type"] as TestSendType | undefined;
  const week = options["week"] === undefined ? 1 : Number(options["week"]);
  if (!to || !type || !TEST_SEND_TYPES.includes(type))
    throw new UsageError(`test-send: --to ADDRESS and --type (${TEST_SEND_TYPES.join(", ")}) are required`);
  if (!Number.isInteger(week) || week < 1 || week > PROGRAMME_WEEKS)
    throw new UsageError(`test-send: --week must be a whole number from 1 to ${PROGRAMME_WEEKS}`);
  const { consent: _consent, ...profile } = profileFrom(typeof options["profile"] === "string" ? options["profile"] : undefined);
  const now = new Date();
  const checkinFile = typeof options["checkin"] === "string" ? options["checkin"] : undefined;
  const checkins = checkinFile ? previewCheckinsFrom(readJson(checkinFile, "checkin"), week, now) : [];
  try {
    const deps = await cliDeps();
    const result = await testSend(deps, { to, type, runner: previewRunner(profile, { week, now, checkins }) });
    io.stdout(JSON.stringify(result));
    return 0;
  } catch (error) {
    if (error instanceof NotAnOperatorError) {
      io.stderr(`test-send: refused: ${error.message}; nothing was sent`);
      return 2;
    }
    throw explainConnection(error);
  }
};
