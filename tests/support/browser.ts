/**
 * A headless Chromium for tests: the Debian package at /usr/bin/chromium, never a downloaded one.
 * Shared by any test that needs a real layout engine (email rendering, web pages).
 */
import type { Browser, Page } from "playwright-core";
import { chromium } from "playwright-core";
import { beforeAll } from "vitest";

export const CHROMIUM_PATH = "/usr/bin/chromium";

/**
 * Launches headless Chromium with networking extras off. Playwright gives each launch a fresh,
 * throwaway profile directory. Close it in afterAll.
 * @example const browser = await launchBrowser(); try { … } finally { await browser.close(); }
 */
export const launchBrowser = (): Promise<Browser> =>
  chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });

let shared: Promise<Browser> | undefined;

/**
 * The worker's one Chromium: test files share a worker's modules (vitest isolate: false), so every
 * browser suite in a worker uses the same browser, each in contexts and pages of its own that it
 * closes. Playwright closes the browser when the worker exits. A crashed browser is launched again.
 * @example const browser = await sharedBrowser(); const context = await browser.newContext(); … await context.close();
 */
export const sharedBrowser = (): Promise<Browser> => {
  if (!shared) {
    const launching = launchBrowser();
    shared = launching;
    void launching.then(
      (browser) =>
        browser.on("disconnected", () => {
          if (shared === launching) shared = undefined;
        }),
      () => {
        if (shared === launching) shared = undefined;
      },
    );
  }
  return shared;
};

/**
 * The shared browser for the enclosing describe block, ready before its tests.
 * @example const browser = useBrowser(); … const page = await browser().newPage();
 */
export const useBrowser = (): (() => Browser) => {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await sharedBrowser();
  });
  return () => {
    if (!browser) throw new Error("the browser is not launched yet: call browser() inside a test");
    return browser;
  };
};

/** One page per browser for the layout checks: a new page is a new renderer process, ten times the cost of a check. */
const layoutPages = new WeakMap<Browser, Promise<Page>>();

/**
 * Loads the HTML at a viewport width and returns how far it scrolls sideways (0 = it fits).
 * The check is a string, so Node-side test files need no DOM types. Every check reuses the browser's
 * one layout page: setContent replaces the whole document, and the viewport is set each time.
 */
export const horizontalOverflow = async (browser: Browser, html: string, width: number): Promise<number> => {
  let page = layoutPages.get(browser);
  if (!page) layoutPages.set(browser, (page = browser.newPage()));
  const ready = await page;
  await ready.setViewportSize({ width, height: 800 });
  await ready.setContent(html, { waitUntil: "load" });
  return ready.evaluate<number>("document.documentElement.scrollWidth - window.innerWidth");
};
