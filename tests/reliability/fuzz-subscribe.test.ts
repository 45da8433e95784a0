import fc from "fast-check";
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { SEND_DAYS, SORE_AREAS } from "../../functions/domain/profile.js";
import { MAX_BODY_BYTES } from "../../functions/web/shared/http.js";
import { route } from "../../functions/web/router.js";
import { ACCEPTED_BODY } from "../../functions/web/routes/subscribe.js";
import type { HttpResult } from "../../functions/web/shared/http.js";
import type { Deps } from "../../functions/wiring.js";
import { httpEvent, settle } from "../support/http.js";
import { freshConfig, scanTable, testDeps } from "../support/stack.js";
import { acceptingSes, emptyTable, writeCountingClient } from "./support.js";
import { validSignup } from "../support/signup.js";
import { fuzzRuns, totalRuns } from "../support/fuzz.js";

/*
 * POST /api/subscribe under fuzzing, straight through route() with one shared set of dependencies.
 * Invariants for every input: route() resolves (never throws), the status is 2xx or 4xx (never 5xx),
 * the response is well-formed for its content type, and a rejected input changes nothing: the function
 * sends no DynamoDB write at all (counted on its client), and the table is exactly as it was (a full
 * Scan, on every hundredth rejection and after each property). After an accepted input the table is
 * emptied again, so every case starts from the same state. Rate limits are set out of reach, so a 202 is never throttled away.
 * Confirmation emails go to an in-process SES stand-in (thousands would swamp the shared local SES).
 */

const VALID = validSignup("fuzz.runner@example.com");
const FIELDS = Object.keys(VALID);

const HOSTILE = [
  "<script>alert(1)</script>",
  '"onload=alert(1)',
  "a\r\nBcc: victim@example.com",
  "\u0000",
  "\u202e",
  '=HYPERLINK("http://evil.example")',
  "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 🏃‍♀️",
  "x".repeat(300),
  " ",
  "",
  "true",
  "1e400",
  "-0",
  "NaN",
  "__proto__",
  "Europe/../../etc/passwd",
  "MON",
  "7.5",
  "０７",
];

const CONTENT_TYPES = [
  "application/json",
  "application/json; charset=utf-8",
  "APPLICATION/JSON",
  "application/x-www-form-urlencoded",
  "application/x-www-form-urlencoded; charset=utf-8",
  "multipart/form-data",
  'multipart/form-data; boundary="b"',
  "multipart/form-data; boundary=----x",
  "text/plain",
  "text/html",
  "application/xml",
  "application/jsonp",
  "application/json-patch+json",
  "",
];

/** Each property's run count: short in a normal run, the 10,000 requests in all in deep mode. */
const RUNS = {
  json: fuzzRuns(250, 2_500),
  nearValid: fuzzRuns(300, 3_000),
  contentTypes: fuzzRuns(200, 2_000),
  formJunk: fuzzRuns(200, 2_000),
  sizes: fuzzRuns(50, 500),
};
/** At least this many requests must actually run (10,000 in deep mode). */
const MIN_CASES = totalRuns(...Object.values(RUNS));

let deps: Deps;
/** The table as it must be whenever a case starts. */
let baseline: Record<string, unknown>[] = [];
/** The function's DynamoDB client, counting the writes it sends. */
let counted: ReturnType<typeof writeCountingClient>;
const stats = { cases: 0, writes: 0, byStatus: {} as Record<number, number> };

/** Runs one request and checks every invariant. */
const check = async (event: APIGatewayProxyEventV2): Promise<HttpResult> => {
  counted.writes = 0;
  const res = await route(event, deps);
  await settle(deps); // the signup's work runs after the answer
  const status = res.statusCode ?? 0;
  stats.cases++;
  stats.writes += counted.writes;
  stats.byStatus[status] = (stats.byStatus[status] ?? 0) + 1;
  expect(status === 202 || (status >= 400 && status < 500), `status ${status}: ${res.body?.slice(0, 300)}`).toBe(true);
  const type = res.headers["content-type"] ?? "";
  if (type.startsWith("application/json")) {
    const body = JSON.parse(res.body ?? "") as { error?: { code?: unknown; message?: unknown; fields?: unknown } };
    if (status === 202) expect(body).toEqual(ACCEPTED_BODY);
    else {
      expect(typeof body.error?.code).toBe("string");
      expect(typeof body.error?.message).toBe("string");
      expect(Array.isArray(body.error?.fields)).toBe(true);
    }
  } else {
    expect(type).toMatch(/^text\/html/);
    expect(res.body).toMatch(/^<!doctype html>/i);
  }
  if (status >= 400) {
    expect(counted.writes, `a rejected signup (${status}) sent a DynamoDB write`).toBe(0);
    if (stats.cases % 100 === 0) expect(await scanTable(deps)).toEqual(baseline);
  } else {
    await emptyTable(deps); // the next case starts from the baseline again (checked after each property)
  }
  return res;
};

const post = (body: string | Buffer | undefined, contentType: string) =>
  httpEvent("POST", "/api/subscribe", { body, contentType: contentType || undefined, sourceIp: "198.51.100.200" });

const formOf = (fields: Record<string, unknown>): string => {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) {
    if (v === undefined) continue;
    for (const x of Array.isArray(v) ? v : [v]) params.append(k, typeof x === "string" ? x : (JSON.stringify(x) ?? ""));
  }
  return params.toString();
};

/** A value for one field: plausible, hostile, or anything JSON can carry. */
const fieldValue = fc.oneof(
  fc.constantFrom(...HOSTILE),
  fc.jsonValue({ maxDepth: 3 }),
  fc.string({ unit: "binary", maxLength: 80 }),
  fc.integer({ min: -100, max: 100 }),
  fc.double(),
  fc.boolean(),
  fc.constantFrom(...SEND_DAYS, ...SORE_AREAS, "Pacific/Chatham", "UTC", "etc/utc", "new", "ultra", "imperial"),
  fc.array(fc.constantFrom(...SORE_AREAS, "elbows", "", "CALVES"), { maxLength: 12 }),
);

describe("fuzz: POST /api/subscribe never answers 5xx and never changes state on a rejection", () => {
  beforeAll(async () => {
    const config = await freshConfig({ LEGWORK_SUBSCRIBE_PER_IP_PER_HOUR: "1000000", LEGWORK_SUBSCRIBE_PER_ADDRESS_PER_HOUR: "1000000" });
    counted = writeCountingClient(config);
    deps = await testDeps({ config, clients: { ddb: counted.client, ses: acceptingSes(config) } });
    baseline = await scanTable(deps);
  });

  afterEach(async () => {
    expect(await scanTable(deps)).toEqual(baseline);
  });

  afterAll(() => {
    console.log(`fuzz POST /api/subscribe: ${stats.cases} cases, by status ${JSON.stringify(stats.byStatus)}`);
  });

  it("arbitrary JSON values", { timeout: 300_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ maxDepth: 6 }), async (value) => {
        await check(post(JSON.stringify(value), "application/json"));
      }),
      RUNS.json,
    );
  });

  it("near-valid signups with one field changed, removed or added, as JSON or as a form", { timeout: 300_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...FIELDS, "website", "__proto__", "constructor", "extra", "email "),
        fc.option(fieldValue, { nil: undefined }),
        fc.boolean(),
        async (field, value, asForm) => {
          const fields: Record<string, unknown> = { ...VALID };
          if (value === undefined) delete fields[field];
          else fields[field] = value;
          await check(
            asForm ? post(formOf(fields), "application/x-www-form-urlencoded") : post(JSON.stringify(fields), "application/json"),
          );
        },
      ),
      RUNS.nearValid,
    );
  });

  it("random content types with valid, random and binary bodies", { timeout: 300_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.constantFrom(...CONTENT_TYPES), fc.string({ maxLength: 60 })),
        fc.oneof(
          fc.constant(JSON.stringify(VALID)),
          fc.constant(formOf(VALID)),
          fc.string({ unit: "binary", maxLength: 400 }),
          fc.uint8Array({ maxLength: 400 }).map((bytes) => Buffer.from(bytes)),
          fc.constant(""),
          fc.constant(undefined),
        ),
        async (contentType, body) => {
          await check(post(body, contentType));
        },
      ),
      RUNS.contentTypes,
    );
  });

  it("form-encoded and multipart junk", { timeout: 300_000 }, async () => {
    const key = fc.oneof(
      fc.constantFrom(...FIELDS, "website", "consent", "soreAreas", "soreAreas[]", "__proto__"),
      fc.string({ maxLength: 12 }),
    );
    const value = fc.oneof(
      fc.constantFrom(...HOSTILE, "true", "on", "yes", "1", "mon", "7", "calves"),
      fc.string({ unit: "binary", maxLength: 40 }),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(key, value), { maxLength: 20 }),
        fc.constantFrom("urlencoded", "raw", "multipart"),
        fc.string({ maxLength: 20 }),
        async (pairs, style, junk) => {
          if (style === "urlencoded") {
            await check(post(new URLSearchParams(pairs).toString(), "application/x-www-form-urlencoded"));
          } else if (style === "raw") {
            await check(
              post(pairs.map(([k, v]) => `${k}=${v}`).join(junk.includes("&") ? junk : "&"), "application/x-www-form-urlencoded"),
            );
          } else {
            const boundary = junk.replace(/[\r\n"]/g, "") || "b";
            const parts = pairs.map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`).join("");
            await check(post(`${parts}--${boundary}--\r\n`, `multipart/form-data; boundary="${boundary}"`));
          }
        },
      ),
      RUNS.formJunk,
    );
  });

  it("bodies around and far over the size limit", { timeout: 300_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: MAX_BODY_BYTES - 256, max: 4 * MAX_BODY_BYTES }),
        fc.constantFrom("application/json", "application/x-www-form-urlencoded", "text/plain"),
        fc.boolean(),
        async (size, contentType, asBase64) => {
          const filler = "é".repeat(Math.ceil(size / 2)).slice(0, Math.max(0, Math.floor(size / 2) - 64));
          const text =
            contentType === "application/json"
              ? JSON.stringify({ ...VALID, name: filler })
              : `name=${filler}&email=a%40b.example&consent=true`;
          const res = await check(post(asBase64 ? Buffer.from(text) : text, contentType));
          if (Buffer.byteLength(text) > MAX_BODY_BYTES) expect(res.statusCode).toBe(413);
        },
      ),
      RUNS.sizes,
    );
  });

  it(`ran at least ${MIN_CASES.toLocaleString("en")} cases (10,000 in deep mode), counted as they ran`, () => {
    // Assess: check() counts each request it makes (the properties above run first, in order), so this
    // is the number of cases that really ran, not the numRuns asked for.
    expect(stats.cases).toBeGreaterThanOrEqual(MIN_CASES);
    expect(Object.values(stats.byStatus).reduce((a, b) => a + b, 0)).toBe(stats.cases);
    expect(stats.byStatus[202]).toBeGreaterThan(0);
    expect(stats.writes).toBeGreaterThan(0); // the accepted signups wrote: the write counter counts
  });
});
