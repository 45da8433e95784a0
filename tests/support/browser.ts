/**
 * A headless Chromium for tests: the Debian package at /usr/bin/chromium, never a downloaded one.
 * Shared by any test that needs a real layout engine (email rendering, web pages).
 */
import type { Browser } from "playwright-core";
import { chromium } from "playwright-core";

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
