/**
 * What `firebase deploy` will read from the built functions: the endpoints
 * and their options, and that loading the module (a cold start) pulls in no
 * Firestore, Cloud Storage or SQLite client.
 */
import { strict as assert } from 'node:assert';
import { execFileSync, spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const LIB = resolve(__dirname, '../../functions/lib/index.js');

function load(extraEnv: Record<string, string> = {}): {
  endpoints: Record<string, Record<string, unknown>>;
  heavy: string[];
} {
  const script = `
    const m = require(${JSON.stringify(LIB)});
    const endpoints = Object.fromEntries(Object.entries(m).map(([k, v]) => [k, v.__endpoint]));
    const heavy = Object.keys(require.cache).filter((f) => /@google-cloud[\\\\/](firestore|storage)|better-sqlite3|grpc-js/.test(f));
    process.stdout.write(JSON.stringify({ endpoints, heavy }));`;
  const env = {
    ...process.env,
    FIREBASE_CONFIG: JSON.stringify({ projectId: 'demo-websplat', storageBucket: 'demo-websplat.appspot.com' }),
    ...extraEnv,
  };
  return JSON.parse(execFileSync(process.execPath, ['-e', script], { env, encoding: 'utf8' }));
}

describe('deploy manifest of the built functions', () => {
  const { endpoints, heavy } = load();

  it('deploys exactly api, the two Storage triggers and the scheduled purge', () => {
    assert.deepEqual(Object.keys(endpoints).sort(), ['api', 'onFileDeleted', 'onFileFinalized', 'purge']);
  });

  it('purge: scheduled hourly by default, one instance at a time, a timeout above its work budget', () => {
    const purge = endpoints.purge!;
    const schedule = purge.scheduleTrigger as { schedule: string; retryConfig?: { retryCount?: number } };
    assert.equal(schedule.schedule, 'every 60 minutes');
    assert.equal(schedule.retryConfig?.retryCount, 0);
    assert.deepEqual(purge.region, ['us-central1']);
    assert.equal(purge.timeoutSeconds, 540);
    assert.equal(purge.maxInstances, 1);
    assert.equal(purge.availableMemoryMb, 512);
  });

  it('purge: the schedule is taken from WEBSPLAT_PURGE_SCHEDULE when the functions are loaded for deploy', () => {
    const custom = load({ WEBSPLAT_PURGE_SCHEDULE: 'every 6 hours' });
    assert.equal((custom.endpoints.purge!.scheduleTrigger as { schedule: string }).schedule, 'every 6 hours');
  });

  it('api: public HTTPS (auth is in the handler), v2, with its secret and a timeout above the SSE limit', () => {
    const api = endpoints.api!;
    assert.deepEqual(api.httpsTrigger, { invoker: ['public'] });
    assert.equal(api.platform, 'gcfv2');
    assert.deepEqual(api.region, ['us-central1']);
    assert.deepEqual(api.secretEnvironmentVariables, [
      { key: 'WEBSPLAT_PAGE_TOKEN_KEY' },
      { key: 'WEBSPLAT_LINK_SIGNING_KEY' },
    ]);
    assert.equal(api.timeoutSeconds, 540);
    assert.equal(api.concurrency, 80);
    // Warm instances and the ceiling are params, so each project sets its own cost / cold-start trade-off.
    assert.equal(api.minInstances, 'params.WEBSPLAT_API_MIN_INSTANCES');
    assert.equal(api.maxInstances, 'params.WEBSPLAT_API_MAX_INSTANCES');
  });

  it('triggers: finalized / deleted on the default bucket, retried', () => {
    for (const [name, type] of [
      ['onFileFinalized', 'google.cloud.storage.object.v1.finalized'],
      ['onFileDeleted', 'google.cloud.storage.object.v1.deleted'],
    ] as const) {
      const trigger = endpoints[name]!.eventTrigger as {
        eventType: string;
        retry: boolean;
        eventFilters: { bucket: string };
      };
      assert.equal(trigger.eventType, type);
      assert.equal(trigger.retry, true);
      assert.equal(trigger.eventFilters.bucket, 'demo-websplat.appspot.com');
      assert.deepEqual(endpoints[name]!.region, ['us-central1']);
    }
  });

  it('loads no storage client at import time (cold start)', () => {
    assert.deepEqual(heavy, []);
  });

  it('loads only the api function, without zod or the route table, when functions-framework asks for api', () => {
    const script = `
      const m = require(${JSON.stringify(LIB)});
      void m.api;
      process.stdout.write(JSON.stringify(Object.keys(require.cache).filter((f) =>
        /[\\/]zod[\\/]|v2[\\/]providers[\\/](storage|scheduler)|http[\\/](pipeline\\.js|routes[\\/])|lib[\\/]schemas[\\/]/.test(f))));`;
    const env = { ...process.env, FIREBASE_CONFIG: JSON.stringify({ projectId: 'demo-websplat' }) };
    assert.deepEqual(JSON.parse(execFileSync(process.execPath, ['-e', script], { env, encoding: 'utf8' })), []);
  });

  it('answers a cold health check without loading the Firestore, Storage or token adapters, or the domain', () => {
    const script = `
      const api = require(${JSON.stringify(LIB)}).api;
      const res = { statusCode: 0, setHeader() {}, end() {
        const loaded = Object.keys(require.cache).filter((f) =>
          /lib[\\/](adapters[\\/]firebase[\\/](firestore|gcsBlobStore|firebaseTokenVerifier)|runtime[\\/]services|domain[\\/](workspaces|files|history))/.test(f));
        process.stderr.write(JSON.stringify({ status: this.statusCode, loaded }));
      } };
      api({ method: 'GET', url: '/v1/healthz', headers: {} }, res);`;
    const env = { ...process.env, FIREBASE_CONFIG: JSON.stringify({ projectId: 'demo-websplat' }) };
    // The answer goes to stderr: the function's own log line is on stdout.
    const out = spawnSync(process.execPath, ['-e', script], { env, encoding: 'utf8' });
    assert.deepEqual(JSON.parse(out.stderr), { status: 200, loaded: [] });
  });
});
