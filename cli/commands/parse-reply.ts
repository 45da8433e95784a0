/**
 * `legwork parse-reply FILE.eml`: prints the contract's parse-reply JSON for one raw message.
 * Exit codes: 0 parsed; 2 usage error or unreadable file; 1 not a readable message (too large
 * or malformed), with the reason on stderr.
 */
import { readFile } from "node:fs/promises";
import { parseReply, ReplyError } from "../../functions/domain/reply/index.js";
import type { FlagSpec } from "../shared/io.js";
import { parseArgs } from "../shared/io.js";
import type { CliIo } from "../shared/io.js";

export const FLAGS: FlagSpec = {};

export const USAGE = "usage: legwork parse-reply FILE.eml";

const errorCode = (error: unknown): string =>
  error instanceof Error && "code" in error && typeof error.code === "string" ? error.code : "unreadable";

export const run = async (argv: string[], io: CliIo): Promise<number> => {
  const { options, positional } = parseArgs(argv);
  if (options.help === true) {
    io.stdout(USAGE);
    return 0;
  }
  const [file] = positional;
  if (file === undefined || positional.length > 1) {
    io.stderr(`parse-reply: expected exactly one FILE.eml\n${USAGE}`);
    return 2;
  }
  let raw: Buffer;
  try {
    raw = await readFile(file);
  } catch (error) {
    io.stderr(`parse-reply: cannot read ${file} (${errorCode(error)})`);
    return 2;
  }
  try {
    io.stdout(JSON.stringify(await parseReply(raw)));
    return 0;
  } catch (error) {
    if (error instanceof ReplyError) {
      io.stderr(`parse-reply: ${error.message}`);
      return 1;
    }
    throw error;
  }
};
