import { SESv2Client } from "@aws-sdk/client-sesv2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Runner } from "../../functions/domain/profile.js";
import type { TokenPurpose } from "../../functions/domain/tokens.js";
import { signToken } from "../../functions/domain/tokens.js";
import type { Deps } from "../../functions/wiring.js";
import { activeRunner, pendingRunner } from "../support/runners.js";
import { emailsTo, freshConfig, scanTable, testDeps } from "../support/stack.js";
import { startWeb } from "../support/web-server.js";
import { seededRandom, writeCountingClient } from "./support.js";

/*
 * Single-byte mutants of real tokens over real HTTP (tests/domain/tokens.test.ts tries every byte at
 * every position against verifyToken; this samples them against the routes). For every token-bearing
 * route, each position of a valid token of the route's purpose is replaced by four sampled characters:
 * one from the token alphabet, one other ASCII code point (controls included), one code point
 * U+0080-U+00FF (all three URL-encoded as a browser or mail client would: UTF-8 percent-escapes), and
 * one raw byte %80-%FF (invalid UTF-8 on its own). POSTs alternate between the token in the query (the
 * one-click form) and in the form body. Each answer must be a 4xx, the web function must not send one
 * DynamoDB write (counted on its client, conditional ones included) nor ask SES to send anything, and
 * after each route the whole table must be exactly as before (a full Scan). The valid tokens themselves
 * are accepted (2xx) at the end, so the requests are right in every respect but the token.
 */

const SEED = 0x7e2;
const MUTANTS_PER_POSITION = 4;
const ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789.";

interface RouteCase {
  method: "GET" | "POST";
  path: string;
  purpose: TokenPurpose;
  /** The pending runner (confirm) or the active one. */
  runner: "pending" | "active";
  /** Query parameters besides the token (GET) or form fields besides the token (POST). */
  fields: Record<string, string>;
}

const ROUTES: RouteCase[] = [
  { method: "GET", path: "/confirm", purpose: "confirm", runner: "pending", fields: {} },
  { method: "POST", path: "/confirm", purpose: "confirm", runner: "pending", fields: {} },
  { method: "GET", path: "/unsubscribe", purpose: "unsubscribe", runner: "active", fields: {} },
  { method: "POST", path: "/unsubscribe", purpose: "unsubscribe", runner: "active", fields: { "List-Unsubscribe": "One-Click" } },
  { method: "GET", path: "/preferences", purpose: "prefs", runner: "active", fields: {} },
  { method: "POST", path: "/preferences", purpose: "prefs", runner: "active", fields: { action: "pause", weeks: "2" } },
  { method: "GET", path: "/checkin", purpose: "checkin", runner: "active", fields: { score: "6" } },
  {
    method: "POST",
    path: "/checkin",
    purpose: "checkin",
    runner: "active",
    fields: { score: "6", areas: "calves", note: "tight after hills" },
  },
  { method: "POST", path: "/api/export", purpose: "data", runner: "active", fields: {} },
  { method: "POST", path: "/api/delete", purpose: "data", runner: "active", fields: { confirm: "yes" } },
];

/** A mutant: the token with one position replaced, already URL-encoded for the query or the form body. */
interface Mutant {
  encoded: string;
  what: string;
}

const hex = (code: number) => code.toString(16).toUpperCase().padStart(2, "0");

/** Four sampled single-byte mutants per position of `token`. */
const mutantsOf = (token: string, random: () => number): Mutant[] => {
  const pick = (from: number[]): number => from[Math.floor(random() * from.length)]!;
  const range = (lo: number, hi: number) => Array.from({ length: hi - lo + 1 }, (_, i) => lo + i);
  const out: Mutant[] = [];
  for (let i = 0; i < token.length; i++) {
    const original = token.charCodeAt(i);
    const others = (codes: number[]) => codes.filter((c) => c !== original);
    const alphabet = others([...ALPHABET].map((c) => c.charCodeAt(0)));
    const ascii = range(0x00, 0x7f).filter((c) => !ALPHABET.includes(String.fromCharCode(c)));
    const replace = (ch: string) => token.slice(0, i) + ch + token.slice(i + 1);
    for (const code of [pick(alphabet), pick(ascii), pick(range(0x80, 0xff))])
      out.push({ encoded: encodeURIComponent(replace(String.fromCharCode(code))), what: `position ${i}: U+00${hex(code)}` });
    const byte = pick(range(0x80, 0xff));
    out.push({
      encoded: encodeURIComponent(token.slice(0, i)) + `%${hex(byte)}` + encodeURIComponent(token.slice(i + 1)),
      what: `position ${i}: raw byte %${hex(byte)}`,
    });
  }
  return out;
};

const formBody = (fields: Record<string, string>, encodedToken?: string): string =>
  [...(encodedToken === undefined ? [] : [`token=${encodedToken}`]), new URLSearchParams(fields).toString()].filter(Boolean).join("&");

describe("fuzz: single-byte token mutants over HTTP are a 4xx and change nothing", () => {
  let deps: Deps;
  let web: Awaited<ReturnType<typeof startWeb>>;
  let pending: Runner;
  let active: Runner;
  let sendCalls = 0;
  let counted: ReturnType<typeof writeCountingClient>;
  const stats = { cases: 0, byRoute: {} as Record<string, number>, byStatus: {} as Record<string, number> };

  /** Sends one request with an already URL-encoded token; POSTs put it in the query or the form body. */
  const request = (route: RouteCase, encodedToken: string, inQuery: boolean): Promise<Response> => {
    if (route.method === "GET") {
      const extra = new URLSearchParams(route.fields).toString();
      return fetch(`${web.url}${route.path}?token=${encodedToken}${extra ? `&${extra}` : ""}`);
    }
    return fetch(`${web.url}${route.path}${inQuery ? `?token=${encodedToken}` : ""}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: formBody(route.fields, inQuery ? undefined : encodedToken),
    });
  };

  const tokenFor = (route: RouteCase): string =>
    signToken(deps.keys, { purpose: route.purpose, runnerId: (route.runner === "pending" ? pending : active).id, now: new Date() });

  beforeAll(async () => {
    const config = await freshConfig();
    // The real local SES, with a count of every SendEmail the web routes ask for.
    const ses = new SESv2Client({ region: config.AWS_REGION, endpoint: config.SES_ENDPOINT, maxAttempts: 3 });
    ses.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === "SendEmailCommand") sendCalls++;
        return next(args);
      },
      { step: "initialize", name: "countSendEmail" },
    );
    counted = writeCountingClient(config); // the web function's DynamoDB client, counting its writes
    deps = await testDeps({ config, clients: { ddb: counted.client, ses } });
    web = await startWeb(deps);
    const now = new Date();
    pending = pendingRunner(now);
    await deps.runners.create(pending);
    active = await activeRunner(deps, now);
  });

  afterAll(async () => {
    await web?.close();
    console.log(
      `fuzz token mutants over HTTP: ${stats.cases} cases, by route ${JSON.stringify(stats.byRoute)}, by status ${JSON.stringify(stats.byStatus)}`,
    );
  });

  it("every route answers every sampled mutant with a 4xx; the table and SES stay untouched", { timeout: 600_000 }, async () => {
    // Arrange
    const random = seededRandom(SEED);
    const baseline = await scanTable(deps);
    expect(baseline.length).toBeGreaterThan(0);
    counted.writes = 0; // the runners the setup wrote
    let expected = 0;

    for (const route of ROUTES) {
      const name = `${route.method} ${route.path}`;
      const token = tokenFor(route);
      const mutants = mutantsOf(token, random);
      expected += token.length * MUTANTS_PER_POSITION;
      for (const [n, mutant] of mutants.entries()) {
        // Act
        const res = await request(route, mutant.encoded, n % 2 === 0);
        await res.arrayBuffer();

        // Assess
        stats.cases++;
        stats.byRoute[name] = (stats.byRoute[name] ?? 0) + 1;
        stats.byStatus[res.status] = (stats.byStatus[res.status] ?? 0) + 1;
        expect(res.status, `${name} ${mutant.what} (${mutant.encoded})`).toBeGreaterThanOrEqual(400);
        expect(res.status, `${name} ${mutant.what} (${mutant.encoded})`).toBeLessThan(500);
        expect(counted.writes, `${name} ${mutant.what}: a DynamoDB write was sent`).toBe(0);
        expect(sendCalls, `${name} ${mutant.what}: an email was sent`).toBe(0);
      }
      expect(await scanTable(deps), `${name}: the table changed`).toEqual(baseline);
    }

    expect(stats.cases).toBe(expected);
    expect(stats.cases).toBeGreaterThanOrEqual(ROUTES.length * 40 * MUTANTS_PER_POSITION);
    expect(await emailsTo(pending.email)).toEqual([]);
    expect(await emailsTo(active.email)).toEqual([]);
  });

  it("the valid tokens pass on the same requests (2xx), in both placements, so only the token was wrong", async () => {
    // Arrange: read-only routes first, the ones that change state after, deletion last.
    const order = [
      "GET /confirm",
      "GET /unsubscribe",
      "GET /preferences",
      "GET /checkin",
      "POST /api/export",
      "POST /checkin",
      "POST /preferences",
      "POST /confirm",
      "POST /unsubscribe",
      "POST /api/delete",
    ];
    const routes = order.map((name) => ROUTES.find((r) => `${r.method} ${r.path}` === name)!);
    expect(new Set(routes).size).toBe(ROUTES.length);

    // Act
    const statuses: Record<string, number[]> = {};
    for (const route of routes) {
      const token = tokenFor(route);
      const placements = route.method === "GET" ? [true] : [true, false];
      statuses[`${route.method} ${route.path}`] = [];
      for (const inQuery of placements) {
        const res = await request(route, encodeURIComponent(token), inQuery);
        await res.arrayBuffer();
        statuses[`${route.method} ${route.path}`]!.push(res.status);
      }
    }

    // Assess
    for (const [name, codes] of Object.entries(statuses))
      for (const code of codes) {
        expect(code, name).toBeGreaterThanOrEqual(200);
        expect(code, name).toBeLessThan(300);
      }
    expect(sendCalls).toBeGreaterThan(0); // the welcome email and the unsubscribe note: the counter counts
    expect(counted.writes).toBeGreaterThan(0); // confirm, check-in, pause, unsubscribe, delete: so does this one
    expect(await deps.runners.getById(active.id)).toBeUndefined();
  });
});
