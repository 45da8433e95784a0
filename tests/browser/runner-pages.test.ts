import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { DynamoSubscriberAdmin } from "../../functions/adapters/dynamodb/subscribers.js";
import type { TokenPurpose } from "../../functions/domain/tokens.js";
import { signToken } from "../../functions/domain/tokens.js";
import type { Deps } from "../../functions/wiring.js";
import { sharedBrowser } from "../support/browser.js";
import { focusRingContrast, pageProblems } from "../support/axe.js";
import { call, httpEvent } from "../support/http.js";
import { activeRunner, pendingRunner } from "../support/runners.js";
import { freshConfig, testDeps } from "../support/stack.js";
import { startWeb } from "../support/web-server.js";

const NOW = new Date();
const FORM = "application/x-www-form-urlencoded";

/**
 * Every page state a runner can meet, at 375 px in Chromium: axe-core finds nothing, every tap target
 * is 44 px, body text 16 px (footers and hints 14 px), nothing scrolls sideways.
 */
describe("the runner's pages at 375 px: axe-core, tap targets, text sizes", () => {
  let browser: Browser;
  let context: BrowserContext;
  let web: Awaited<ReturnType<typeof startWeb>>;
  let deps: Deps;
  const pages: [string, string][] = [];

  const token = (purpose: TokenPurpose, runnerId: string) => signToken(deps.keys, { purpose, runnerId, now: new Date() });
  const rendered = async (label: string, method: string, path: string, body?: string, headers?: Record<string, string>) => {
    const res = await call(
      deps,
      httpEvent(method, path, { ...(body === undefined ? {} : { body, contentType: FORM }), ...(headers ? { headers } : {}) }),
    );
    pages.push([label, `html:${res.body ?? ""}`]);
  };

  beforeAll(async () => {
    browser = await sharedBrowser();
    context = await browser.newContext({ viewport: { width: 375, height: 740 }, bypassCSP: true });
    const config = await freshConfig({ LEGWORK_SUBSCRIBE_PER_ADDRESS_PER_HOUR: "1" });
    deps = await testDeps({ role: "web", config: { ...config, LEGWORK_BASE_URL: undefined } });
    web = await startWeb(deps);
    const admin = new DynamoSubscriberAdmin(deps.doc, deps.config.LEGWORK_TABLE);
    const active = await activeRunner(deps, NOW, { name: "Ada" });
    const paused = await activeRunner(deps, NOW);
    await admin.pause(paused.id, { until: new Date(NOW.getTime() + 14 * 86_400_000), now: NOW });
    const held = await activeRunner(deps, NOW);
    await deps.runners.holdForTriage(held.id, NOW);
    const gone = await activeRunner(deps, NOW);
    await deps.runners.unsubscribe(gone.id, NOW);
    const pending = pendingRunner(NOW);
    await deps.runners.create(pending);
    const url = (path: string) => `${web.url}${path}`;
    pages.push(
      ["signup", url("/")],
      ["privacy notice", url("/privacy")],
      ["confirm (pending)", url(`/confirm?token=${token("confirm", pending.id)}`)],
      ["confirm (already confirmed)", url(`/confirm?token=${token("confirm", active.id)}`)],
      ["unsubscribe (active: pause instead, reason)", url(`/unsubscribe?token=${token("unsubscribe", active.id)}`)],
      ["unsubscribe (unsubscribed: resubscribe)", url(`/unsubscribe?token=${token("unsubscribe", gone.id)}`)],
      ["preferences (active)", url(`/preferences?token=${token("prefs", active.id)}`)],
      ["preferences (paused)", url(`/preferences?token=${token("prefs", paused.id)}`)],
      ["preferences (triage hold)", url(`/preferences?token=${token("prefs", held.id)}`)],
      ["preferences (unsubscribed)", url(`/preferences?token=${token("prefs", gone.id)}`)],
      ["check-in form", url(`/checkin?token=${token("checkin", active.id)}&score=6`)],
      ["error: link not valid", url("/confirm?token=not-a-token")],
      ["error: not found", url("/nowhere")],
    );
    await rendered("check inbox", "POST", "/api/subscribe", "email=someone%40example.com&consent=true");
    await rendered("error: rate limited", "POST", "/api/subscribe", "email=someone%40example.com&consent=true");
    await rendered("signup with errors", "POST", "/api/subscribe", "email=nope");
    await rendered("you're in (step two)", "POST", "/confirm", `token=${token("confirm", pending.id)}`);
    await rendered(
      "you're unsubscribed",
      "POST",
      `/unsubscribe?token=${token("unsubscribe", paused.id)}`,
      `token=${token("unsubscribe", paused.id)}`,
    );
    await rendered("welcome back (undo)", "POST", "/unsubscribe/undo", `token=${token("unsubscribe", paused.id)}`);
    await rendered(
      "preferences with errors",
      "POST",
      "/preferences",
      `token=${token("prefs", active.id)}&action=save&runsPerWeek=99&usualRunMinutes=5`,
    );
    await rendered("check-in with errors", "POST", "/checkin", `token=${token("checkin", active.id)}&score=11`);
    await rendered("check-in understood", "POST", "/checkin", `token=${token("checkin", active.id)}&score=4&areas=calves`);
    await rendered(
      "check-in with a red flag",
      "POST",
      "/checkin",
      `token=${token("checkin", active.id)}&score=7&note=sharp+pain+in+my+shin`,
    );
    await rendered("error: another site's form", "POST", "/api/subscribe", "email=x%40example.com&consent=true", {
      origin: "https://evil.example",
    });
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    await web?.close();
  });

  it("every page state passes", { timeout: 120_000 }, async () => {
    const problems: string[] = [];
    const page = await context.newPage();
    for (const [label, source] of pages) {
      if (source.startsWith("html:")) await page.setContent(source.slice(5), { waitUntil: "load" });
      else await page.goto(source);
      problems.push(...(await pageProblems(page)).map((p) => `${label}: ${p}`));
    }
    expect(pages.length).toBeGreaterThanOrEqual(24);
    expect(problems).toEqual([]);
  });

  it("the focus ring stands out at 3:1 or more on fields, buttons and links", async () => {
    const page = await context.newPage();
    await page.goto(`${web.url}/`);
    for (const selector of ["#email", "#consent", "button[type=submit]", "footer a"])
      expect(await focusRingContrast(page, selector), selector).toBeGreaterThanOrEqual(3);
  });
});

describe("signing up in the browser, as a new runner would", () => {
  let browser: Browser;
  let web: Awaited<ReturnType<typeof startWeb>>;
  let deps: Deps;
  beforeAll(async () => {
    browser = await sharedBrowser();
    deps = await testDeps({ role: "web", config: { ...(await freshConfig()), LEGWORK_BASE_URL: undefined } });
    web = await startWeb(deps);
  });
  const contexts: BrowserContext[] = [];
  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close())); // the browser is the worker's: close what this suite opened
    await web?.close();
  });

  const phone = async (options: { timezoneId?: string; locale?: string; javaScriptEnabled?: boolean } = {}): Promise<Page> => {
    const context = await browser.newContext({ viewport: { width: 375, height: 740 }, ...options });
    contexts.push(context);
    return context.newPage();
  };

  it("takes only an email and a tick; the zone and units come from the browser; 'check your inbox' names the address", async () => {
    const page = await phone({ timezoneId: "Europe/London", locale: "en-US" });
    const email = `london.${Date.now()}@example.com`;
    await page.goto(`${web.url}/`);
    await page.fill("#email", email);
    await page.check("#consent");
    await page.click("button[type=submit]");
    await page.waitForSelector("#address");
    expect(await page.textContent("#address")).toBe(email);
    expect(await page.isVisible("#resend")).toBe(true);
    expect(await page.getAttribute("#wrong-address", "href")).toBe("/");
    expect(await deps.runners.getByEmail(email)).toMatchObject({ timezone: "Europe/London", units: "imperial", status: "pending" });
  });

  it("errors: the summary takes focus, lists problems in form order with links, and the fields say they are invalid", async () => {
    const page = await phone({ javaScriptEnabled: false });
    await page.goto(`${web.url}/`);
    await page.fill("#email", "not-an-email");
    await page.click("button[type=submit]");
    await page.waitForSelector("#error-summary");
    expect(await page.evaluate("document.activeElement && document.activeElement.id")).toBe("error-summary");
    expect(await page.$$eval("#error-summary a", (as) => as.map((a) => a.getAttribute("href")))).toEqual(["#email", "#consent"]);
    expect(await page.getAttribute("#email", "aria-invalid")).toBe("true");
    expect(await page.getAttribute("#email", "aria-describedby")).toBe("email-error");
    expect(await page.textContent("#email-error")).toContain("like runner@example.com");
  });

  it("confirming shows step two; saving it lands on the preferences page with the address and the choices kept", async () => {
    const runner = pendingRunner(NOW);
    await deps.runners.create(runner);
    const page = await phone();
    const confirmUrl = `${web.url}/confirm?token=${signToken(deps.keys, { purpose: "confirm", runnerId: runner.id, now: new Date() })}`;
    await page.goto(confirmUrl);
    await page.click("button[type=submit]");
    await page.waitForSelector("#usualRunMinutes");
    expect(await page.isVisible("#preferences")).toBe(true);
    await page.selectOption("#level", "returning");
    await page.fill("#usualRunMinutes", "25");
    await page.check('input[name="runDays"][value="tue"]');
    await page.check('input[name="runDays"][value="sat"]');
    await page.click("#save");
    await page.waitForSelector("#notice");
    expect(await page.textContent("#address")).toBe(runner.email);
    expect(await deps.runners.getById(runner.id)).toMatchObject({
      status: "active",
      level: "returning",
      usualRunMinutes: 25,
      runDays: ["tue", "sat"],
    });
    // A second visit to the confirmation link says it is done, and where to go.
    await page.goto(confirmUrl);
    expect(await page.textContent("h1")).toContain("already confirmed");
  });
});
