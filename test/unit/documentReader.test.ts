/**
 * The SDK-less Firestore document reader: decoding REST values, the faults a
 * real Firestore (or its emulator) cannot be made to produce on demand (a 503,
 * a reset connection, a metadata server), and when it is used at all. Reading
 * real documents is tested against the emulator in
 * test/contract/documentReader.emulators.test.ts.
 */
import { strict as assert } from 'node:assert';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  decodeFields,
  metadataServerToken,
  RestDocumentReader,
  RestTimestamp,
} from '@functions/adapters/firebase/firestore/documentReader';
import { mapGoogleError } from '@functions/adapters/firebase/errors';
import { ApiError } from '@functions/domain/shared/errors';
import { metadataServerCredentialsHost } from '@functions/config';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** A loopback server answering with `handlers` in turn (the last one from then on). */
async function serve(...handlers: Handler[]): Promise<{ server: Server; host: string; seen: IncomingMessage[] }> {
  const seen: IncomingMessage[] = [];
  const server = createServer((req, res) => {
    seen.push(req);
    handlers[Math.min(seen.length, handlers.length) - 1]!(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, host: `127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}
const closeServer = (server: Server) =>
  new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });

const json =
  (status: number, body: unknown): Handler =>
  (_req, res) => {
    res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
  };
const DOC = { name: 'projects/p/databases/(default)/documents/workspaces/w1', fields: { name: { stringValue: 'A' } } };

describe('Firestore document reader (REST, no SDK)', () => {
  describe('decoding', () => {
    it('decodes every value type as the SDK data() does (timestamps keep their nanoseconds)', () => {
      const data = decodeFields({
        s: { stringValue: 'x' },
        i: { integerValue: '-42' },
        d: { doubleValue: 1.5 },
        nan: { doubleValue: 'NaN' },
        inf: { doubleValue: '-Infinity' },
        b: { booleanValue: false },
        n: { nullValue: null },
        t: { timestampValue: '2026-12-03T05:39:00.123456789Z' },
        bytes: { bytesValue: Buffer.from('hi').toString('base64') },
        m: { mapValue: { fields: { a: { arrayValue: { values: [{ integerValue: '1' }, { mapValue: {} }] } } } } },
        emptyArray: { arrayValue: {} },
        emptyMap: { mapValue: {} },
      });
      const { t, nan, bytes, ...rest } = data;
      assert.deepEqual(rest, {
        s: 'x',
        i: -42,
        d: 1.5,
        inf: -Infinity,
        b: false,
        n: null,
        m: { a: [1, {}] },
        emptyArray: [],
        emptyMap: {},
      });
      assert.ok(Number.isNaN(nan));
      assert.deepEqual(bytes, Buffer.from('hi'));
      assert.ok(t instanceof RestTimestamp);
      assert.deepEqual([t.seconds, t.nanoseconds, t.toMillis()], [1796276340, 123456789, 1796276340123]);
    });

    it('parses timestamps with no fraction, a short fraction, or an offset, and refuses anything else', () => {
      assert.equal(RestTimestamp.parse('1970-01-01T00:00:01Z').toMillis(), 1000);
      assert.equal(RestTimestamp.parse('1970-01-01T00:00:01.5Z').nanoseconds, 500_000_000);
      assert.equal(RestTimestamp.parse('1970-01-01T01:00:00+01:00').toMillis(), 0);
      // Before 1970 toMillis still rounds down, as the SDK's Timestamp does.
      assert.equal(RestTimestamp.parse('1969-12-31T23:59:59.9995Z').toMillis(), -1);
      for (const bad of ['yesterday', '1970-01-01', '1970-01-01T00:00:00.1234567890Z']) {
        assert.throws(() => RestTimestamp.parse(bad), /not a timestamp/);
      }
    });
  });

  describe('requests', () => {
    let server: Server | undefined;
    afterEach(async () => server && (await closeServer(server)));

    it('reads a document, sending the Authorization header, encoding each segment', async () => {
      const fake = await serve(json(200, DOC));
      server = fake.server;
      const reader = new RestDocumentReader({
        baseUrl: `http://${fake.host}`,
        project: 'p',
        authorization: async () => 'Bearer t1',
      });
      const snap = await reader.get('workspaces', 'a b');
      assert.equal(snap.id, 'a b');
      assert.deepEqual(snap.data(), { name: 'A' });
      assert.equal(fake.seen[0]!.url, '/v1/projects/p/databases/(default)/documents/workspaces/a%20b');
      assert.equal(fake.seen[0]!.headers.authorization, 'Bearer t1');
      reader.close();
    });

    it('answers a missing document with no data, and refuses a path that is not a document', async () => {
      const fake = await serve(json(404, { error: { code: 404, status: 'NOT_FOUND' } }));
      server = fake.server;
      const reader = new RestDocumentReader({
        baseUrl: `http://${fake.host}`,
        project: 'p',
        authorization: async () => 'x',
      });
      assert.equal((await reader.get('workspaces', 'gone')).data(), undefined);
      // An empty id would name the collection (a listing), not a document.
      for (const bad of [['workspaces', ''], ['workspaces'], ['workspaces', 'a/b'], ['workspaces', '..']]) {
        await assert.rejects(reader.get(...bad), /not a document path/);
      }
      assert.equal(fake.seen.length, 1);
      reader.close();
    });

    it('retries a 503 and a reset connection, then answers', async () => {
      const fake = await serve(json(503, { error: { code: 503 } }), (req) => req.socket.destroy(), json(200, DOC));
      server = fake.server;
      const reader = new RestDocumentReader({
        baseUrl: `http://${fake.host}`,
        project: 'p',
        authorization: async () => 'x',
        backoffMs: () => 1,
      });
      assert.deepEqual((await reader.get('workspaces', 'w1')).data(), { name: 'A' });
      assert.equal(fake.seen.length, 3);
      reader.close();
    });

    it('maps what it cannot retry to the codes the SDK would have had (429: over the rate, 503 at last: unavailable)', async () => {
      const fake = await serve(json(429, { error: { code: 429 } }));
      server = fake.server;
      const reader = new RestDocumentReader({
        baseUrl: `http://${fake.host}`,
        project: 'p',
        authorization: async () => 'x',
      });
      const overRate = await reader.get('workspaces', 'w1').catch((e: unknown) => mapGoogleError(e));
      assert.ok(overRate instanceof ApiError && overRate.code === 'resource_exhausted');
      assert.equal(fake.seen.length, 1, 'a 429 is left to the client (Retry-After)');
      reader.close();

      const down = await serve(json(503, {}));
      const closed = new RestDocumentReader({
        baseUrl: `http://${down.host}`,
        project: 'p',
        authorization: async () => 'x',
        backoffMs: () => 1,
      });
      const unavailable = await closed.get('workspaces', 'w1').catch((e: unknown) => mapGoogleError(e));
      assert.ok(unavailable instanceof ApiError && unavailable.code === 'unavailable');
      assert.equal(down.seen.length, 3);
      closed.close();
      await closeServer(down.server);
    });
  });

  describe('metadata server tokens', () => {
    let server: Server | undefined;
    afterEach(async () => server && (await closeServer(server)));

    it('asks the metadata server once, with Metadata-Flavor, and keeps the token until a minute before it expires', async () => {
      let issued = 0;
      const fake = await serve((req, res) => {
        issued += 1;
        json(200, { access_token: `tok${issued}`, expires_in: 3600, token_type: 'Bearer' })(req, res);
      });
      server = fake.server;
      let now = 1_000_000;
      const token = metadataServerToken(fake.host, () => now);
      assert.deepEqual(await Promise.all([token(), token(), token()]), ['Bearer tok1', 'Bearer tok1', 'Bearer tok1']);
      assert.equal(fake.seen.length, 1);
      assert.equal(fake.seen[0]!.url, '/computeMetadata/v1/instance/service-accounts/default/token');
      assert.equal(fake.seen[0]!.headers['metadata-flavor'], 'Google');
      now += 3540_000 - 1;
      assert.equal(await token(), 'Bearer tok1');
      now += 1;
      assert.equal(await token(), 'Bearer tok2');
    });

    it('fails a read as unavailable when the metadata server does not answer with a token', async () => {
      const fake = await serve(json(500, { error: 'no' }));
      server = fake.server;
      const reader = new RestDocumentReader({
        baseUrl: 'http://127.0.0.1:9',
        project: 'p',
        authorization: metadataServerToken(fake.host),
        backoffMs: () => 1,
      });
      const error = await reader.get('workspaces', 'w1').catch((e: unknown) => mapGoogleError(e));
      assert.ok(error instanceof ApiError && error.code === 'unavailable', String(error));
      reader.close();
    });

    it('is where tokens come from only in Cloud Functions / Cloud Run without a key file', () => {
      const saved = { ...process.env };
      try {
        delete process.env.K_SERVICE;
        delete process.env.GOOGLE_APPLICATION_CREDENTIALS;
        delete process.env.GCE_METADATA_HOST;
        assert.equal(metadataServerCredentialsHost(), undefined);
        process.env.K_SERVICE = 'api';
        assert.equal(metadataServerCredentialsHost(), 'metadata.google.internal');
        process.env.GCE_METADATA_HOST = '127.0.0.1:1';
        assert.equal(metadataServerCredentialsHost(), '127.0.0.1:1');
        process.env.GOOGLE_APPLICATION_CREDENTIALS = '/keys/sa.json';
        assert.equal(metadataServerCredentialsHost(), undefined);
      } finally {
        for (const name of ['K_SERVICE', 'GOOGLE_APPLICATION_CREDENTIALS', 'GCE_METADATA_HOST']) {
          if (saved[name] === undefined) delete process.env[name];
          else process.env[name] = saved[name];
        }
      }
    });
  });
});
