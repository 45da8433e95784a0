/**
 * `legwork <args>` in the test's own process (cli/run.ts, which the binary calls): no Node start per
 * case. For commands that read nothing from the environment; the ones that find a stack by their env
 * run as a subprocess (tests/support/spawned-stack.ts `runCli`).
 */
import { runLegwork } from "../../cli/run.js";

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export const legworkInProcess = async (...args: string[]): Promise<CliResult> => {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runLegwork(args, { stdout: (t) => out.push(t.endsWith("\n") ? t : `${t}\n`), stderr: (t) => err.push(t) });
  return { code, stdout: out.join(""), stderr: err.join("\n") };
};
