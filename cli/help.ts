/**
 * What `legwork --help` says about each command: one line of description and an example. A command's
 * own `--help` adds its usage line. Keep one entry per command (tests/cli/help.test.ts checks them all).
 */
export const HELP: Readonly<Record<string, { summary: string; example: string }>> = {
  subscribers: {
    summary: "list, export, import or delete subscribers (list shows a red-flag hold as its own status)",
    example: "legwork subscribers list",
  },
  triage: {
    summary: "runners held for a red flag: list them, show one (their reply, what Legwork answered), resume with a note",
    example: 'legwork triage resume abc123 --note "saw a physio, cleared to run"',
  },
  stats: {
    summary: "subscribers, sends, check-in rates, soreness, red flags, bounces and complaints (JSON, or --table)",
    example: "legwork stats --weeks 12 --table",
  },
  "test-send": {
    summary: "send any Legwork email, exactly as built, to an address on the operator list (subject [Test])",
    example: "legwork test-send --to you@example.org --type weekly --week 3",
  },
  tick: {
    summary: "run the dispatcher once (deployed: invoke the dispatcher function) and print its result",
    example: "legwork tick --now 2026-12-07T08:00:00Z",
  },
  feedback: {
    summary: "inject an SES bounce or complaint for an address into the feedback handler",
    example: "legwork feedback bounce runner@example.com",
  },
  preview: {
    summary: "print a week's email for a profile as HTML, text or the exact MIME bytes",
    example: "legwork preview --week 3 --format text",
  },
  "parse-reply": { summary: "show what Legwork understands from a reply (.eml)", example: "legwork parse-reply reply.eml" },
  simulate: {
    summary: "time-travel a whole programme on a throwaway local stack and count sends",
    example: "legwork simulate --runners 50 --weeks 10",
  },
  bench: { summary: "measure the performance figures (JSON)", example: "legwork bench --quick" },
  scale: {
    summary: "estimate send times and costs for a subscriber count and SES rate",
    example: "legwork scale --rate 14 --subscribers 100000",
  },
};

export const GLOBAL_OPTIONS = [
  "  --stack NAME   work on a deployed stack (or set LEGWORK_STACK); default: the local stack `npm start` runs",
  "  --yes          do not ask before changing data in a deployed stack",
  "  --help         a command's options and an example",
];

export const EXIT_CODES = ["exit codes: 0 done; 1 failed or found a problem (see stderr); 2 wrong usage, refused, or nothing done"];

/** The top-level help: every command with its description and example. */
export const topLevelHelp = (names: readonly string[]): string => {
  const width = Math.max(...names.map((n) => n.length));
  const lines = names.flatMap((name) => {
    const help = HELP[name];
    return help ? [`  ${name.padEnd(width)}  ${help.summary}`, `  ${" ".repeat(width)}  e.g. ${help.example}`] : [`  ${name}`];
  });
  return [
    "usage: legwork <command> [options]   (legwork <command> --help for its options)",
    "",
    "commands:",
    ...lines,
    "",
    "options:",
    ...GLOBAL_OPTIONS,
    "",
    ...EXIT_CODES,
  ].join("\n");
};

/** A command's help: its usage, then its description and example. */
export const commandHelp = (name: string, usage: string): string => {
  const help = HELP[name];
  return help ? `${usage}\n\n${help.summary}\n\nexample: ${help.example}` : usage;
};
