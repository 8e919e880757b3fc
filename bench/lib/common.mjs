// Helpers shared by the benchmark items: child servers, timing, rows.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BIN = join(ROOT, 'bin', 'websplat.js');
export const MiB = 1024 * 1024;

export const log = (item, message) => process.stderr.write(`bench: [${item}] ${message}\n`);

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** One row of the results table: a figure against a baseline from the same run, and its budget. */
export function row({ item, name, figure, baseline, unit, ratio, budget, met, detail }) {
  return { item, name, figure, baseline, unit, ratio: ratio ?? figure / baseline, budget, met, detail };
}

/** A port nobody listens on right now (127.0.0.1). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** GET (or any method) with no connection reuse; resolves { status, headers, body } or rejects on a socket error. */
export function httpRequest(url, { method = 'GET', headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers, agent: false }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Polls `url` every `everyMs` until it answers 200; resolves the moment it does. */
export async function firstOk(url, { headers, everyMs = 5, timeoutMs = 60_000, child } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child && child.exitCode !== null) throw new Error(`server exited with ${child.exitCode} before answering`);
    try {
      const res = await httpRequest(url, { headers });
      if (res.status === 200) return res;
      throw new Error(`${url} answered ${res.status}: ${res.body.toString().slice(0, 300)}`);
    } catch (error) {
      if (error.code !== 'ECONNREFUSED' && error.code !== 'ECONNRESET') throw error;
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Stops a child process and waits for it to be gone. */
export function stop(child, signal = 'SIGTERM') {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}

/** A bearer token for `uid` on the local backend whose data folder is `dataDir`. */
export function localToken(dataDir, uid) {
  const out = spawnSync(process.execPath, [BIN, 'token', uid], {
    env: { ...process.env, WEBSPLAT_DATA_DIR: dataDir },
    encoding: 'utf8',
  });
  if (out.status !== 0) throw new Error(`websplat token failed: ${out.stderr}`);
  return out.stdout.trim();
}

/**
 * `websplat serve` on 127.0.0.1 and a free port, in a child process; resolves once /v1/healthz
 * answers. Its request log goes to /dev/null, as the functions-framework servers' does: read
 * through a pipe, it would cost the load generator (this process) a line per request.
 */
export async function serveLocal(dataDir, nodeArgs = []) {
  const port = await freePort();
  const child = spawn(process.execPath, [...nodeArgs, BIN, 'serve', '--port', String(port), '--host', '127.0.0.1'], {
    env: { ...process.env, WEBSPLAT_DATA_DIR: dataDir },
    stdio: 'ignore',
  });
  const url = `http://127.0.0.1:${port}`;
  await firstOk(`${url}/v1/healthz`, { child });
  return { child, url };
}

/**
 * The machine's CPU clock ticks so far, all and stolen (Linux /proc/stat, every core):
 * steal is time the hypervisor gave this VM's cores to someone else, which stalls
 * whatever ran on them and shows as a latency tail in every server at once.
 */
export function cpuTicks() {
  const [, ...fields] = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0].trim().split(/\s+/);
  const [user, nice, system, idle, iowait, irq, softirq, steal] = fields.map(Number);
  return { total: user + nice + system + idle + iowait + irq + softirq + steal, steal };
}

/** Share of the machine's CPU time stolen between two cpuTicks() readings (0 to 1). */
export const stealShare = (before, after) =>
  after.total > before.total ? (after.steal - before.steal) / (after.total - before.total) : 0;

/** Resident set size now and at its peak (VmRSS, VmHWM) of a process, in bytes (Linux /proc). */
export function rss(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)[1]) * 1024;
  return { now: kb('VmRSS'), peak: kb('VmHWM') };
}

/** A workspace document as the store keeps it, owned by the bench user, last accessed at `at`. */
export function benchWorkspace(id, at = Date.now()) {
  return {
    id,
    name: 'bench',
    description: '',
    status: 'active',
    ownerId: 'bench',
    members: { bench: 'owner' },
    metadata: {},
    fileCount: 0,
    totalBytes: 0,
    createdAt: at,
    updatedAt: at,
    lastAccessedAt: at,
    deletedAt: null,
    deletedBy: null,
    version: 1,
  };
}
