#!/usr/bin/env node
// Builds the console (part of `npm run build`): two bundles of the same source.
//   console/dist/local    served by `websplat serve` / `npm start`, with the development sign-in
//   console/dist/hosting  deployed to Firebase Hosting (firebase.json), Firebase Auth sign-in only:
//                         the development sign-in is compiled out (LOCAL_SIGNIN=false, dead code removed).
// The output is generated, never checked in (.gitignore); `npm ci` builds it through postinstall.
import { build } from 'esbuild';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/** The console runs only its own code; generated sites run in the preview's sandboxed iframe. */
function csp(local) {
  const connect = local ? "'self'" : "'self' https://identitytoolkit.googleapis.com https://securetoken.googleapis.com";
  return `default-src 'self'; img-src 'self' blob: data:; frame-src 'self'; connect-src ${connect}; object-src 'none'; base-uri 'none'`;
}

export async function buildConsole({ outRoot = join(here, 'dist') } = {}) {
  for (const [target, local] of [
    ['local', true],
    ['hosting', false],
  ]) {
    const outdir = join(outRoot, target);
    rmSync(outdir, { recursive: true, force: true });
    mkdirSync(outdir, { recursive: true });
    await build({
      entryPoints: [
        { in: join(here, 'src', 'main.tsx'), out: 'app' },
        { in: join(here, 'src', 'style.css'), out: 'app' },
      ],
      outdir,
      bundle: true,
      alias: { '@websplat/client': join(here, '..', 'client', 'src', 'index.ts') }, // from its sources, tree-shaken
      minify: true,
      format: 'esm',
      target: ['chrome110', 'firefox110', 'safari16'],
      jsx: 'automatic',
      jsxImportSource: 'preact',
      define: { LOCAL_SIGNIN: String(local) },
      legalComments: 'none',
      logLevel: 'warning',
    });
    const html = readFileSync(join(here, 'index.html'), 'utf8').replace('%CSP%', csp(local));
    writeFileSync(join(outdir, 'index.html'), html);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildConsole();
