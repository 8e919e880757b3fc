/** Helpers of the console's browser tests. */
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import type { Browser } from 'playwright-core';

const ROOT = resolve(__dirname, '../..');
let built = false;

/** Builds console/dist (esbuild, well under a second) so the tests never run a stale console. */
export async function buildConsoleOnce(): Promise<void> {
  if (built) return;
  execFileSync(process.execPath, [resolve(ROOT, 'console/build.mjs')], { stdio: 'inherit' });
  built = true;
}

/**
 * The colour at (x, y), as fractions of the width and height, of a PNG
 * screenshot: decoded by the browser itself on a blank page.
 */
export async function pixelAt(browser: Browser, png: Buffer, x: number, y: number): Promise<[number, number, number]> {
  const page = await browser.newPage();
  try {
    // Runs in the page (a string, as the tests compile against Node's lib, not the DOM's).
    const decode = `(async ([data, fx, fy]) => {
      const img = new Image();
      img.src = 'data:image/png;base64,' + data;
      await img.decode();
      const canvas = document.createElement('canvas');
      canvas.width = img.width;
      canvas.height = img.height;
      const ctx = canvas.getContext('2d');
      ctx.drawImage(img, 0, 0);
      const d = ctx.getImageData(Math.floor(img.width * fx), Math.floor(img.height * fy), 1, 1).data;
      return [d[0], d[1], d[2]];
    })(${JSON.stringify([png.toString('base64'), x, y])})`;
    return (await page.evaluate(decode)) as [number, number, number];
  } finally {
    await page.close();
  }
}
