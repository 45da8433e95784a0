import type { Mode, ScaleInput, ScaleResult, Spread } from "../scale/inputs.js";
import { scaleModel } from "../scale/model.js";
import type { CliIo } from "../shared/io.js";
import type { FlagSpec } from "../shared/io.js";
import { parseArgs } from "../shared/io.js";

export const FLAGS: FlagSpec = {
  switches: ["markdown"],
  values: [
    "rate",
    "subscribers",
    "spread",
    "mode",
    "tick-minutes",
    "ms-per-email",
    "email-latency-ms",
    "item-kb",
    "replies-per-email",
    "reply-kb",
  ],
};

export const USAGE = [
  "usage: legwork scale --subscribers N --rate R [--tick-minutes 15] [--ms-per-email 15] [--email-latency-ms 120]",
  "                     [--item-kb 2] [--replies-per-email 0.1] [--spread worst|uniform] [--mode direct|fanout]",
  "       legwork scale --markdown --rate R [--subscribers 1000,100000,1000000] [same options]",
].join("\n");

const NUMBER_OPTIONS: [string, keyof ScaleInput][] = [
  ["tick-minutes", "tickMinutes"],
  ["ms-per-email", "msPerEmail"],
  ["email-latency-ms", "emailLatencyMs"],
  ["item-kb", "itemKb"],
  ["replies-per-email", "repliesPerEmail"],
  ["reply-kb", "replyKb"],
];

const usd = (n: number): string => `$${n < 10 ? n.toFixed(2) : Math.round(n).toLocaleString("en-US")}`;

/** One Markdown row per subscriber count. */
export const markdownTable = (results: ScaleResult[]): string =>
  [
    "| Subscribers | SES rate | Mode | Drain (one slot) | Peak Lambdas | Lambda | DynamoDB | SES | SQS | S3 | Total / month |",
    "| ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ...results.map((r) => {
      const c = r.monthly.costUsd;
      const drain = r.drain.minutes < 60 ? `${r.drain.minutes} min` : `${r.drain.hours} h`;
      return `| ${r.input.subscribers.toLocaleString("en-US")} | ${r.input.rate}/s | ${r.input.mode} | ${drain} (${r.input.spread}) | ${r.peakLambdaConcurrency} | ${usd(c.lambda)} | ${usd(c.dynamodb)} | ${usd(c.ses)} | ${usd(c.sqs)} | ${usd(c.s3)} | ${usd(c.total)} |`;
    }),
  ].join("\n");

/** `legwork scale`: the capacity and cost model (cli/scale/) as JSON, or a Markdown table. */
export const run = async (argv: string[], io: CliIo): Promise<number> => {
  const { options } = parseArgs(argv);
  const rate = Number(options["rate"]);
  const subscribers = String(options["subscribers"] ?? (options["markdown"] ? "1000,100000,1000000" : ""))
    .split(",")
    .filter(Boolean)
    .map(Number);
  const spread = options["spread"] as Spread | undefined;
  const mode = options["mode"] as Mode | undefined;
  if (
    !(rate > 0) ||
    subscribers.length === 0 ||
    !subscribers.every((n) => Number.isInteger(n) && n >= 0) ||
    (spread !== undefined && spread !== "worst" && spread !== "uniform") ||
    (mode !== undefined && mode !== "direct" && mode !== "fanout")
  ) {
    io.stderr(USAGE);
    return 2;
  }
  const extra: Partial<ScaleInput> = { ...(spread ? { spread } : {}), ...(mode ? { mode } : {}) };
  for (const [flag, key] of NUMBER_OPTIONS) {
    if (options[flag] === undefined) continue;
    const value = Number(options[flag]);
    if (!Number.isFinite(value) || value < 0) {
      io.stderr(`scale: --${flag} must be a number ≥ 0\n${USAGE}`);
      return 2;
    }
    (extra as Record<string, number>)[key] = value;
  }
  try {
    const results = subscribers.map((n) => scaleModel({ subscribers: n, rate, ...extra }));
    io.stdout(options["markdown"] ? markdownTable(results) : JSON.stringify(results.length === 1 ? results[0] : results, null, 2));
    return 0;
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    io.stderr(`scale: ${error.message}\n${USAGE}`);
    return 2;
  }
};
