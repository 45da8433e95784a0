import { createServer, request } from "node:http";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";

/**
 * A local SES layer that enforces MaxSendRate as SES does: in front of aws-ses-v2-local, it answers
 * GetAccount with `rate` as MaxSendRate and lets SendEmail through a token bucket of one second's worth
 * (`rate` per second); above it, it answers SES v2's throttling error (HTTP 429 TooManyRequestsException,
 * "Maximum sending rate exceeded."). Everything else passes through.
 */
export interface RateLimitedSes {
  endpoint: string;
  /** SendEmail calls accepted, and refused for the rate. */
  readonly counts: { accepted: number; throttled: number };
  /** When the first and the last accepted SendEmail arrived (ms, performance.now()). */
  readonly window: { first?: number; last?: number };
  reset(): void;
  stop(): Promise<void>;
}

const SEND_PATH = "/v2/email/outbound-emails";
const ACCOUNT_PATH = "/v2/email/account";

const readAll = (req: IncomingMessage): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });

const forward = (
  target: URL,
  req: IncomingMessage,
  body: Buffer,
): Promise<{ status: number; headers: Record<string, string>; body: Buffer }> =>
  new Promise((resolve, reject) => {
    const out = request(
      { host: target.hostname, port: target.port, path: req.url, method: req.method, headers: { ...req.headers, host: target.host } },
      (res) => {
        void readAll(res).then(
          (data) =>
            resolve({
              status: res.statusCode ?? 502,
              headers: { "content-type": res.headers["content-type"] ?? "application/json" },
              body: data,
            }),
          reject,
        );
      },
    );
    out.on("error", reject);
    out.end(body);
  });

/** Starts the layer on a free loopback port in front of `upstream` (aws-ses-v2-local's endpoint). */
export const startRateLimitedSes = async (upstream: string, rate: number): Promise<RateLimitedSes> => {
  const target = new URL(upstream);
  let tokens = rate;
  let last = performance.now();
  const counts = { accepted: 0, throttled: 0 };
  const window: { first?: number; last?: number } = {};
  const take = (): boolean => {
    const now = performance.now();
    tokens = Math.min(rate, tokens + ((now - last) / 1000) * rate);
    last = now;
    if (tokens < 1) return false;
    tokens -= 1;
    return true;
  };
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const body = await readAll(req);
    const path = (req.url ?? "").split("?")[0];
    if (req.method === "POST" && path === SEND_PATH) {
      if (!take()) {
        counts.throttled++;
        res.writeHead(429, { "content-type": "application/json", "x-amzn-errortype": "TooManyRequestsException" });
        res.end(JSON.stringify({ message: "Maximum sending rate exceeded." }));
        return;
      }
      counts.accepted++;
      window.first ??= performance.now();
      window.last = performance.now();
    }
    const answer = await forward(target, req, body);
    if (req.method === "GET" && path === ACCOUNT_PATH && answer.status === 200) {
      const account = JSON.parse(answer.body.toString("utf8")) as { SendQuota?: Record<string, number> };
      account.SendQuota = { ...account.SendQuota, MaxSendRate: rate };
      answer.body = Buffer.from(JSON.stringify(account));
    }
    res.writeHead(answer.status, answer.headers);
    res.end(answer.body);
  };
  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => {
      res.writeHead(502);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    counts,
    window,
    reset: () => {
      counts.accepted = 0;
      counts.throttled = 0;
      delete window.first;
      delete window.last;
      tokens = rate;
      last = performance.now();
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
};
