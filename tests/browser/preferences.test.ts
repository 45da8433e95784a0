import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { signToken } from "../../functions/domain/tokens.js";
import { nextSendAt } from "../../functions/domain/schedule.js";
import { sharedBrowser } from "../support/browser.js";
import { activeRunner } from "../support/runners.js";
import { startWeb } from "../support/web-server.js";
import { scanTable } from "../support/stack.js";
import { registerSubscriberRoutes, subscriberDeps } from "../subscriber/support.js";

const noHorizontalScroll = (page: Page) => page.evaluate("document.documentElement.scrollWidth <= window.innerWidth");

describe("preferences in a real browser on a phone", () => {
  let browser: Browser;
  let web: Awaited<ReturnType<typeof startWeb>>;
  let deps: Awaited<ReturnType<typeof subscriberDeps>>;

  beforeAll(async () => {
    registerSubscriberRoutes();
    browser = await sharedBrowser();
    deps = await subscriberDeps();
    web = await startWeb(deps);
  });
  afterAll(async () => {
    await web?.close();
  });

  const open = async (page: Page, runnerId: string) => {
    const token = signToken(deps.keys, { purpose: "prefs", runnerId, now: new Date() });
    await page.goto(`${web.url}/preferences?token=${token}`);
  };

  it("at 375 px: change day, hour, time zone, units and sore areas, save, see the new schedule; pause and resume; no horizontal scroll", async () => {
    // Prepare
    const runner = await activeRunner(deps, new Date(), { soreAreas: ["calves"], timezone: "Europe/London", units: "metric" });
    const page = await browser.newPage({ viewport: { width: 375, height: 740 } });
    await open(page, runner.id);
    expect(await noHorizontalScroll(page)).toBe(true);
    expect(await page.inputValue("#sendHour")).toBe("7");
    expect(await page.inputValue("#timezone")).toBe("Europe/London");
    expect(await page.inputValue("#units")).toBe("metric");
    expect(await page.isChecked('input[name="soreAreas"][value="calves"]')).toBe(true);
    // Act
    await page.selectOption("#sendDay", "fri");
    await page.selectOption("#sendHour", "18");
    await page.selectOption("#timezone", "America/New_York");
    await page.selectOption("#units", "imperial");
    await page.check('input[name="soreAreas"][value="knees"]');
    await page.uncheck('input[name="soreAreas"][value="calves"]');
    await page.screenshot({ path: "/tmp/legwork-preferences-375.png", fullPage: true });
    await page.click("#save");
    await page.waitForSelector("#notice");
    // Assess
    expect(await page.textContent("#notice")).toMatch(
      /^Saved\. Your next coaching email comes on Friday .* at 18:00 \(America\/New York time\)\.$/,
    );
    expect(await noHorizontalScroll(page)).toBe(true);
    const saved = await deps.runners.getById(runner.id);
    expect(saved).toMatchObject({ sendDay: "fri", sendHour: 18, timezone: "America/New_York", units: "imperial", soreAreas: ["knees"] });
    // nextSendAt is recomputed in the new zone: the first Friday 18:00 New York time after the save.
    expect(saved?.nextSendAt).not.toBe(runner.nextSendAt);
    const next = new Date(saved!.nextSendAt!);
    const inNewYork = Object.fromEntries(
      new Intl.DateTimeFormat("en-US", {
        timeZone: "America/New_York",
        weekday: "short",
        hour: "2-digit",
        minute: "2-digit",
        hourCycle: "h23",
      })
        .formatToParts(next)
        .map((p) => [p.type, p.value]),
    );
    expect(inNewYork).toMatchObject({ weekday: "Fri", hour: "18", minute: "00" });
    const savedAt = Date.parse(saved!.updatedAt);
    expect(next.getTime()).toBeGreaterThan(savedAt);
    expect(next.getTime() - savedAt).toBeLessThanOrEqual(7 * 86_400_000);
    expect(saved?.nextSendAt).toBe(nextSendAt(saved!, new Date(savedAt)).toISOString());
    // The page shows what was saved.
    expect(await page.inputValue("#timezone")).toBe("America/New_York");
    expect(await page.inputValue("#units")).toBe("imperial");

    await page.selectOption("#weeks", "3");
    await page.click("#pause");
    await page.waitForSelector("#resume");
    expect(await page.textContent("#notice")).toMatch(/^Paused\. Your emails restart after/);
    expect((await deps.runners.getById(runner.id))?.status).toBe("paused");
    await page.click("#resume");
    await page.waitForSelector("#notice");
    expect(await page.textContent("#notice")).toMatch(/^Welcome back!/);
    expect((await deps.runners.getById(runner.id))?.status).toBe("active");
    expect(await noHorizontalScroll(page)).toBe(true);
    await page.close();
  });

  it("without JavaScript: invalid input comes back with the error and changes nothing; download and delete work", async () => {
    // Prepare
    const runner = await activeRunner(deps, new Date());
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 375, height: 740 }, acceptDownloads: true });
    const page = await context.newPage();
    await open(page, runner.id);
    const before = await scanTable(deps);
    // Act + Assess: invalid runs a week
    await page.fill("#runsPerWeek", "99");
    await page.click("#save");
    await page.waitForSelector(".errors");
    expect(await page.textContent(".errors")).toContain("Enter how many times a week you run: a whole number from 0 to 14.");
    expect(await page.inputValue("#runsPerWeek")).toBe("99");
    expect(await scanTable(deps)).toEqual(before);
    expect(await noHorizontalScroll(page)).toBe(true);

    // Download my data
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("#export")]);
    const data = JSON.parse(await readFile((await download.path())!, "utf8"));
    expect(data.profile).toMatchObject({ id: runner.id, email: runner.email });

    // Delete everything (the box must be ticked)
    await page.check("#confirm-delete");
    await page.click("#delete");
    await page.waitForSelector("h1");
    expect(await page.textContent("h1")).toBe("Everything is deleted");
    expect(await deps.runners.getById(runner.id)).toBeUndefined();
    expect((await scanTable(deps)).filter((i) => JSON.stringify(i).includes(runner.id))).toEqual([]);
    await context.close();
  });
});
