/** Where a CLI command writes: injectable so commands can be tested in-process. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

export const stdio: CliIo = {
  stdout: (text) => process.stdout.write(text.endsWith("\n") ? text : `${text}\n`),
  stderr: (text) => process.stderr.write(text.endsWith("\n") ? text : `${text}\n`),
};

/** Reads `--name value` and `--flag` options; positional arguments are returned in order. */
export const parseArgs = (argv: string[]): { options: Record<string, string | true>; positional: string[] } => {
  const options: Record<string, string | true> = {};
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg.startsWith("--")) {
      const [key, inline] = arg.slice(2).split("=", 2) as [string, string | undefined];
      const next = argv[i + 1];
      if (inline !== undefined) options[key] = inline;
      else if (next !== undefined && !next.startsWith("--")) {
        options[key] = next;
        i++;
      } else options[key] = true;
    } else positional.push(arg);
  }
  return { options, positional };
};

/** A command line the command cannot run: exit 2, with the command's usage. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

/**
 * The flags a command takes: `values` take a value (`--week 3`, `--week=3`), `switches` take none.
 * Commands export it as FLAGS; main checks every `--flag` against it before the command runs.
 */
export interface FlagSpec {
  values?: readonly string[];
  switches?: readonly string[];
}

/** Throws UsageError for a flag the spec does not name, or a value flag with no value. */
export const checkFlags = (argv: readonly string[], spec: FlagSpec, command: string): void => {
  const values = new Set(spec.values ?? []);
  const switches = new Set(spec.switches ?? []);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith("--")) continue;
    const [name, inline] = arg.slice(2).split("=", 2) as [string, string | undefined];
    if (switches.has(name)) continue;
    if (!values.has(name)) throw new UsageError(`${command}: unknown option --${name}`);
    if (inline !== undefined) continue;
    const next = argv[i + 1];
    if (next === undefined || next.startsWith("--")) throw new UsageError(`${command}: --${name} needs a value`);
    i++;
  }
};

/** Removes the global options (`--stack NAME`, `--yes`) from argv and returns them. */
export const takeGlobalOptions = (argv: readonly string[]): { argv: string[]; stack?: string; yes: boolean } => {
  const rest: string[] = [];
  let stack: string | undefined;
  let yes = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--yes" || arg === "-y") yes = true;
    else if (arg.startsWith("--stack=")) stack = arg.slice("--stack=".length);
    else if (arg === "--stack") {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith("-")) throw new UsageError("--stack needs a stack name");
      stack = next;
      i++;
    } else rest.push(arg);
  }
  if (stack === "") throw new UsageError("--stack needs a stack name");
  return { argv: rest, ...(stack ? { stack } : {}), yes };
};
