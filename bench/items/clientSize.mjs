// Item: the size of @websplat/client as a browser would load it. esbuild bundles and
// minifies client/src (ES module, every export kept) and zlib gzips it; the figure is
// compared with the budget (12 KiB minified + gzipped), the ratio must stay below 1x.
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { log, ROOT, row } from '../lib/common.mjs';

export const meta = { title: 'Client bundle size', emulators: false };

const BUDGET_KIB = 12;

export async function run() {
  const esbuild = await import('esbuild');
  const built = await esbuild.build({
    entryPoints: [join(ROOT, 'client', 'src', 'index.ts')],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  const minified = built.outputFiles[0].contents;
  const gzipped = gzipSync(minified, { level: 9 }).length;
  log('clientSize', `${minified.length} B minified, ${gzipped} B gzipped`);
  return {
    rows: [
      row({
        item: 'clientSize',
        name: '@websplat/client, minified + gzipped (esbuild, zlib level 9)',
        figure: gzipped / 1024,
        baseline: BUDGET_KIB,
        unit: 'KiB',
        budget: `< 1x (${BUDGET_KIB} KiB)`,
        met: gzipped < BUDGET_KIB * 1024,
        detail: `${minified.length} B minified, ${gzipped} B gzipped; the baseline is the budget`,
      }),
    ],
  };
}
