// Root hooks of the browser tier: one headless Chromium for the whole run (each test opens
// its own context, so no cookie, cache or storage crosses tests), closed at the end.
import type { Browser } from 'playwright-core';
import { launchChromium } from './chromium';

let browser: Browser | undefined;

/** The tier's Chromium (launched by the root beforeAll hook). */
export function theBrowser(): Browser {
  if (!browser) throw new Error('Chromium is not running: load test/support/browserHooks.ts as a mocha root hook.');
  return browser;
}

export const mochaHooks = {
  async beforeAll(this: Mocha.Context) {
    this.timeout(120_000);
    browser = await launchChromium();
  },
  async afterAll() {
    await browser?.close();
    browser = undefined;
  },
};
