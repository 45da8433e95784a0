import { describe, expect, it } from "vitest";
import { signToken } from "../../functions/domain/tokens.js";
import { call, httpEvent, postForm } from "../support/http.js";
import { activeRunner } from "../support/runners.js";
import { emailsTo, scanTable, testDeps } from "../support/stack.js";

const NOW = new Date("2026-12-08T09:00:00Z");

const setup = async () => {
  const deps = await testDeps({ now: () => NOW });
  const runner = await activeRunner(deps, new Date("2026-11-30T00:00:00Z"), { week: 1 });
  return { deps, runner, token: signToken(deps.keys, { purpose: "checkin", runnerId: runner.id, now: NOW }) };
};

describe("one-click score links", () => {
  it("GET shows the score filled in and changes nothing; POST records the check-in", async () => {
    const { deps, runner, token } = await setup();
    const before = await scanTable(deps);
    const page = await call(deps, httpEvent("GET", `/checkin?token=${token}&score=7`));
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<option value="7" selected>');
    expect(await scanTable(deps)).toEqual(before);

    const res = await postForm(deps, "/checkin", { token, score: "7", areas: ["calves", "shins"], note: "tight after hills" });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain("Got it: 7/10");
    const checkins = (await scanTable(deps)).filter((i) => String(i["sk"]).startsWith("CHECKIN#"));
    expect(checkins).toMatchObject([{ soreness: 7, areas: ["calves", "shins"], source: "link", week: 1 }]);
    expect((await deps.runners.getById(runner.id))?.recentCheckins).toHaveLength(1);
  });

  it("a red flag in the note pauses the plan and sends the triage email", async () => {
    const { deps, runner, token } = await setup();
    const res = await postForm(deps, "/checkin", { token, score: "5", note: "swollen ankle, pain at night" });
    expect(res.body).toContain("Please get this checked");
    expect((await deps.runners.getById(runner.id))?.status).toBe("paused");
    expect((await emailsTo(runner.email)).map((m) => m.subject)).toEqual(["About the pain you described: please get it checked"]);
  });

  it.each([
    ["score 11", { score: "11" }, "score"],
    ["score missing", { score: "" }, "score"],
    ["an unknown area", { score: "3", areas: "elbows" }, "areas"],
    ["a 2,000-character note", { score: "3", note: "x".repeat(2000) }, "note"],
  ])("%s is a 400 naming the field and changes nothing", async (_label, fields, path) => {
    const { deps, token } = await setup();
    const before = await scanTable(deps);
    const res = await call(
      deps,
      httpEvent("POST", "/checkin", { body: JSON.stringify({ token, ...fields }), contentType: "application/json" }),
    );
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain(`${path}: `);
    expect(await scanTable(deps)).toEqual(before);
  });

  it.each([
    ["forged", (t: string) => t.replace(/.$/, (c) => (c === "a" ? "b" : "a")), 400],
    ["wrong purpose", (_t: string, d: { keys: Parameters<typeof signToken>[0] }, id: string) => signToken(d.keys, { purpose: "prefs", runnerId: id, now: NOW }), 400],
  ] as const)("a %s token gets a 4xx on GET and POST and changes nothing", async (_label, mutate, status) => {
    const { deps, runner, token } = await setup();
    const bad = mutate(token, deps, runner.id);
    const before = await scanTable(deps);
    expect((await call(deps, httpEvent("GET", `/checkin?token=${bad}&score=3`))).statusCode).toBe(status);
    expect((await postForm(deps, "/checkin", { token: bad, score: "3" })).statusCode).toBe(status);
    expect(await scanTable(deps)).toEqual(before);
  });
});
