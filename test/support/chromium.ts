/**
 * Headless Chromium for the browser tier: Debian's package (found or installed by
 * scripts/lib/chromium.mjs, which `npm test` runs first and reports through CHROMIUM_PATH)
 * driven by playwright-core with the launch flags that work on these machines.
 * playwright gives every launch a fresh temporary --user-data-dir.
 */
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import type { Browser } from 'playwright-core';

const SCRIPT = resolve(__dirname, '../../scripts/lib/chromium.mjs');

interface ChromiumInfo {
  path: string;
  flags: string[];
}

/** Path and flags from scripts/lib/chromium.mjs (which installs Chromium when missing and says so). */
function chromiumInfo(): ChromiumInfo {
  const out = execFileSync(process.execPath, [SCRIPT, '--json'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return JSON.parse(out) as ChromiumInfo;
}

/** `extraArgs`: more Chromium switches for a test that needs its own browser (e.g. cookie policy, host mapping). */
export async function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  const { path, flags } = chromiumInfo();
  return chromium.launch({
    executablePath: path,
    headless: true,
    // playwright passes its own headless flag; the rest are the verified ones.
    args: [...flags.filter((flag) => flag !== '--headless'), ...extraArgs],
    timeout: 60_000,
  });
}
