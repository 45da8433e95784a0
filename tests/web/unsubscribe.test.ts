import { describe, expect, it } from "vitest";
import { DynamoDueRepository } from "../../functions/adapters/dynamodb/due.js";
import { dispatch } from "../../functions/app/dispatch.js";
import { signToken } from "../../functions/domain/tokens.js";
import type { Deps } from "../../functions/wiring.js";
import { call, httpEvent, postForm } from "../support/http.js";
import { activeRunner } from "../support/runners.js";
import { emailsTo, scanTable, testDeps } from "../support/stack.js";

const START = new Date("2026-12-01T00:00:00Z");

const tick = (deps: Deps, now: Date) =>
  dispatch(
    { config: deps.config, keys: deps.keys, due: new DynamoDueRepository(deps.doc, deps.config.LEGWORK_TABLE), mailer: deps.mailer, sendRate: 1000 },
    { now, remainingMs: () => 300_000 },
  );

const setup = async () => {
  const deps = await testDeps({ now: () => START });
  const runner = await activeRunner(deps, START);
  await tick(deps, new Date(runner.nextSendAt!));
  const [week1] = await emailsTo(runner.email);
  const token = /unsubscribe\?token=([a-z0-9.]+)/.exec(week1!.body.html ?? "")![1]!;
  return { deps, runner, token };
};

describe("unsubscribe", () => {
  it("takes effect at once for exactly what Gmail posts (RFC 8058, no cookies, no auth), and the next tick sends nothing", async () => {
    const { deps, runner, token } = await setup();
    // Gmail: POST to the List-Unsubscribe URL, urlencoded body "List-Unsubscribe=One-Click", nothing else.
    const res = await call(
      deps,
      httpEvent("POST", `/unsubscribe?token=${token}`, { body: "List-Unsubscribe=One-Click", contentType: "application/x-www-form-urlencoded" }),
    );
    expect(res.statusCode).toBe(200);
    const stored = await deps.runners.getById(runner.id);
    expect(stored?.status).toBe("unsubscribed");
    expect(stored?.nextSendAt).toBeUndefined();
    const count = (await emailsTo(runner.email)).length;
    for (let d = 1; d <= 21; d++) await tick(deps, new Date(START.getTime() + d * 86_400_000 + 8 * 3_600_000));
    expect(await emailsTo(runner.email)).toHaveLength(count);
  });

  it("accepts the multipart/form-data one-click body too", async () => {
    const { deps, runner, token } = await setup();
    const boundary = "----b0undary";
    const body = `--${boundary}\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n--${boundary}--\r\n`;
    const res = await call(deps, httpEvent("POST", `/unsubscribe?token=${token}`, { body, contentType: `multipart/form-data; boundary=${boundary}` }));
    expect(res.statusCode).toBe(200);
    expect((await deps.runners.getById(runner.id))?.status).toBe("unsubscribed");
  });

  it("GET shows a button and changes nothing; undo brings the emails back", async () => {
    const { deps, runner, token } = await setup();
    const before = await scanTable(deps);
    const page = await call(deps, httpEvent("GET", `/unsubscribe?token=${token}`));
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/<form[^>]+method="post"/);
    expect(await scanTable(deps)).toEqual(before);

    const done = await postForm(deps, `/unsubscribe?token=${token}`, { token });
    expect(done.body).toContain("/unsubscribe/undo");
    const undo = await postForm(deps, "/unsubscribe/undo", { token });
    expect(undo.body).toContain("Welcome back");
    const back = await deps.runners.getById(runner.id);
    expect(back?.status).toBe("active");
    expect(back?.week).toBe(1);
  });

  it.each([
    ["forged", (t: string) => t.replace(/.$/, (c) => (c === "a" ? "b" : "a"))],
    ["wrong purpose", (_t: string, deps: Deps, id: string) => signToken(deps.keys, { purpose: "confirm", runnerId: id, now: START })],
  ] as const)("a %s token is a 4xx and changes nothing", async (_label, mutate) => {
    const { deps, runner, token } = await setup();
    const bad = mutate(token, deps, runner.id);
    const before = await scanTable(deps);
    const res = await call(deps, httpEvent("POST", `/unsubscribe?token=${bad}`, { body: "List-Unsubscribe=One-Click", contentType: "application/x-www-form-urlencoded" }));
    expect(res.statusCode).toBe(400);
    expect(await scanTable(deps)).toEqual(before);
  });
});
