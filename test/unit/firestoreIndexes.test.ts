/**
 * firestore.indexes.json as `firebase deploy` reads it: validated offline by
 * the pinned firebase-tools' own spec validator, and covering the queries the
 * code makes that need more than Firestore's automatic single-field indexes.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

interface IndexSpec {
  indexes: { collectionGroup: string; fields: { fieldPath: string }[] }[];
  fieldOverrides: { collectionGroup: string; fieldPath: string; ttl?: boolean; indexes?: unknown[] }[];
}

const spec = JSON.parse(readFileSync(resolve(__dirname, '../../firestore.indexes.json'), 'utf8')) as IndexSpec;
const { FirestoreApi } = require('firebase-tools/lib/firestore/api.js') as {
  FirestoreApi: new () => { validateSpec(spec: unknown): void };
};

describe('firestore.indexes.json', () => {
  it('passes the deploy-time validation of firebase-tools', () => {
    new FirestoreApi().validateSpec(spec);
    const broken = structuredClone(spec);
    broken.indexes[0]!.fields = [{ fieldPath: 5 as unknown as string }];
    assert.throws(() => new FirestoreApi().validateSpec(broken));
  });

  it('has the composite indexes the workspace listing and the purge verification query need', () => {
    const fields = (group: string) =>
      spec.indexes.filter((i) => i.collectionGroup === group).map((i) => i.fields.map((f) => f.fieldPath).join(','));
    assert.ok(fields('workspaces').includes('memberIds,status,createdAt,__name__'));
    assert.ok(fields('purgeRecords').includes('state,verifiedAt,__name__'));
  });

  it('lets Firestore expire idempotency records by themselves (TTL on expiresAt)', () => {
    assert.ok(
      spec.fieldOverrides.some((o) => o.collectionGroup === 'idempotencyKeys' && o.fieldPath === 'expiresAt' && o.ttl),
    );
  });

  it('exempts the JSON text of any-JSON values from indexing (no index entries for 256 KiB strings)', () => {
    const exempt = (group: string, field: string) =>
      spec.fieldOverrides.some(
        (o) =>
          o.collectionGroup === group && o.fieldPath === field && Array.isArray(o.indexes) && o.indexes.length === 0,
      );
    assert.ok(exempt('state', 'valueJson'), 'state.valueJson');
    assert.ok(exempt('sessions', 'dataJson'), 'sessions.dataJson');
    assert.ok(exempt('idempotencyKeys', 'responseBody'), 'idempotencyKeys.responseBody');
  });
});
