/** The `websplat` command as a user runs it: a real process, real stdout. */
import { strict as assert } from 'node:assert';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const BIN = resolve(__dirname, '../../bin/websplat.js');

describe('websplat CLI', () => {
  let dataDir: string;
  let env: NodeJS.ProcessEnv;
  before(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'websplat-cli-'));
    env = { ...process.env, WEBSPLAT_DATA_DIR: dataDir };
    delete env.FIREBASE_AUTH_EMULATOR_HOST;
  });
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  const run = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { env, encoding: 'utf8' });

  it('prints a token alone on stdout, and refuses bad usage with exit 2', () => {
    const ok = run('token', 'alice', '--email', 'alice@example.com', '--ttl', '2h');
    assert.equal(ok.status, 0, ok.stderr);
    assert.match(ok.stdout, /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\n$/);
    for (const bad of [
      ['token'],
      ['token', 'a', 'b'],
      ['token', 'a b'],
      ['token', 'alice', '--ttl', 'soon'],
      ['frobnicate'],
    ]) {
      const res = run(...bad);
      assert.equal(res.status, 2, `${bad.join(' ')}: ${res.stderr}`);
      assert.match(res.stderr, /^websplat: /);
      assert.match(res.stderr, /Usage: websplat/);
    }
  });

  describe('serve', () => {
    let server: ChildProcess;
    let baseUrl: string;
    before(async function () {
      this.timeout(20_000);
      server = spawn(process.execPath, [BIN, 'serve', '--port', '0'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      const line = await new Promise<string>((resolveLine, reject) => {
        let out = '';
        server.stdout!.on('data', (chunk) => {
          out += chunk;
          const first = out.split('\n')[0];
          if (out.includes('\n')) resolveLine(first!);
        });
        server.once('exit', (code) => reject(new Error(`serve exited with ${code}`)));
      });
      const match =
        /^websplat: serving the API at (http:\/\/127\.0\.0\.1:\d+)\/v1 \(local backend, data in (.+)\)$/.exec(line);
      assert.ok(match, line);
      assert.equal(match[2], dataDir);
      baseUrl = match[1]!;
    });
    after(() => server?.kill('SIGTERM'));

    it('serves the API on 127.0.0.1 and accepts tokens minted by `websplat token`', async () => {
      const health = await fetch(`${baseUrl}/v1/healthz`);
      assert.deepEqual(await health.json(), { status: 'ok', backend: 'local' });
      const token = run('token', 'carol').stdout.trim();
      const created = await fetch(`${baseUrl}/v1/workspaces`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ name: 'from the CLI test' }),
      });
      assert.equal(created.status, 201);
      assert.equal(((await created.json()) as { ownerId: string }).ownerId, 'carol');
    });

    it('stops cleanly on SIGTERM', async () => {
      const exit = new Promise<number | null>((r) => server.once('exit', (code) => r(code)));
      server.kill('SIGTERM');
      assert.equal(await exit, 0);
    });
  });
});
