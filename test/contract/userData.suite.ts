/** Expiry of sessions and cache entries, with a controlled clock, over real stores. */
import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { ApiError } from '@functions/domain/shared/errors';
import { UserDataService } from '@functions/domain/userData/userData';
import type { BlobStore } from '@functions/ports/blobs';
import type { MetadataPorts } from '@functions/ports';
import { HARD_JSON } from '../support/anyJson';

const notFound = (e: unknown) => e instanceof ApiError && e.code === 'not_found';

export function userDataContract(stores: () => { metadata: MetadataPorts; blobs: BlobStore }): void {
  let clock: number;
  let service: UserDataService;
  let user: { uid: string };
  beforeEach(() => {
    clock = Date.UTC(2026, 10, 1);
    const { metadata, blobs } = stores();
    service = new UserDataService(metadata, blobs, () => clock);
    user = { uid: `u-${randomBytes(4).toString('hex')}` };
  });

  it('reads a session until it expires, then not at all', async () => {
    await service.putSession(user, 's1', { data: { a: 1 }, ttlSeconds: 120 });
    clock += 119_000;
    assert.deepEqual((await service.getSession(user, 's1')).data, { a: 1 });
    clock += 1_000;
    await assert.rejects(service.getSession(user, 's1'), notFound);
    await assert.rejects(service.deleteSession(user, 's1'), notFound);
    // Writing it again starts a new session (a new createdAt).
    const again = await service.putSession(user, 's1', { data: 2 });
    assert.equal(again.created, true);
    assert.equal(again.session.createdAt, new Date(clock).toISOString());
  });

  it('keeps any JSON session data, also what a document could not hold natively', async () => {
    for (const [name, data] of Object.entries(HARD_JSON)) {
      const id = name.replace(/\W/g, '-');
      await service.putSession(user, id, { data });
      assert.equal(JSON.stringify((await service.getSession(user, id)).data), JSON.stringify(data), name);
    }
  });

  it('serves a cache entry until its TTL, then 404', async () => {
    const put = await service.putCache(user, 'k1', Readable.from([Buffer.from('cached')]), {
      contentType: 'text/plain',
      ttlSeconds: 60,
    });
    assert.equal(put.created, true);
    assert.equal(put.entry.expiresAt, new Date(clock + 60_000).toISOString());
    clock += 59_000;
    const read = await service.readCache(user, 'k1');
    assert.equal((await buffer(read.body)).toString(), 'cached');
    clock += 1_000;
    await assert.rejects(service.readCache(user, 'k1'), notFound);
    await assert.rejects(service.deleteCache(user, 'k1'), notFound);
    const fresh = await service.putCache(user, 'k1', Readable.from([Buffer.from('new')]), {
      contentType: 'text/plain',
      ttlSeconds: 60,
    });
    assert.equal(fresh.created, true, 'an expired entry counts as absent');
    await assert.rejects(service.readCache({ uid: `${user.uid}-other` }, 'k1'), notFound);
  });
}
