/**
 * The `parse` section of `legwork bench`: parseMessage over the reply corpora (tests/fixtures/clients/eml
 * and tests/fixtures/replies), each message timed on its own after one warm-up pass, plus 1 MB shapes
 * (a long quote, deep HTML, one long line, many short lines, base64) timed the same way.
 */
import { readdirSync, readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { parseMessage } from "../../functions/domain/reply/index.js";

const CORPORA = ["../../tests/fixtures/clients/eml/", "../../tests/fixtures/replies/"];
const MB = 1024 * 1024;

export interface ParseFigures {
  messages: number;
  medianMs: number;
  p99Ms: number;
  maxMs: number;
  /** The same in CPU time (user + system) of this process: what a busy shared machine does not inflate. */
  cpu: { medianMs: number; p99Ms: number; maxMs: number };
  /** 1 MB shapes: the slowest, in ms (wall and CPU), and how many were tried. */
  large: { shapes: number; maxMs: number; cpuMaxMs: number };
}

const corpus = (): Buffer[] =>
  CORPORA.flatMap((dir) => {
    const url = new URL(dir, import.meta.url);
    return readdirSync(url)
      .filter((f) => f.endsWith(".eml"))
      .sort()
      .map((f) => readFileSync(new URL(f, url)));
  });

const HEAD = "From: sam@example.org\r\nTo: checkin+t@reply.legwork.example\r\nSubject: Re: Week 3\r\nMIME-Version: 1.0\r\n";
const fill = (unit: string, bytes: number): string => unit.repeat(Math.floor(bytes / unit.length));

/** Messages just under 1 MB in the shapes that cost the most. */
const largeShapes = (): string[] => {
  const room = MB - 2048;
  return [
    `${HEAD}Content-Type: text/plain; charset=utf-8\r\n\r\ncalves 3\r\n\r\nOn Mon, 2 Mar 2026 at 07:00, Legwork <coach@legwork.example> wrote:\r\n${fill("> Week 3: easy runs, reply with a number from 0 to 10.\r\n", room - 200)}`,
    `${HEAD}Content-Type: text/html; charset=utf-8\r\n\r\n<div>calves 3</div>${fill("<div><blockquote>", room / 2 - 20)}`,
    `${HEAD}Content-Type: text/plain; charset=utf-8\r\n\r\ncalves 3 ${fill("sore ", room - 20)}`,
    `${HEAD}Content-Type: text/plain; charset=utf-8\r\n\r\n${fill("6\r\n", room)}`,
    `${HEAD}Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n${Buffer.from(
      fill("calves about a 3, no sharp pain. ", room * 0.72),
    )
      .toString("base64")
      .replace(/.{76}/g, "$&\r\n")}`,
  ];
};

const timed = async (raw: Buffer | string): Promise<{ wall: number; cpu: number }> => {
  const c = process.cpuUsage();
  const t = performance.now();
  await parseMessage(raw);
  const used = process.cpuUsage(c);
  return { wall: performance.now() - t, cpu: (used.user + used.system) / 1000 };
};

const at = (sorted: readonly number[], q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
const round = (ms: number): number => Math.round(ms * 100) / 100;

const figures = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return { medianMs: round(at(sorted, 0.5)), p99Ms: round(at(sorted, 0.99)), maxMs: round(sorted[sorted.length - 1] ?? 0) };
};

export const measureParse = async (): Promise<ParseFigures> => {
  const messages = corpus();
  for (const raw of messages) await parseMessage(raw); // warm up: JIT, charset tables
  const times: { wall: number; cpu: number }[] = [];
  for (const raw of messages) times.push(await timed(raw));
  const large: { wall: number; cpu: number }[] = [];
  for (const raw of largeShapes()) large.push(await timed(raw));
  return {
    messages: messages.length,
    ...figures(times.map((t) => t.wall)),
    cpu: figures(times.map((t) => t.cpu)),
    large: {
      shapes: large.length,
      maxMs: round(Math.max(...large.map((t) => t.wall))),
      cpuMaxMs: round(Math.max(...large.map((t) => t.cpu))),
    },
  };
};
