import { describe, expect, it } from "vitest";
import { DynamoDueRepository } from "../../functions/adapters/dynamodb/due.js";
import { dispatch, weeklyEmail } from "../../functions/app/dispatch.js";
import { Links } from "../../functions/app/links.js";
import { PROGRAMME_WEEKS } from "../../functions/domain/render/index.js";
import { signToken, verifyToken } from "../../functions/domain/tokens.js";
import { call, httpEvent, postForm } from "../support/http.js";
import { activeRunner, runnerWithStatus } from "../support/runners.js";
import { emailsTo, scanTable, testDeps } from "../support/stack.js";

const NOW = new Date("2026-12-08T09:00:00Z");

const setup = async () => {
  const deps = await testDeps({ role: "web", now: () => NOW });
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
    expect(res.body).toContain("Got it: 7/10, calves and shins");
    const checkins = (await scanTable(deps)).filter((i) => String(i["sk"]).startsWith("CHECKIN#"));
    expect(checkins).toMatchObject([{ soreness: 7, areas: ["calves", "shins"], source: "link", week: 1 }]);
    expect((await deps.runners.getById(runner.id))?.recentCheckins).toHaveLength(1);
  });

  it("a red flag in the note pauses the plan and sends the triage email", async () => {
    const { deps, runner, token } = await setup();
    const res = await postForm(deps, "/checkin", { token, score: "5", note: "swollen ankle, pain at night" });
    expect(res.body).toContain("Please get this checked");
    // What was understood, the note's areas and warning signs included, with the triage advice.
    expect(res.body).toContain(
      "<strong>Got it: 5/10, ankles</strong>, and you told us about <strong>swelling and pain at rest or at night</strong>.",
    );
    expect(res.body).toContain("stop running on it for now and see a physio or sports doctor");
    expect(res.body).toContain(`href="/checkin?token=${token}&amp;score=5&amp;areas=ankles"`);
    expect((await deps.runners.getById(runner.id))?.status).toBe("paused");
    expect((await emailsTo(runner.email)).map((m) => m.subject)).toEqual(["About the pain you described: please get it checked"]);
  });

  it.each([
    ["unsubscribed", "You're unsubscribed"],
    ["bounced", "We no longer send email to this address"],
    ["complained", "We no longer send email to this address"],
    ["pending", "Please confirm your address first"],
  ] as const)("a %s runner's score link gets a 409 page on GET and POST, records nothing and sends nothing", async (status, says) => {
    // Arrange
    const deps = await testDeps({ role: "web", now: () => NOW });
    const runner = await runnerWithStatus(deps, status, new Date("2026-11-30T00:00:00Z"));
    const token = signToken(deps.keys, { purpose: "checkin", runnerId: runner.id, now: NOW });
    const before = await scanTable(deps);
    const mailBefore = (await emailsTo(runner.email)).length;

    // Act
    const page = await call(deps, httpEvent("GET", `/checkin?token=${token}&score=7`));
    const post = await postForm(deps, "/checkin", { token, score: "8", note: "sharp pain in my shin" });

    // Assess
    expect([page.statusCode, post.statusCode]).toEqual([409, 409]);
    expect(page.body).toContain(says.replace("'", "&#39;"));
    expect(post.body).toContain(says.replace("'", "&#39;"));
    expect(await scanTable(deps)).toEqual(before);
    expect(await emailsTo(runner.email)).toHaveLength(mailBefore);
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
    expect((JSON.parse(res.body ?? "{}") as { error: { fields: { path: string }[] } }).error.fields.map((f) => f.path)).toContain(path);
    expect(await scanTable(deps)).toEqual(before);
  });

  it.each([
    ["forged", (t: string) => t.replace(/.$/, (c) => (c === "a" ? "b" : "a")), 400],
    [
      "wrong purpose",
      (_t: string, d: { keys: Parameters<typeof signToken>[0] }, id: string) =>
        signToken(d.keys, { purpose: "prefs", runnerId: id, now: NOW }),
      400,
    ],
  ] as const)("a %s token gets a 4xx on GET and POST and changes nothing", async (_label, mutate, status) => {
    const { deps, runner, token } = await setup();
    const bad = mutate(token, deps, runner.id);
    const before = await scanTable(deps);
    expect((await call(deps, httpEvent("GET", `/checkin?token=${bad}&score=3`))).statusCode).toBe(status);
    expect((await postForm(deps, "/checkin", { token: bad, score: "3" })).statusCode).toBe(status);
    expect(await scanTable(deps)).toEqual(before);
  });

  it.each([
    [
      "a score with areas",
      { score: "7", areas: ["shins", "calves"] },
      "Got it: 7/10, calves and shins",
      "&amp;score=7&amp;areas=calves,shins",
    ],
    ["a score alone", { score: "3" }, "Got it: 3/10", '&amp;score=3"'],
    [
      "an area heard in the note",
      { score: "6", areas: "quads", note: "lower back is tight too" },
      "Got it: 6/10, quads and lower back",
      "&amp;score=6&amp;areas=quads,lower-back",
    ],
  ])(
    "POST with %s says what was understood, like the email ack, and links back to correct it",
    async (_label, fields, understood, link) => {
      // Arrange
      const { deps, token } = await setup();

      // Act
      const res = await postForm(deps, "/checkin", { token, ...fields });

      // Assess
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain(`<h1>${understood}</h1>`);
      expect(res.body).toContain(`<title>${understood} · Legwork</title>`);
      expect(res.body).toContain(`<a href="/checkin?token=${token}${link}`);
      expect(res.body).toContain("the latest check-in counts");
      expect(res.body).not.toContain("physio");
    },
  );

  it("the correction link opens the form for the same token with the score and areas filled in", async () => {
    // Arrange
    const { deps, runner, token } = await setup();
    const res = await postForm(deps, "/checkin", { token, score: "7", areas: ["calves", "shins"] });
    const href = /<a href="(\/checkin\?[^"]+)"[^>]*>Correct this check-in<\/a>/.exec(res.body ?? "")?.[1]?.replaceAll("&amp;", "&");
    expect(href).toBeDefined();
    const url = new URL(href!, "http://legwork.test");

    // Act
    const page = await call(deps, httpEvent("GET", `${url.pathname}${url.search}`));

    // Assess
    expect(url.searchParams.get("token")).toBe(token);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<option value="7" selected>');
    expect(page.body).toMatch(/<input type="checkbox" name="areas" value="calves"[^>]* checked>/);
    expect(page.body).toMatch(/<input type="checkbox" name="areas" value="shins"[^>]* checked>/);
    expect(page.body).toMatch(/<input type="checkbox" name="areas" value="quads"( id="areas")?>/);
    // Nothing is saved until Send: the page says so.
    expect(page.body).toContain("Not saved yet.");
    // Sending the corrected form a minute later records a second check-in; the latest counts.
    Object.assign(deps, { now: () => new Date(NOW.getTime() + 60_000) });
    await postForm(deps, "/checkin", { token, score: "4", areas: ["calves"] });
    expect((await deps.runners.getById(runner.id))?.recentCheckins?.map((c) => c.soreness)).toEqual([7, 4]);
  });

  it("GET ignores unknown areas in the query", async () => {
    // Arrange
    const { deps, token } = await setup();

    // Act
    const page = await call(
      deps,
      httpEvent("GET", `/checkin?token=${token}&score=2&areas=elbows,${encodeURIComponent('"><script>')},feet`),
    );

    // Assess
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('value="feet" checked>');
    expect(page.body).not.toContain("elbows");
    expect(page.body).not.toContain("<script>");
  });
});

describe("score links in the weekly email", () => {
  const BANDS = [
    ["0–2", 0, 2],
    ["3–5", 3, 5],
    ["6–8", 6, 8],
    ["9–10", 9, 10],
  ] as const;

  /** Every score link in an email part, as [label, url] in order. */
  const scoreLinks = (html: string): { label: string; url: URL }[] =>
    [...html.matchAll(/<a [^>]*href="([^"]*\/checkin\?[^"]*)"[^>]*>([^<]*)<\/a>/g)].map((m) => ({
      label: m[2]!.trim(),
      url: new URL(m[1]!.replaceAll("&amp;", "&")),
    }));

  const assertLinks = (
    links: { label: string; url: URL }[],
    deps: Awaited<ReturnType<typeof setup>>["deps"],
    runnerId: string,
    now: Date,
  ) => {
    expect(links.map((l) => l.label)).toEqual(BANDS.map(([label]) => label));
    for (const [i, [, low, high]] of BANDS.entries()) {
      const { url } = links[i]!;
      expect(url.pathname).toBe("/checkin");
      const score = Number(url.searchParams.get("score"));
      expect(score).toBeGreaterThanOrEqual(low);
      expect(score).toBeLessThanOrEqual(high);
      const claims = verifyToken(deps.keys, url.searchParams.get("token")!, "checkin", now);
      expect(claims).toMatchObject({ purpose: "checkin", runnerId });
    }
  };

  it("the email the dispatcher sends carries four signed /checkin links, one per band, in HTML and text", async () => {
    // Arrange
    const { deps, runner } = await setup();
    const at = new Date(runner.nextSendAt!);
    const due = new DynamoDueRepository(deps.doc, deps.config.LEGWORK_TABLE);

    // Act
    const result = await dispatch(
      { config: deps.config, keys: deps.keys, due, mailer: deps.mailer, sendRate: 1000 },
      { now: at, remainingMs: () => 300_000 },
    );

    // Assess
    expect(result.sent).toBe(1);
    const [mail] = await emailsTo(runner.email);
    assertLinks(scoreLinks(mail!.body.html!), deps, runner.id, at);
    const textLinks = [...mail!.body.text!.matchAll(/^(\S+): (\S*\/checkin\?\S+)$/gm)].map((m) => ({ label: m[1]!, url: new URL(m[2]!) }));
    assertLinks(textLinks, deps, runner.id, at);
  });

  it.each(Array.from({ length: PROGRAMME_WEEKS }, (_, i) => i + 1))("week %i carries the four links", async (week) => {
    // Arrange
    const { deps, runner } = await setup();
    const links = new Links(deps.keys, "https://coach.legwork.example", deps.config.LEGWORK_REPLY_DOMAIN);

    // Act
    const email = weeklyEmail(deps.config, links, runner, week, NOW);

    // Assess
    assertLinks(scoreLinks(email.html), deps, runner.id, NOW);
  });
});
