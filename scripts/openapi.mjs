#!/usr/bin/env node
// Writes the OpenAPI document a backend serves at GET /v1/openapi.json, from the built
// functions (run `npm run build` first): `node scripts/openapi.mjs [local|firebase] [--out FILE]`.
// The document is generated from the route table; nothing here is a second copy of it.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const lib = join(dirname(fileURLToPath(import.meta.url)), '..', 'functions', 'lib');
const require = createRequire(import.meta.url);

/** The document of one backend (the local one also serves its upload targets). */
export function openApiDocument(backend) {
  const { routeTable } = require(join(lib, 'http', 'pipeline.js'));
  const { buildOpenApi } = require(join(lib, 'http', 'openapi.js'));
  const { localUploadRoute } = require(join(lib, 'http', 'routes', 'uploads.js'));
  // The document reads the routes' schemas only; no upload is ever received here.
  const extra = backend === 'local' ? [localUploadRoute(undefined)] : [];
  return buildOpenApi(routeTable(backend, () => undefined, extra));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const outAt = args.indexOf('--out');
  const out = outAt >= 0 ? args.splice(outAt, 2)[1] : undefined;
  const backend = args[0] ?? 'local';
  if (backend !== 'local' && backend !== 'firebase') throw new Error(`unknown backend ${backend}`);
  const text = `${JSON.stringify(openApiDocument(backend), null, 2)}\n`;
  if (out) writeFileSync(out, text);
  else process.stdout.write(text);
}
