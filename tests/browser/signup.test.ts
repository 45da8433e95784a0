import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { sharedBrowser } from "../support/browser.js";
import { startWeb } from "../support/web-server.js";
import { emailsTo, freshConfig, testDeps, uniqueEmail } from "../support/stack.js";

describe("signup in a real browser on a phone", () => {
  let browser: Browser;
  let web: Awaited<ReturnType<typeof startWeb>>;

  beforeAll(async () => {
    browser = await sharedBrowser();
    const config = await freshConfig();
    web = await startWeb(await testDeps({ role: "web", config: { ...config, LEGWORK_BASE_URL: undefined } }));
  });
  afterAll(async () => {
    await web?.close();
  });

  it("fills the form at 375 px, sees 'check your inbox', and the confirmation email arrives; confirming by button works", async () => {
    const page = await browser.newPage({ viewport: { width: 375, height: 740 } });
    const email = uniqueEmail("phone");
    await page.goto(`${web.url}/`);
    expect(await page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")).toBe(true);
    await page.fill("#email", email);
    await page.fill("#name", "Ada");
    await page.check('input[name="consent"]');
    await page.screenshot({ path: "/tmp/legwork-signup-375.png", fullPage: true });
    await page.click("button[type=submit]");
    await page.waitForSelector("h1");
    expect(await page.textContent("h1")).toContain("Check your inbox");

    const [mail] = await emailsTo(email);
    const link = /https?:\/\/[^\s"'<>]+\/confirm\?token=[a-z0-9.]+/.exec(mail?.body.html ?? "")?.[0];
    expect(link).toBeDefined();
    await page.goto(`${web.url}${new URL(link!).pathname}${new URL(link!).search}`);
    await page.click("button[type=submit]");
    await page.waitForSelector("h1");
    expect(await page.textContent("h1")).toContain("You're in");
    expect(await emailsTo(email)).toHaveLength(2);
  });

  it("the form works without JavaScript and shows field errors", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 375, height: 740 } });
    const page = await context.newPage();
    await page.goto(`${web.url}/`);
    await page.fill("#email", "not-an-email");
    await page.click("button[type=submit]");
    await page.waitForSelector(".errors");
    expect(await page.textContent(".errors")).toMatch(/Enter your email address/);
    expect(await page.textContent(".errors")).toMatch(/Tick the box to agree/);
    await context.close();
  });
});
