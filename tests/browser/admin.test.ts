import { createRequire } from "node:module";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import type { Deps } from "../../functions/wiring.js";
import { useBrowser } from "../support/browser.js";
import { startWeb } from "../support/web-server.js";
import { adminDeps, clock, heldRunner, latestSignInToken } from "../support/admin.js";
import { emailsTo } from "../support/stack.js";

const AXE_SOURCE = (createRequire(import.meta.url)("axe-core") as { source: string }).source;

/** axe-core's serious and critical violations on the page (WCAG 2 A/AA and best practice). */
const seriousViolations = async (page: Page): Promise<string[]> => {
  await page.addScriptTag({ content: AXE_SOURCE });
  const found = await page.evaluate<{ id: string; impact: string; nodes: number }[]>(
    "axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21aa', 'best-practice'] }).then(r => r.violations.map(v => ({ id: v.id, impact: v.impact, nodes: v.nodes.length })))",
  );
  return found.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id} (${v.impact}, ${v.nodes})`);
};

const noHorizontalScroll = (page: Page) => page.evaluate<boolean>("document.documentElement.scrollWidth <= window.innerWidth");

describe.each([375, 1280])("/admin in a real browser at %i px", (width) => {
  const browser = useBrowser();
  const t = clock(new Date());
  let deps: Deps;
  let operator: string;
  let web: Awaited<ReturnType<typeof startWeb>>;
  let context: BrowserContext;
  const checked: string[] = [];

  beforeAll(async () => {
    ({ deps, operator } = await adminDeps(t.now));
    web = await startWeb(deps);
  });
  afterAll(async () => {
    await context?.close();
    await web?.close();
  });

  /** Each page is checked with axe as it is reached: no serious or critical violation, no sideways scroll. */
  const audit = async (page: Page) => {
    expect(await seriousViolations(page), page.url()).toEqual([]);
    expect(await noHorizontalScroll(page), page.url()).toBe(true);
    checked.push(new URL(page.url()).pathname);
  };

  const signIn = async (page: Page) => {
    await page.goto(`${web.url}/admin`);
    await audit(page);
    await page.fill("#email", operator);
    await page.click("button[type=submit]");
    await expect.poll(() => page.textContent("h1")).toBe("Check your inbox");
    await audit(page);
    const token = await latestSignInToken(operator);
    await page.goto(`${web.url}/admin/sign-in?token=${token}`);
    await audit(page);
    await page.click("button[type=submit]");
    await page.waitForURL(`${web.url}/admin`);
  };

  it("signs in by the emailed link, and every admin page passes axe", async () => {
    context = await browser().newContext({ viewport: { width, height: 900 }, bypassCSP: true });
    const page = await context.newPage();
    const runner = await heldRunner(deps, t.now());
    await signIn(page);
    expect(await page.textContent("h1")).toBe("Overview");
    expect(await page.locator("svg[role=img]").count()).toBe(4);
    await audit(page);
    const cookie = (await context.cookies()).find((c) => c.name === "__Host-legwork_admin");
    expect(cookie).toMatchObject({ httpOnly: true, secure: true, sameSite: "Strict" });
    await page.goto(`${web.url}/admin/runners?q=${encodeURIComponent(runner.email)}`);
    await audit(page);
    await page.click(`a[href="/admin/runners/${runner.id}"]`);
    expect(await page.textContent("main")).toContain("held for a red flag");
    await audit(page);
    await page.goto(`${web.url}/admin/triage`);
    await audit(page);
    await page.goto(`${web.url}/admin/test-send`);
    await audit(page);
    expect(new Set(checked)).toEqual(
      new Set(["/admin", "/admin/sign-in", "/admin/runners", `/admin/runners/${runner.id}`, "/admin/triage", "/admin/test-send"]),
    );
  });

  it("resumes a held runner from the triage queue with a note", async () => {
    const page = await context.newPage();
    const runner = await heldRunner(deps, t.now(), "knee swollen after the long run");
    await page.goto(`${web.url}/admin/triage`);
    expect(await page.textContent(`#held-${runner.id}`)).toContain(runner.email);
    expect(await page.textContent("main")).toContain("knee swollen after the long run");
    await page.fill(`#note-${runner.id}`, "Physio cleared her to run");
    await page.click(`form[action="/admin/triage/${runner.id}/resume"] button`);
    await page.waitForURL(/\/admin\/triage\?resumed=1$/);
    expect(await page.textContent("[role=status]")).toContain("resumed");
    expect(await page.locator(`#held-${runner.id}`).count()).toBe(0);
    expect((await deps.runners.getById(runner.id))?.status).toBe("active");
    await page.goto(`${web.url}/admin/runners/${runner.id}`);
    expect(await page.textContent("main")).toContain(`resumed by ${operator}: Physio cleared her to run`);
  });

  it("sends a test email to the operator, and refuses an address outside the list", async () => {
    const page = await context.newPage();
    await page.goto(`${web.url}/admin/test-send`);
    await page.selectOption("#type", "triage");
    await page.click("form[action='/admin/test-send'] button");
    expect(await page.textContent("[role=status]")).toMatch(/^Sent "\[Test\] .+" to /);
    await expect.poll(async () => (await emailsTo(operator)).filter((m) => m.subject.startsWith("[Test] ")).length).toBe(1);
    const stranger = `stranger.${width}@example.com`;
    await page.fill("#to", stranger);
    await page.click("form[action='/admin/test-send'] button");
    expect(await page.textContent("[role=status]")).toContain("Nothing was sent");
    expect(await emailsTo(stranger)).toEqual([]);
  });

  it("refuses a form whose CSRF token was tampered with (403), and changes nothing", async () => {
    const page = await context.newPage();
    const runner = await heldRunner(deps, t.now());
    await page.goto(`${web.url}/admin/triage`);
    await page.fill(`#note-${runner.id}`, "should not count");
    await page.evaluate(`document.querySelectorAll('input[name=csrf]').forEach(i => { i.value = 'tampered' })`);
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === "POST"),
      page.click(`form[action="/admin/triage/${runner.id}/resume"] button`),
    ]);
    expect(response.status()).toBe(403);
    expect((await deps.runners.getById(runner.id))?.status).toBe("paused");
  });

  it("after 8 hours the session has expired: pages show the sign-in form again", async () => {
    const page = await context.newPage();
    await page.goto(`${web.url}/admin/triage`);
    expect(await page.textContent("h1")).toBe("Triage queue");
    t.advance(8 * 3600_000 + 60_000);
    const response = await page.goto(`${web.url}/admin/triage`);
    expect(response?.status()).toBe(401);
    expect(await page.textContent("h1")).toBe("Sign in");
    expect(await page.locator("#email").count()).toBe(1);
  });
});
