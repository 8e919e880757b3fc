/**
 * A page of the browser tier's frontend (test/browser/frontend, served by ./pageServer on its
 * own origin) in a fresh browser context: no cookie, cache or storage from another test.
 * Page scripts are plain browser JavaScript; tests call them with `page.evaluate`.
 */
import type { BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { theBrowser } from './browserHooks';
import type { PageServer } from './pageServer';

export interface FrontendPage {
  page: Page;
  context: BrowserContext;
  /** Messages the page logged and errors it threw, for assertion messages. */
  console: string[];
  close(): Promise<void>;
}

export async function openFrontend(frontend: PageServer, options: BrowserContextOptions = {}): Promise<FrontendPage> {
  const context = await theBrowser().newContext(options);
  const page = await context.newPage();
  const console: string[] = [];
  page.on('console', (message) => console.push(`${message.type()}: ${message.text()}`));
  page.on('pageerror', (error) => console.push(`pageerror: ${error.message}`));
  await page.goto(`${frontend.origin}/index.html`);
  return { page, context, console, close: () => context.close() };
}

export interface CallInit {
  method?: string;
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** Response headers to read with `res.headers.get` (null when CORS does not expose them). */
  read?: string[];
}

export interface CallResult {
  status: number;
  text: string;
  json: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  headers: Record<string, string | null>;
}

export interface HeardEvent {
  type: string;
  id: string;
  data: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export interface Heard {
  events: HeardEvent[];
  opens: number;
  errors: number;
  /** EventSource.readyState: 0 connecting, 1 open, 2 closed. */
  readyState: number;
}

export interface UploadResult {
  status: number;
  text: string;
  progress: { loaded: number; total: number }[];
}

/** The page's `window.websplat` (test/browser/frontend/frontend.js). */
interface PageApi {
  call(url: string, init: CallInit): Promise<CallResult>;
  openEvents(name: string, url: string, types: string[]): void;
  heard(name: string): Heard;
  closeEvents(name: string): void;
  upload(url: string, init: { method?: string; headers?: Record<string, string>; size: number }): Promise<UploadResult>;
}

/** Typed calls into the page's frontend script. */
export function inPage(page: Page) {
  // Each function below is serialized into the page, where `websplat` is a global.
  return {
    call: (url: string, init: CallInit = {}) =>
      page.evaluate(([url, init]) => (globalThis as unknown as { websplat: PageApi }).websplat.call(url, init), [
        url,
        init,
      ] as const),
    openEvents: (name: string, url: string, types: string[]) =>
      page.evaluate(
        ([name, url, types]) => (globalThis as unknown as { websplat: PageApi }).websplat.openEvents(name, url, types),
        [name, url, types] as const,
      ),
    heard: (name: string) =>
      page.evaluate((name) => (globalThis as unknown as { websplat: PageApi }).websplat.heard(name), name),
    closeEvents: (name: string) =>
      page.evaluate((name) => (globalThis as unknown as { websplat: PageApi }).websplat.closeEvents(name), name),
    upload: (url: string, init: { method?: string; headers?: Record<string, string>; size: number }) =>
      page.evaluate(([url, init]) => (globalThis as unknown as { websplat: PageApi }).websplat.upload(url, init), [
        url,
        init,
      ] as const),
    /** Polls `heard(name)` until `until` holds (or the timeout). */
    async waitHeard(name: string, until: (heard: Heard) => boolean, timeoutMs = 20_000): Promise<Heard> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const heard = await page.evaluate(
          (name) => (globalThis as unknown as { websplat: PageApi }).websplat.heard(name),
          name,
        );
        if (until(heard)) return heard;
        if (Date.now() > deadline) throw new Error(`timed out; the page heard ${JSON.stringify(heard)}`);
        await new Promise((done) => setTimeout(done, 100));
      }
    },
  };
}
