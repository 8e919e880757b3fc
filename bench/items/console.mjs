// Item: the console. (1) First-load JavaScript, gzipped, against its 200 KiB budget.
// (2) Opening the tree of a 1,000-file workspace in headless Chromium (from the
// workspaces list to 1,000 rows in the tree), against a plain fetch() of the same
// listing in the same page: medians of RUNS interleaved runs.
import { execFileSync } from 'node:child_process';
/* global document, location, performance, requestAnimationFrame, sessionStorage -- inside page.evaluate (Chromium) */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { CHROMIUM_FLAGS, ensureChromium } from '../../scripts/lib/chromium.mjs';
import { httpRequest, localToken, log, median, ROOT, row, serveLocal, stop } from '../lib/common.mjs';

export const meta = { title: 'Console: first-load JS and a 1,000-file tree', emulators: false };

const RUNS = 7;
const FILES = 1000;
const JS_BUDGET_KIB = 200;
const TREE_BUDGET_MS = 500;

async function seed(url, token) {
  const auth = { Authorization: `Bearer ${token}` };
  const created = await httpRequest(`${url}/v1/workspaces`, {
    method: 'POST',
    headers: { ...auth, 'Content-Type': 'application/json' },
    body: JSON.stringify({ name: 'bench: 1,000 files' }),
  });
  const { id } = JSON.parse(created.body.toString());
  // 10 top-level folders of 100 pages: the console opens top-level folders, so all 1,000 rows render.
  const paths = Array.from({ length: FILES }, (_, i) => `section-${i % 10}/page-${String(i).padStart(4, '0')}.html`);
  for (let i = 0; i < paths.length; i += 16) {
    await Promise.all(
      paths.slice(i, i + 16).map((path) =>
        httpRequest(`${url}/v1/workspaces/${id}/files/${path}`, {
          method: 'PUT',
          headers: { ...auth, 'Content-Type': 'text/html' },
          body: `<p>${path}</p>`,
        }).then((res) => {
          if (res.status >= 300) throw new Error(`PUT ${path}: ${res.status}`);
        }),
      ),
    );
  }
  return id;
}

export async function run() {
  execFileSync(process.execPath, [join(ROOT, 'console', 'build.mjs')], { stdio: 'inherit' });
  const js = readFileSync(join(ROOT, 'console', 'dist', 'local', 'app.js'));
  const gzKiB = gzipSync(js, { level: 9 }).length / 1024;
  const rows = [
    row({
      item: 'console',
      name: 'console first-load JS, gzipped',
      figure: gzKiB,
      baseline: JS_BUDGET_KIB,
      unit: 'KiB',
      budget: `< ${JS_BUDGET_KIB} KiB`,
      met: gzKiB < JS_BUDGET_KIB,
      detail: `app.js ${(js.length / 1024).toFixed(0)} KiB raw (preact + highlight.js core with 5 languages); baseline = the budget`,
    }),
  ];

  const dataDir = mkdtempSync(join(tmpdir(), 'websplat-bench-console-'));
  const { child, url } = await serveLocal(dataDir);
  let browser;
  try {
    const token = localToken(dataDir, 'bench');
    const id = await seed(url, token);
    log('console', `seeded ${FILES} files`);
    const { chromium } = await import('playwright-core');
    const args = CHROMIUM_FLAGS.filter((flag) => flag !== '--headless');
    browser = await chromium.launch({ executablePath: ensureChromium({ log: (m) => log('console', m) }), args });
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${url}/`);
    await page.evaluate(
      (t) =>
        sessionStorage.setItem(
          'websplat.console.session',
          JSON.stringify({ uid: 'bench', token: t, expiresAt: Date.now() + 3.6e6 }),
        ),
      token,
    );
    await page.reload(); // the console reads its session at start
    await page.getByRole('link', { name: 'bench: 1,000 files' }).waitFor();
    const tree = [];
    const plain = [];
    for (let i = 0; i < RUNS; i++) {
      tree.push(
        await page.evaluate(
          async ({ id, files }) => {
            const t0 = performance.now();
            location.hash = `#/w/${id}`;
            await new Promise((resolve) => {
              const check = () =>
                document.querySelectorAll('[data-path]').length >= files ? resolve() : requestAnimationFrame(check);
              check();
            });
            return performance.now() - t0;
          },
          { id, files: FILES },
        ),
      );
      await page.evaluate(() => (location.hash = '#/'));
      await page.getByRole('link', { name: 'bench: 1,000 files' }).waitFor();
      plain.push(
        await page.evaluate(
          async ({ id, token }) => {
            const t0 = performance.now();
            const res = await fetch(`/v1/workspaces/${id}/files?limit=1000`, {
              headers: { Authorization: `Bearer ${token}` },
            });
            const body = await res.json();
            if (body.items.length !== 1000) throw new Error(`listing has ${body.items.length} items`);
            return performance.now() - t0;
          },
          { id, token },
        ),
      );
    }
    const treeMs = median(tree);
    const fetchMs = median(plain);
    rows.push(
      row({
        item: 'console',
        name: 'console: open a 1,000-file tree (Chromium)',
        figure: treeMs,
        baseline: fetchMs,
        unit: 'ms',
        budget: `< ${TREE_BUDGET_MS} ms`,
        met: treeMs < TREE_BUDGET_MS,
        detail: `median of ${RUNS}; baseline = fetch() + JSON of the same listing in the same page; the page also loads the workspace, agents, state and opens the change stream`,
      }),
    );
  } finally {
    await browser?.close();
    await stop(child);
    rmSync(dataDir, { recursive: true, force: true });
  }
  return { rows };
}
