import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { describe, expect, it } from "vitest";
import { emailKey } from "../../functions/adapters/dynamodb/keys.js";
import type { Deps } from "../../functions/wiring.js";
import { postJson } from "../support/http.js";
import { validSignup } from "../support/signup.js";
import { emailsTo, freshConfig, scanTable, testDeps, uniqueEmail } from "../support/stack.js";
import { FUZZ_DEEP } from "../support/fuzz.js";

/*
 * Signup abuse limits as the README documents them (20 an hour per IP, 5 an hour per address, at most one
 * confirmation email per address per 24 h), with the default configuration, one by one and at once.
 */

const signup = (email: string) => ({ ...validSignup(email), name: "Flood", soreAreas: [] });

const statusesOf = (results: { statusCode?: number }[]) => results.map((r) => r.statusCode ?? 0);
const tally = (statuses: number[]) => statuses.reduce<Record<number, number>>((t, s) => ({ ...t, [s]: (t[s] ?? 0) + 1 }), {});

/** Profile and email items for one address: they must agree, one of each. */
const itemsFor = async (deps: Deps, email: string) => {
  const items = await scanTable(deps);
  const pointers = items.filter((i) => i["pk"] === `EMAIL#${email}`);
  const profiles = items.filter((i) => i["sk"] === "PROFILE" && i["email"] === email);
  return { pointers, profiles };
};

describe("signup abuse limits (defaults: 20/h per IP, 5/h per address)", () => {
  it("the defaults are the documented numbers", async () => {
    const deps = await testDeps();
    expect(deps.config.LEGWORK_SUBSCRIBE_PER_IP_PER_HOUR).toBe(20);
    expect(deps.config.LEGWORK_SUBSCRIBE_PER_ADDRESS_PER_HOUR).toBe(5);
  });

  it("the 21st signup from one IP within the hour gets 429 with Retry-After; another IP still gets in", async () => {
    const deps = await testDeps({ now: () => new Date("2027-01-04T10:05:00Z") });
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++)
      statuses.push((await postJson(deps, "/api/subscribe", signup(uniqueEmail("ip")), "198.51.100.20")).statusCode ?? 0);
    expect(statuses).toEqual([...Array<number>(20).fill(202), 429]);
    const limited = await postJson(deps, "/api/subscribe", signup(uniqueEmail("ip")), "198.51.100.20");
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers["retry-after"])).toBe(55 * 60); // until the hour's window ends
    expect((await postJson(deps, "/api/subscribe", signup(uniqueEmail("ip")), "198.51.100.21")).statusCode).toBe(202);
  });

  it("25 signups at once from one IP: exactly 20 get in", async () => {
    const deps = await testDeps({ now: () => new Date("2027-01-04T10:20:00Z") }); // one fixed-window hour
    const emails = Array.from({ length: 25 }, () => uniqueEmail("ipburst"));
    const results = await Promise.all(emails.map((e) => postJson(deps, "/api/subscribe", signup(e), "198.51.100.30")));
    expect(tally(statusesOf(results))).toEqual({ 202: 20, 429: 5 });
    const profiles = (await scanTable(deps)).filter((i) => i["sk"] === "PROFILE");
    expect(profiles).toHaveLength(20);
  });

  it("the 6th signup for one address within the hour gets 429, whichever IP asks; one confirmation email in all", async () => {
    const deps = await testDeps({ now: () => new Date("2027-01-04T10:00:00Z") });
    const email = uniqueEmail("addr");
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await postJson(deps, "/api/subscribe", signup(email), `192.0.2.${40 + i}`)).statusCode ?? 0);
    expect(statuses).toEqual([202, 202, 202, 202, 202, 429]);
    expect(await emailsTo(email)).toHaveLength(1);
  });

  it("20 parallel signups for one address: 5 accepted, 15 rate limited, exactly one confirmation email", async () => {
    const deps = await testDeps({ now: () => new Date("2027-01-04T10:20:00Z") });
    const email = uniqueEmail("burst");
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => postJson(deps, "/api/subscribe", signup(email), `203.0.113.${i + 1}`)),
    );
    expect(tally(statusesOf(results))).toEqual({ 202: 5, 429: 15 });
    expect(await emailsTo(email)).toHaveLength(1);
    const { pointers, profiles } = await itemsFor(deps, email);
    expect(profiles).toHaveLength(1);
    expect(pointers).toEqual([expect.objectContaining({ runnerId: profiles[0]!["id"] })]);
  });

  it(
    "20 parallel signups for one address with the address limit out of the way: one runner, one confirmation email",
    { timeout: 120_000 },
    async () => {
      // Every request reaches the create-and-confirm path at once: the email uniqueness protocol and the
      // once-a-day confirmation guard alone must hold. The race it guards against (a second signup taking
      // over the email item while the first is still writing its profile) showed in about one round in 20,
      // so the burst is repeated with fresh addresses: 15 rounds normally, 60 with LEGWORK_FUZZ_DEEP=1.
      const deps = await testDeps({
        config: await freshConfig({ LEGWORK_SUBSCRIBE_PER_ADDRESS_PER_HOUR: "1000", LEGWORK_SUBSCRIBE_PER_IP_PER_HOUR: "1000" }),
      });
      const problems: string[] = [];
      for (let round = 0; round < (FUZZ_DEEP ? 60 : 15); round++) {
        const email = uniqueEmail("race");
        const results = await Promise.all(
          Array.from({ length: 20 }, (_, i) => postJson(deps, "/api/subscribe", signup(email), `203.0.113.${100 + i}`)),
        );
        const statuses = tally(statusesOf(results));
        const mails = (await emailsTo(email)).length;
        const { pointers, profiles } = await itemsFor(deps, email);
        const consistent = profiles.length === 1 && pointers.length === 1 && pointers[0]!["runnerId"] === profiles[0]!["id"];
        if (statuses[202] !== 20 || mails !== 1 || !consistent)
          problems.push(
            `round ${round}: ${JSON.stringify(statuses)}, ${mails} emails, ${profiles.length} profiles, ${pointers.length} email items`,
          );
      }
      expect(problems).toEqual([]);
    },
  );
});

describe("an email item left behind by a crashed signup", () => {
  const NOW = new Date("2027-01-04T10:00:00Z");

  it.each([
    ["an hour old", { createdAt: new Date(NOW.getTime() - 3_600_000).toISOString() }],
    ["from before email items carried a time", {}],
  ])("%s, with no profile behind it, is taken over by the next signup", async (_label, extra) => {
    const deps = await testDeps({ now: () => NOW });
    const email = uniqueEmail("orphan");
    await deps.doc.send(
      new PutCommand({ TableName: deps.config.LEGWORK_TABLE, Item: { ...emailKey(email), runnerId: "crashedbefore1", ...extra } }),
    );
    const res = await postJson(deps, "/api/subscribe", signup(email), "198.51.100.77");
    expect(res.statusCode).toBe(202);
    const { pointers, profiles } = await itemsFor(deps, email);
    expect(profiles).toHaveLength(1);
    expect(pointers).toEqual([expect.objectContaining({ runnerId: profiles[0]!["id"] })]);
    expect(await emailsTo(email)).toHaveLength(1);
  });
});
