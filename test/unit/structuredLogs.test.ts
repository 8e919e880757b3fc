/**
 * The log entries the log-based metrics in ops/monitoring count: every entry
 * names its kind in `event`, requests carry an `outcome` derived from the
 * status, trigger failures are logged at ERROR and still rethrown (so the
 * event is retried), and no entry carries a token or a body.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FileIndexer } from '@functions/domain/files/fileIndexer';
import { objectName } from '@functions/domain/files/paths';
import { createApiHandler, requestOutcome } from '@functions/http/app';
import { jsonLineLogger } from '@functions/adapters/local/jsonLineLogger';
import type { ApiDeps } from '@functions/http/deps';
import type { Route } from '@functions/http/route';
import { handleObjectDeleted, handleObjectFinalized } from '../support/storageEvents';

type Entry = Record<string, unknown> & { severity: string; message: string };

function capture(): { entries: Entry[]; lines: string[]; logger: ReturnType<typeof jsonLineLogger> } {
  const entries: Entry[] = [];
  const lines: string[] = [];
  const logger = jsonLineLogger((line) => {
    lines.push(line);
    entries.push(JSON.parse(line) as Entry);
  });
  return { entries, lines, logger };
}

describe('structured logs', () => {
  describe('api.request', () => {
    const { entries, lines, logger } = capture();
    const TOKEN = 'secret-token-abc';
    const route = (path: string, handle: Route<unknown>['handle']): Route<unknown> => ({
      method: 'POST',
      path,
      operationId: path.slice(4),
      summary: 'test route',
      auth: true,
      responses: {},
      handle,
    });
    let server: Server;
    let base: string;

    before(async () => {
      const handler = createApiHandler({
        backend: 'local',
        deps: () => ({ usageMeter: { count: () => undefined } }) as unknown as ApiDeps,
        auth: () => ({
          verify: async (token) => {
            if (token !== TOKEN) throw Object.assign(new Error('bad token'), { name: 'ApiError' });
            return { uid: 'alice' };
          },
        }),
        logger,
        extraRoutes: [
          route('/v1/echo/{workspaceId}', async () => ({ status: 201, body: { ok: true } })),
          route('/v1/boom/{workspaceId}', async () => {
            throw new Error('disk on fire');
          }),
        ],
      });
      server = createServer((req, res) => void handler(req, res));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    after(() => new Promise<void>((resolve) => server.close(() => resolve())));
    beforeEach(() => {
      entries.length = 0;
      lines.length = 0;
    });

    const post = (path: string, token = TOKEN) =>
      fetch(`${base}${path}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'X-Request-Id': 'req-1' },
        body: 'body-text-never-logged',
      });

    it('logs a success with event, outcome and the request fields, at INFO', async () => {
      assert.equal((await post('/v1/echo/ws1')).status, 201);
      assert.equal(entries.length, 1);
      const e = entries[0]!;
      assert.equal(e.severity, 'INFO');
      assert.equal(e.event, 'api.request');
      assert.equal(e.outcome, 'ok');
      assert.equal(e.requestId, 'req-1');
      assert.equal(e.operation, 'echo/{workspaceId}');
      assert.equal(e.workspaceId, 'ws1');
      assert.equal(e.uid, 'alice');
      assert.equal(e.status, 201);
      assert.equal(typeof e.latencyMs, 'number');
      assert.ok((e.latencyMs as number) >= 0);
    });

    it('logs a 4xx as client_error at INFO, and a 5xx as server_error at ERROR with the error', async () => {
      assert.equal((await fetch(`${base}/v1/nowhere`)).status, 404);
      assert.equal((await post('/v1/boom/ws2')).status, 500);
      assert.deepEqual(
        entries.map((e) => [e.event, e.severity, e.status, e.outcome]),
        [
          ['api.request', 'INFO', 404, 'client_error'],
          ['api.request', 'ERROR', 500, 'server_error'],
        ],
      );
      assert.equal((entries[1]!.error as { message: string }).message, 'disk on fire');
    });

    it('never logs the token or the request body', async () => {
      await post('/v1/echo/ws1');
      await post('/v1/boom/ws1');
      assert.equal(lines.length, 2);
      for (const line of lines) {
        assert.ok(!line.includes(TOKEN), line);
        assert.ok(!line.includes('body-text-never-logged'), line);
      }
    });

    it('maps every status to its outcome at the boundaries', () => {
      assert.deepEqual([200, 304, 399, 400, 404, 499, 500, 503].map(requestOutcome), [
        'ok',
        'ok',
        'ok',
        'client_error',
        'client_error',
        'client_error',
        'server_error',
        'server_error',
      ]);
    });
  });

  describe('index.event / index.failed', () => {
    const WS = 'abcdefghij0123456789'; // a valid workspace id (20 alphanumerics)
    const name = objectName(WS, 'src/App.tsx');
    const indexer = (apply: () => Promise<string>) => ({ apply }) as unknown as FileIndexer;

    it('logs each applied event as index.event at INFO with its outcome', async () => {
      const { entries, logger } = capture();
      const deps = { indexer: indexer(async () => 'applied'), logger, maxEventAgeMs: 3600_000 };
      await handleObjectFinalized({ name, generation: '7', size: 3 }, deps);
      assert.equal(entries.length, 1);
      assert.deepEqual(
        { ...entries[0], time: undefined },
        {
          severity: 'INFO',
          message: 'object finalized: applied',
          time: undefined,
          event: 'index.event',
          object: name,
          generation: '7',
          kind: 'finalized',
          workspaceId: WS,
          outcome: 'applied',
        },
      );
    });

    it('logs ignored events as index.event at WARNING with their outcome', async () => {
      const { entries, logger } = capture();
      const deps = { indexer: indexer(async () => assert.fail('not indexed')), logger, maxEventAgeMs: 1000 };
      await handleObjectDeleted({ name: objectName(WS, 'a//b'), generation: '1' }, deps);
      await handleObjectDeleted({ name, generation: '1', eventTime: new Date(Date.now() - 5000).toISOString() }, deps);
      await handleObjectDeleted({ name, generation: 'x' }, deps);
      assert.deepEqual(
        entries.map((e) => [e.event, e.severity, e.outcome, e.workspaceId]),
        [
          ['index.event', 'WARNING', 'invalid_path', WS],
          ['index.event', 'WARNING', 'too_old', WS],
          ['index.event', 'WARNING', 'invalid_path', WS],
        ],
      );
    });

    it('logs a failure as index.failed at ERROR and rethrows it so the trigger retries', async () => {
      const { entries, logger } = capture();
      const failure = Object.assign(new Error('deadline exceeded'), { name: 'FirestoreError', details: 'internal' });
      const deps = { indexer: indexer(() => Promise.reject(failure)), logger, maxEventAgeMs: 3600_000 };
      await assert.rejects(handleObjectDeleted({ name, generation: '8' }, deps), (e) => e === failure);
      assert.equal(entries.length, 1);
      const e = entries[0]!;
      assert.equal(e.severity, 'ERROR');
      assert.equal(e.event, 'index.failed');
      assert.equal(e.workspaceId, WS);
      assert.equal(e.object, name);
      assert.equal(e.generation, '8');
      assert.equal(e.kind, 'deleted');
      assert.deepEqual(e.error, { name: 'FirestoreError', message: 'deadline exceeded' });
    });
  });

  describe('the default output (stdout and stderr, written once per event-loop turn)', () => {
    // A child process with the built logger: what `websplat serve` writes to its own stdout.
    const run = (ending: string) =>
      spawnSync(
        process.execPath,
        [
          '-e',
          `const { jsonLineLogger } = require(${JSON.stringify(require.resolve('../../functions/lib/adapters/local/jsonLineLogger.js'))});
           const log = jsonLineLogger();
           for (let i = 0; i < 3; i++) log.info('line ' + i, { i });
           log.error('went wrong', { i: 3 });
           setImmediate(() => log.info('next turn', { i: 4 }));
           ${ending}`,
        ],
        { encoding: 'utf8' },
      );
    const messages = (text: string) =>
      text
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as Entry).message);

    it('writes every line, in order, INFO to stdout and the rest to stderr', () => {
      const out = run('');
      assert.equal(out.status, 0, out.stderr);
      assert.deepEqual(messages(out.stdout), ['line 0', 'line 1', 'line 2', 'next turn']);
      assert.deepEqual(messages(out.stderr), ['went wrong']);
    });

    it('still writes what is pending when the process exits before the next turn', () => {
      const out = run('process.exit(3);');
      assert.equal(out.status, 3, out.stderr);
      assert.deepEqual(messages(out.stdout), ['line 0', 'line 1', 'line 2']);
      assert.deepEqual(messages(out.stderr), ['went wrong']);
    });
  });
});
