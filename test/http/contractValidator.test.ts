/**
 * The validating proxy of the contract tier catches what breaks the document:
 * a fake upstream serves the real generated document and, on purpose, answers
 * that break it.
 */
import { strict as assert } from 'node:assert';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildOpenApi } from '@functions/http/openapi';
import { routeTable } from '@functions/http/pipeline';
import { localUploadRoute } from '@functions/http/routes/uploads';
import { ContractValidator, validatingProxy, type ValidatingProxy } from '../support/openapiValidator';
import { rawRequest } from '../support/http';

const WS = 'A'.repeat(20);
const document = () =>
  buildOpenApi(routeTable('local', () => undefined, [localUploadRoute(undefined as never)])) as never;

const file = (path: string) => ({
  path,
  size: 2,
  contentType: 'text/plain',
  md5: 'AAAA',
  generation: '1',
  updatedAt: '2026-12-01T00:00:00.000Z',
  etag: 'e1',
});

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'X-Request-Id': 'r1', ...headers });
  res.end(JSON.stringify(body));
}

describe('contract tier: the validating proxy', () => {
  let upstream: Server;
  let proxy: ValidatingProxy;
  let answer: Handler;

  before(async () => {
    const doc = document();
    upstream = createServer((req, res) => {
      req.resume();
      req.on('end', () => (req.url === '/v1/openapi.json' ? json(res, 200, doc) : answer(req, res)));
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    proxy = await validatingProxy(`http://127.0.0.1:${(upstream.address() as AddressInfo).port}`);
  });
  after(async () => {
    await proxy.close();
    await new Promise<void>((resolve) => upstream.close(() => resolve()));
  });
  beforeEach(() => {
    proxy.violations.length = 0;
  });

  const send = (method: string, path: string, options: Parameters<typeof rawRequest>[3] = {}) =>
    rawRequest(proxy.baseUrl, method, path, options);
  const problems = () => proxy.violations.flatMap((v) => v.problems);

  it('passes an exchange that is what the document says', async () => {
    answer = (_req, res) => json(res, 200, { status: 'ok', backend: 'local' });
    await send('GET', '/v1/healthz');
    assert.deepEqual(proxy.violations, []);
  });

  it('catches a response body that breaks its schema', async () => {
    answer = (_req, res) => json(res, 200, { status: 'ok', backend: 'mars' });
    await send('GET', '/v1/healthz');
    assert.equal(proxy.violations.length, 1);
    assert.match(problems()[0]!, /^healthz: response body: \/backend must be equal to one of the allowed values/);
  });

  it('catches an undocumented route, even when it answers', async () => {
    answer = (_req, res) => json(res, 200, { secret: true });
    await send('GET', '/v1/secret-admin');
    assert.match(problems()[0]!, /^undocumented route: GET \/v1\/secret-admin/);
    proxy.violations.length = 0;
    // A method the path does not document is an undocumented route too.
    await send('POST', '/v1/healthz');
    assert.match(problems()[0]!, /^undocumented route: POST \/v1\/healthz/);
  });

  it("accepts the contract's not_found answer to a path that is not an endpoint", async () => {
    answer = (_req, res) => json(res, 404, { error: { code: 'not_found', message: 'No such endpoint.', details: [] } });
    await send('GET', '/v1/nothing-here');
    assert.deepEqual(proxy.violations, []);
    // ...but not a not_found answer that breaks the error schema.
    answer = (_req, res) => json(res, 404, { error: { code: 'not_found' } });
    await send('GET', '/v1/nothing-here');
    assert.match(problems()[0]!, /Error schema/);
  });

  it('catches an undocumented status, a missing required header and an undocumented media type', async () => {
    answer = (_req, res) => json(res, 418, { error: { code: 'teapot', message: 'no', details: [] } });
    await send('GET', '/v1/healthz');
    assert.match(problems()[0]!, /status 418 is not documented/);

    proxy.violations.length = 0;
    answer = (_req, res) => json(res, 200, file('a.txt')); // no ETag
    await send('GET', `/v1/workspaces/${WS}/files/a.txt?alt=json`, { token: 't' });
    assert.ok(
      problems().some((p) => /required response header ETag is missing/.test(p)),
      problems().join('\n'),
    );

    proxy.violations.length = 0;
    answer = (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html', 'X-Request-Id': 'r1' });
      res.end('<p>not json</p>');
    };
    await send('GET', '/v1/healthz');
    assert.match(problems()[0]!, /Content-Type text\/html is not documented/);
  });

  it('catches an ETag that is not a quoted etag', async () => {
    answer = (_req, res) => json(res, 200, file('a.txt'), { ETag: 'e1' });
    await send('GET', `/v1/workspaces/${WS}/files/a.txt?alt=json`, { token: 't' });
    assert.ok(
      problems().some((p) => /response headers: .*etag/i.test(p)),
      problems().join('\n'),
    );
  });

  it('catches a server that accepts a request the document refuses', async () => {
    answer = (_req, res) => json(res, 201, {}, { ETag: '"e"', Location: '/v1/workspaces/x' });
    await send('POST', '/v1/workspaces', {
      token: 't',
      body: JSON.stringify({ name: 'x', unexpected: 1 }),
      headers: { 'Content-Type': 'application/json' },
    });
    assert.ok(
      problems().some((p) => /the document refuses this request, but the server answered 201/.test(p)),
      problems().join('\n'),
    );
    // The same refused request answered with a documented 400 is right.
    proxy.violations.length = 0;
    answer = (_req, res) => json(res, 400, { error: { code: 'invalid_argument', message: 'no', details: [] } });
    await send('POST', '/v1/workspaces', {
      token: 't',
      body: JSON.stringify({ name: 'x', unexpected: 1 }),
      headers: { 'Content-Type': 'application/json' },
    });
    assert.deepEqual(proxy.violations, []);
  });

  it('matches a {path} with / raw or as %2F to the file operation', async () => {
    answer = (_req, res) => json(res, 200, file('a/b/c.txt'), { ETag: '"e1"' });
    for (const path of ['a/b/c.txt', 'a%2Fb%2Fc.txt', 'a/b%2Fc.txt']) {
      await send('GET', `/v1/workspaces/${WS}/files/${path}?alt=json`, { token: 't' });
    }
    assert.deepEqual(proxy.violations, []);
  });
});

describe('contract tier: canonical request paths', () => {
  let validator: ContractValidator;
  before(async () => {
    validator = await ContractValidator.create(document());
  });

  it('sends / inside a {path} parameter as %2F and leaves other routes alone', () => {
    assert.equal(validator.canonicalPath(`/v1/workspaces/${WS}/files/a/b.txt`), `/v1/workspaces/${WS}/files/a%2Fb.txt`);
    assert.equal(validator.canonicalPath(`/v1/workspaces/${WS}/preview/site/`), `/v1/workspaces/${WS}/preview/site%2F`);
    assert.equal(validator.canonicalPath(`/v1/workspaces/${WS}/preview/`), `/v1/workspaces/${WS}/preview/`);
    assert.equal(validator.canonicalPath(`/v1/workspaces/${WS}/files`), `/v1/workspaces/${WS}/files`);
    assert.equal(validator.canonicalPath('/v1/cache/a%3Ab'), '/v1/cache/a:b');
  });

  it('keeps an API root in front (the api function on the emulators)', async () => {
    const rooted = await ContractValidator.create(document(), '/demo/us-central1/api');
    assert.equal(
      rooted.canonicalPath(`/demo/us-central1/api/v1/workspaces/${WS}/files/a/b`),
      `/demo/us-central1/api/v1/workspaces/${WS}/files/a%2Fb`,
    );
  });
});
