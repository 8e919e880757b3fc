/**
 * The cloud adapter's direct-upload URL, signed offline with a generated
 * service-account key (the emulators have no signing key, and signing needs
 * no network): V4, PUT, 15 minutes, bound to Content-Type and exact size.
 */
import { strict as assert } from 'node:assert';
import { generateKeyPairSync } from 'node:crypto';
import { Storage } from '../../functions/node_modules/@google-cloud/storage';
import { GcsBlobStore } from '@functions/adapters/firebase/gcsBlobStore';

describe('signed upload URLs (Cloud Storage adapter)', () => {
  it('signs a V4 PUT bound to content type and size', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const storage = new Storage({
      projectId: 'demo-websplat',
      credentials: {
        client_email: 'api@demo-websplat.iam.gserviceaccount.com',
        private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      },
    });
    const store = new GcsBlobStore(() => 'demo-bucket', storage.bucket('demo-bucket'));
    const expiresAt = Date.now() + 15 * 60_000;
    const target = await store.uploadUrl('workspaces/abc/files/big video.mp4', {
      contentType: 'video/mp4',
      size: 123456,
      expiresAt,
    });
    const url = new URL(target.url);
    assert.equal(target.method, 'PUT');
    assert.equal(url.protocol, 'https:');
    assert.equal(decodeURIComponent(url.pathname), '/demo-bucket/workspaces/abc/files/big video.mp4');
    assert.equal(url.searchParams.get('X-Goog-Algorithm'), 'GOOG4-RSA-SHA256');
    assert.ok(Math.abs(Number(url.searchParams.get('X-Goog-Expires')) - 900) <= 2);
    assert.deepEqual(url.searchParams.get('X-Goog-SignedHeaders')!.split(';').sort(), [
      'content-type',
      'host',
      'x-goog-content-length-range',
    ]);
    assert.match(url.searchParams.get('X-Goog-Credential')!, /^api@demo-websplat\.iam\.gserviceaccount\.com\//);
    assert.match(url.searchParams.get('X-Goog-Signature')!, /^[0-9a-f]{512}$/);
    assert.deepEqual(target.headers, { 'Content-Type': 'video/mp4', 'x-goog-content-length-range': '123456,123456' });
  });
});
