// Item 2: the local backend under load. Requests/s and p50/p99 latency of three
// reads on `websplat serve`, against a bare node:http server answering the same
// bytes. Bounded: 10 connections, 5 s per measurement (after a 1 s warm-up).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { httpRequest, localToken, log, row, serveLocal, stop } from '../lib/common.mjs';

export const meta = { title: 'Local backend under load', emulators: false };

const CONNECTIONS = 10;
const SECONDS = 5;
const FILES = 100;

/** Budgets: the least share of the bare server's requests/s each read must keep. */
const ROUTES = [
  { name: 'get workspace', budget: 0.2 },
  { name: `list ${FILES} files`, budget: 0.1 },
  { name: 'download 64 KiB file', budget: 0.2 },
];

function cannon(url, headers, duration) {
  return new Promise((resolve, reject) => {
    autocannon({ url, headers, connections: CONNECTIONS, duration }, (error, result) =>
      error ? reject(error) : resolve(result),
    );
  });
}

async function measure(url, headers) {
  await cannon(url, headers, 1);
  const result = await cannon(url, headers, SECONDS);
  if (result.non2xx || result.errors) throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99 };
}

async function seed(base, auth) {
  const put = (path, type, body) =>
    httpRequest(`${base}${path}`, { method: 'PUT', headers: { ...auth, 'Content-Type': type }, body });
  const created = await httpRequest(`${base}/v1/workspaces`, {
    method: 'POST',
    headers: { ...auth, 'Content-Type': 'application/json' },
    body: JSON.stringify({ name: 'load' }),
  });
  const id = JSON.parse(created.body).id;
  for (let i = 0; i < FILES; i += 1) {
    const res = await put(
      `/v1/workspaces/${id}/files/src/file-${String(i).padStart(3, '0')}.txt`,
      'text/plain',
      `f${i}`,
    );
    if (res.status !== 201) throw new Error(`seeding file ${i}: ${res.status}`);
  }
  await put(`/v1/workspaces/${id}/files/media/blob.bin`, 'application/octet-stream', Buffer.alloc(64 * 1024, 7));
  return [
    `/v1/workspaces/${id}`,
    `/v1/workspaces/${id}/files?prefix=src/&limit=${FILES}`,
    `/v1/workspaces/${id}/files/media/blob.bin`,
  ];
}

export async function run() {
  const dataDir = mkdtempSync(join(tmpdir(), 'websplat-bench-load-'));
  const auth = { Authorization: `Bearer ${localToken(dataDir, 'bench')}` };
  const { child: server, url: base } = await serveLocal(dataDir);
  let replay;
  try {
    const paths = await seed(base, auth);
    // Capture each answer, to be replayed byte for byte by the baseline server.
    const answers = {};
    for (const path of paths) {
      const res = await httpRequest(`${base}${path}`, { headers: auth });
      if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
      const headers = { ...res.headers };
      delete headers.connection;
      delete headers['keep-alive'];
      delete headers['transfer-encoding'];
      headers['content-length'] = String(res.body.length);
      answers[path] = { status: res.status, headers, body: res.body.toString('base64') };
    }
    const answersFile = join(dataDir, 'answers.json');
    writeFileSync(answersFile, JSON.stringify(answers));
    replay = spawn(process.execPath, [join(import.meta.dirname, '..', 'fixtures', 'replayServer.mjs'), answersFile], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const replayBase = await new Promise((resolve) =>
      replay.stdout.once('data', (chunk) => resolve(/at (http:\/\/[^/\s]+)\/v1/.exec(String(chunk))[1])),
    );

    const rows = [];
    for (const [i, route] of ROUTES.entries()) {
      log('load', `${route.name}: bare server, ${CONNECTIONS} connections, ${SECONDS} s`);
      const bare = await measure(`${replayBase}${paths[i]}`, auth);
      log('load', `${route.name}: local server`);
      const ours = await measure(`${base}${paths[i]}`, auth);
      log('load', `${route.name}: ${ours.rps.toFixed(0)} req/s vs bare ${bare.rps.toFixed(0)} req/s`);
      const ratio = ours.rps / bare.rps;
      rows.push(
        row({
          item: 'load',
          name: `${route.name}: requests/s`,
          figure: ours.rps,
          baseline: bare.rps,
          unit: 'req/s',
          ratio,
          budget: `≥ ${route.budget}x`,
          met: ratio >= route.budget,
          detail: `p50/p99 ${ours.p50}/${ours.p99} ms (bare ${bare.p50}/${bare.p99} ms)`,
        }),
      );
    }
    return { rows };
  } finally {
    await stop(replay);
    await stop(server);
    rmSync(dataDir, { recursive: true, force: true });
  }
}
