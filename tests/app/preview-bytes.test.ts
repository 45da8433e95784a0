import type { IncomingMessage, Server } from "node:http";
import { createServer, request } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dispatch } from "../../functions/app/dispatch.js";
import { dispatchDeps } from "../../functions/app/dispatch-deps.js";
import { previewLinks, previewMime, previewRunner } from "../../cli/commands/preview.js";
import type { CheckinSummary } from "../../functions/domain/adapt.js";
import type { Runner } from "../../functions/domain/profile.js";
import { profileOf } from "../../functions/domain/profile.js";
import { activeRunner } from "../support/runners.js";
import { emailsTo, freshConfig, testDeps, uniqueEmail } from "../support/stack.js";

/**
 * `preview --format mime` "gives the exact bytes that would be sent" (README, Operator CLI). Here the
 * real dispatcher sends to aws-ses-v2-local through a recording proxy, so the test holds the raw MIME
 * exactly as SES received it over HTTP, and compares it byte for byte with preview's bytes for the same
 * runner, instant and base URL. Date, Message-ID and the token expiries all derive from that instant.
 */

const START = new Date("2027-03-01T00:00:00Z");

interface Recorded {
  method: string;
  path: string;
  body: Buffer;
}

/** An HTTP proxy in front of the local SES that keeps every request body it forwards. */
const recordingProxy = async (target: string): Promise<{ url: string; requests: Recorded[]; server: Server }> => {
  const requests: Recorded[] = [];
  const upstream = new URL(target);
  const server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      requests.push({ method: req.method ?? "", path: req.url ?? "", body });
      const forward = request(
        {
          host: upstream.hostname,
          port: upstream.port,
          path: req.url,
          method: req.method,
          headers: { ...req.headers, host: upstream.host },
        },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      forward.on("error", () => res.writeHead(502).end());
      forward.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests, server };
};

/** The raw MIME of every SES v2 SendEmail the proxy saw, in order. */
const sentMime = (requests: readonly Recorded[]): Buffer[] =>
  requests
    .filter((r) => r.method === "POST" && r.path.startsWith("/v2/email/outbound-emails"))
    .map((r) => Buffer.from((JSON.parse(r.body.toString("utf8")) as { Content: { Raw: { Data: string } } }).Content.Raw.Data, "base64"));

/** The first line where two messages differ, so a failure names the header or part that moved. */
const firstDifference = (a: Buffer, b: Buffer): string => {
  const [left, right] = [a.toString("utf8").split("\r\n"), b.toString("utf8").split("\r\n")];
  const i = left.findIndex((line, n) => line !== right[n]);
  const at = i === -1 ? left.length : i;
  return `line ${at + 1}: sent ${JSON.stringify(left[at] ?? "<end>")} vs preview ${JSON.stringify(right[at] ?? "<end>")}`;
};

const nia = {
  name: "Nia",
  level: "new",
  goal: "5k",
  runsPerWeek: 3,
  units: "imperial",
  timezone: "America/Chicago",
  sendDay: "sat",
  sendHour: 8,
  soreAreas: ["shins"],
} as const satisfies Partial<Runner>;

const tomas = {
  name: "Tomás",
  level: "experienced",
  goal: "marathon",
  runsPerWeek: 6,
  units: "metric",
  timezone: "Europe/Berlin",
  sendDay: "mon",
  sendHour: 6,
  soreAreas: [],
} as const satisfies Partial<Runner>;

const checkin = (daysBefore: number, week: number, soreness: number): CheckinSummary => ({
  at: new Date(START.getTime() - daysBefore * 86_400_000).toISOString(),
  week,
  soreness,
  areas: ["calves"],
  redFlags: [],
});

describe("preview --format mime prints exactly the bytes the dispatcher sends", () => {
  let proxy: Awaited<ReturnType<typeof recordingProxy>>;
  beforeAll(async () => {
    proxy = await recordingProxy(process.env["SES_ENDPOINT"]!);
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => proxy.server.close(() => resolve()));
  });

  it.each([
    ["week 1, a new imperial runner", nia, 0, [], "Week 1 of 10"],
    ["week 5 adapted to calves 7/10", nia, 4, [checkin(3, 4, 7)], "Week 5 of 10"],
    ["a recovery week after two high check-ins", tomas, 2, [checkin(10, 1, 8), checkin(3, 2, 7)], "Recovery week"],
  ] as const)("%s", async (_label, profile, sentWeeks, checkins, subject) => {
    // Arrange: a stored active runner, due at its next slot; the dispatcher's SES calls go through the proxy
    const config = await freshConfig({ SES_ENDPOINT: proxy.url, LEGWORK_SEND_RATE: "1000" });
    const deps = await testDeps({ config });
    const runner = await activeRunner(deps, START, {
      ...profile,
      soreAreas: [...profile.soreAreas],
      email: uniqueEmail("bytes"),
      week: sentWeeks,
      recentCheckins: [...checkins],
    });
    const now = new Date(runner.nextSendAt!);
    const before = proxy.requests.length;

    // Act: one real dispatcher run, then preview's path for the same runner, instant and base URL
    const result = await dispatch(dispatchDeps(deps), { now, remainingMs: () => 300_000 });
    const sent = sentMime(proxy.requests.slice(before));
    const previewed = await previewMime(
      config,
      previewLinks(config, config.LEGWORK_BASE_URL!),
      previewRunner(profileOf(runner), { week: sentWeeks + 1, now, checkins, id: runner.id }),
      now,
    );
    const oneSecondLater = await previewMime(
      config,
      previewLinks(config, config.LEGWORK_BASE_URL!),
      previewRunner(profileOf(runner), { week: sentWeeks + 1, now: new Date(now.getTime() + 1000), checkins, id: runner.id }),
      new Date(now.getTime() + 1000),
    );

    // Assess
    expect(result).toMatchObject({ due: 1, sent: 1, failed: 0 });
    expect(sent).toHaveLength(1);
    const [bytes] = sent as [Buffer];
    expect(bytes.equals(previewed), firstDifference(bytes, previewed)).toBe(true);
    expect(bytes.toString("utf8")).toContain(`Subject: ${subject}`);
    expect((await emailsTo(runner.email)).map((e) => e.subject)).toEqual([expect.stringContaining(subject)]);
    // The bytes depend on the instant (Date header, token expiries): the comparison above is not vacuous.
    expect(bytes.equals(oneSecondLater)).toBe(false);
  });
});
