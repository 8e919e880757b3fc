// Headless Chromium for the browser tier: Debian's `chromium` package, driven by playwright-core
// (never `npx playwright install`, which downloads a browser: see ../shared/ENVIRONMENT.md).
// `node scripts/lib/chromium.mjs` finds it or installs it, and prints its path
// (`--json`: {"path", "flags"} for test/support/chromium.ts).
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Where a Chromium may already be; CHROMIUM_PATH first. */
const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** The launch flags verified on this machine kind (ENVIRONMENT.md); playwright adds a fresh --user-data-dir. */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const executable = (file) => {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

/** The path of a Chromium on this machine, or undefined. */
export function findChromium() {
  const wanted = process.env.CHROMIUM_PATH;
  if (wanted) return executable(wanted) ? wanted : undefined;
  return CANDIDATES.find(executable);
}

/**
 * Finds Chromium, or installs Debian's package (`apt-get update && apt-get install -y chromium`,
 * as root) and says so on stdout. Throws with what to do when neither works.
 */
export function ensureChromium({ log = (message) => process.stdout.write(`${message}\n`) } = {}) {
  const found = findChromium();
  if (found) return found;
  if (process.env.CHROMIUM_PATH) throw new Error(`CHROMIUM_PATH=${process.env.CHROMIUM_PATH} is not an executable`);
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!root || !existsSync('/usr/bin/apt-get')) {
    throw new Error(
      'Chromium not found for the browser tier: install it (Debian/Ubuntu: `sudo apt-get install -y chromium`) ' +
        'or point CHROMIUM_PATH at a Chromium or Chrome executable.',
    );
  }
  log('browser tier: Chromium not found; installing it: apt-get update && apt-get install -y chromium');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  // apt-get's own output goes to stderr, so that stdout stays the answer.
  for (const args of [['update'], ['install', '-y', 'chromium']]) {
    const result = spawnSync('apt-get', args, { stdio: ['ignore', 2, 2], env });
    if (result.status !== 0)
      throw new Error(`apt-get ${args.join(' ')} failed (exit ${result.status ?? result.signal})`);
  }
  const installed = findChromium();
  if (!installed) throw new Error('apt-get installed chromium, but no executable was found at /usr/bin/chromium');
  log(`browser tier: installed ${installed}`);
  return installed;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    const json = process.argv.includes('--json');
    // With --json, stdout carries only the answer: what the install says goes to stderr.
    const path = ensureChromium(json ? { log: (message) => process.stderr.write(`${message}\n`) } : {});
    process.stdout.write(json ? `${JSON.stringify({ path, flags: CHROMIUM_FLAGS })}\n` : `${path}\n`);
  } catch (error) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}
