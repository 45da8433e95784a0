/**
 * Log guard, a vitest `setupFiles` entry in both configs: every test file runs under it.
 *
 * The one structured logger (functions/lib/logger.ts, Powertools) writes each line with its own
 * `Console` bound to process.stdout / process.stderr, so the guard tees those two streams and reads the
 * lines that are log lines: JSON objects with the logger's `level`, `message` and `timestamp` keys.
 * (The global console methods are teed too, for POWERTOOLS_DEV, where the logger uses them.) Test
 * output is never read as a log line. After the file's tests it fails the file if any log line held an
 * email address or one of the reply, check-in, name and hostile texts the suites feed in.
 *
 * So that the guard sees every line, the logger runs at TRACE while a file runs; what reaches the
 * terminal is unchanged: log lines print only at or above the level the run asked for
 * (POWERTOOLS_LOG_LEVEL, or whatever a test sets with `logger.setLogLevel`, which moves only that
 * terminal threshold). Everything else that is written passes straight through.
 */
import { afterAll } from "vitest";
import { logger } from "../../functions/lib/logger.js";

/** An email address anywhere in a log line's values. */
export const EMAIL_PATTERN = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/;

/**
 * Texts the suites send in that a log line must never carry (compared case-insensitively): reply text
 * from tests/fixtures/replies, check-in notes and replies from the inbound, web and reliability suites,
 * the names and hostile strings of tests/reliability/security.test.ts and fuzz-subscribe.test.ts.
 */
export const FORBIDDEN_TEXTS: readonly string[] = [
  // tests/fixtures/replies
  "Calves about a 6 today",
  "About a 4, mostly the feet",
  "Calves about 4, nothing sharp",
  "Hip flexors a bit sore",
  "No sharp pain or swelling, just tight",
  "knees are about 5 today",
  "Lower back stiff, about a 5",
  "Please stop emailing me",
  "Legs ok, nothing to report",
  "off on holiday",
  "07700 900",
  // inbound, web and subscriber suites
  "Calves about a 7 today after the hills",
  "Sharp pain in my left shin",
  "No sharp pain, no swelling. Quads a 4",
  "swollen ankle, pain at night",
  "tight after hills",
  "out of the office until Monday",
  // tests/reliability/security.test.ts and fuzz-subscribe.test.ts
  "Quixote Marmalade",
  "Zebra crossing",
  "hill repeats",
  "<script>alert",
  "onload=alert",
  "X-Evil: 1",
  "Bcc: evil",
  "Bcc: victim",
  "=HYPERLINK(",
  "evil.example",
];

const THRESHOLD: Record<string, number> = { TRACE: 6, DEBUG: 8, INFO: 12, WARN: 16, ERROR: 20, CRITICAL: 24, SILENT: 28 };
const FORBIDDEN_LOWER = FORBIDDEN_TEXTS.map((t) => t.toLowerCase());

interface GuardState {
  /** Log lines below this level are read but not printed: the terminal shows what it showed before. */
  terminalLevel: number;
  /** Log lines read in the current file. */
  lines: number;
  violations: string[];
}

const STATE = Symbol.for("legwork.logGuard");
const holder = globalThis as typeof globalThis & { [STATE]?: GuardState };

/** Every string in a parsed log line, keys included, for matching on the text as logged (unescaped). */
const stringsOf = (value: unknown, out: string[] = []): string[] => {
  if (typeof value === "string") out.push(value);
  else if (Array.isArray(value)) for (const v of value) stringsOf(v, out);
  else if (value && typeof value === "object")
    for (const [k, v] of Object.entries(value)) {
      out.push(k);
      stringsOf(v, out);
    }
  return out;
};

const asLogLine = (text: string): Record<string, unknown> | undefined => {
  const trimmed = text.trim();
  if (!trimmed.startsWith("{") || !trimmed.endsWith("}")) return undefined;
  try {
    const value: unknown = JSON.parse(trimmed);
    if (value && typeof value === "object" && !Array.isArray(value) && "level" in value && "message" in value && "timestamp" in value)
      return value as Record<string, unknown>;
  } catch {
    // not JSON: not a log line
  }
  return undefined;
};

/** Checks one log line; returns whether it should reach the terminal. */
const inspect = (state: GuardState, line: Record<string, unknown>, raw: string): boolean => {
  state.lines++;
  const text = stringsOf(line).join("\n");
  const lower = text.toLowerCase();
  const found = [EMAIL_PATTERN.exec(text)?.[0], ...FORBIDDEN_TEXTS.filter((_, i) => lower.includes(FORBIDDEN_LOWER[i]!))].filter(Boolean);
  if (found.length) state.violations.push(`${JSON.stringify(found)} in ${raw.trim().slice(0, 400)}`);
  return (THRESHOLD[String(line["level"]).toUpperCase()] ?? THRESHOLD["SILENT"]!) >= state.terminalLevel;
};

/** The log lines in one write: the whole chunk (an indented line) or each of its lines. */
const filterChunk = (state: GuardState, chunk: string): string => {
  const whole = asLogLine(chunk);
  if (whole) return inspect(state, whole, chunk) ? chunk : "";
  if (!chunk.includes('"level"')) return chunk;
  return chunk
    .split(/(?<=\n)/)
    .filter((piece) => {
      const line = asLogLine(piece);
      return line ? inspect(state, line, piece) : true;
    })
    .join("");
};

const install = (): GuardState => {
  const state: GuardState = { terminalLevel: THRESHOLD["ERROR"]!, lines: 0, violations: [] };
  for (const stream of [process.stdout, process.stderr]) {
    const original = stream.write.bind(stream) as (...args: unknown[]) => boolean;
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      const text = typeof chunk === "string" ? chunk : Buffer.isBuffer(chunk) ? chunk.toString("utf8") : undefined;
      if (text === undefined || !text.includes("{")) return original(chunk, ...rest);
      const kept = filterChunk(state, text);
      if (kept === text) return original(chunk, ...rest);
      if (kept !== "") return original(kept, ...rest);
      // Nothing to print: still honour a write callback, as the stream would.
      const callback = rest.find((r) => typeof r === "function") as (() => void) | undefined;
      if (callback) queueMicrotask(callback);
      return true;
    }) as typeof stream.write;
  }
  for (const method of ["log", "info", "warn", "error", "debug", "trace"] as const) {
    const original = console[method].bind(console);
    console[method] = (...args: unknown[]) => {
      const only = args.length === 1 && typeof args[0] === "string" ? asLogLine(args[0]) : undefined;
      if (only && !inspect(state, only, args[0] as string)) return;
      original(...args);
    };
  }
  return state;
};

const state = (holder[STATE] ??= install());
state.lines = 0;
state.violations = [];

// The logger of this file's module graph: read everything, print what the run asked for.
const levelName = (process.env["POWERTOOLS_LOG_LEVEL"] ?? logger.getLevelName()).toUpperCase();
state.terminalLevel = THRESHOLD[levelName] ?? THRESHOLD["ERROR"]!;
const setLevel = logger.setLogLevel.bind(logger);
setLevel("TRACE");
logger.setLogLevel = (level: Parameters<typeof logger.setLogLevel>[0]) => {
  const threshold = THRESHOLD[String(level).toUpperCase()];
  if (threshold === undefined)
    setLevel(level); // throws the logger's own error for a bad level
  else state.terminalLevel = threshold;
};

afterAll(() => {
  const { violations, lines } = state;
  if (violations.length)
    throw new Error(
      `log guard: ${violations.length} of ${lines} log lines carry an email address or a text the tests sent in ` +
        `(log the runner id instead):\n${violations.slice(0, 10).join("\n")}`,
    );
});
