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
export const parseArgs = (
  argv: string[],
): { options: Record<string, string | true>; positional: string[] } => {
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
