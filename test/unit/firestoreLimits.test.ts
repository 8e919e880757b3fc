/**
 * The emulator tier's production-limits check (test/support/firestoreLimits.cjs):
 * which documents it refuses, and that wrapped into the SDK it refuses a write
 * before anything is sent (no emulator here: the Firestore client never connects).
 */
import { strict as assert } from 'node:assert';
import { resolve } from 'node:path';

interface LimitsModule {
  violations(path: string, data: unknown, kind?: 'set' | 'create' | 'update', sdk?: unknown): string[];
  patch(sdk: unknown): () => void;
}
const limits = require('../support/firestoreLimits.cjs') as LimitsModule;
const sdkPath = require.resolve('@google-cloud/firestore', { paths: [resolve(__dirname, '../../functions')] });

const nest = (depth: number, leaf: unknown = 1, wrap = (v: unknown): unknown => ({ a: v })) => {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = wrap(value);
  return value;
};

describe('production Firestore limits check (emulator tier)', () => {
  const ok: [string, unknown][] = [
    ['plain fields', { key: 'k', version: 1, valueJson: '[[1,2],[3]]', expiresAt: null }],
    ['maps and arrays 20 deep', { v: nest(20) }],
    ['arrays of maps of arrays', { v: [{ a: [1, 2] }, { a: [] }] }],
    ['dotted and odd map keys', { metadata: { 'a.b': 'x', 'c-d': 'y', ' ': 'z' } }],
    ['a 256 KiB string in an exempt field', { valueJson: 'x'.repeat(256 * 1024) }],
  ];
  for (const [name, data] of ok) {
    it(`accepts ${name}`, () => {
      assert.deepEqual(limits.violations('workspaces/w1/state/kx', data), []);
    });
  }

  const bad: [string, unknown, RegExp][] = [
    ['an array directly in an array', { palette: [[255, 0, 0]] }, /array directly inside an array/],
    ['maps 21 deep', { v: nest(21) }, /deeper than 20/],
    ['arrays and maps 22 deep', { v: nest(11, 1, (v) => [{ a: v }]) }, /deeper than 20/],
    ['a reserved field name', { data: { __proto__x__: 1 } }, /reserved/],
    ['a reserved top-level field', JSON.parse('{"__proto__": 1}'), /reserved/],
    ['an empty field name', { m: { '': 1 } }, /empty field name/],
    ['an unpaired surrogate', { name: 'a\ud800b' }, /unpaired surrogate/],
    ['a document over 1 MiB', { a: 'x'.repeat(600_000), b: 'y'.repeat(600_000) }, /document size/],
    [
      'more than 40,000 index entries',
      { m: Object.fromEntries(Array.from({ length: 20_001 }, (_, i) => [`f${i}`, i])) },
      /index entries/,
    ],
  ];
  for (const [name, data, reason] of bad) {
    it(`refuses ${name}`, () => {
      const found = limits.violations('workspaces/w1/state/kx', data);
      assert.ok(
        found.some((f) => reason.test(f)),
        `${name}: ${found.join('; ') || 'nothing found'}`,
      );
    });
  }

  it('checks document ids and the field paths of an update', () => {
    assert.match(limits.violations('workspaces/__x__', { a: 1 }).join(), /reserved/);
    assert.deepEqual(limits.violations('workspaces/w1', { 'members.u1': 'editor' }, 'update'), []);
    assert.match(limits.violations('workspaces/w1', { 'members.__u__': 'editor' }, 'update').join(), /reserved/);
  });

  it('refuses the write inside the SDK, before it is sent, and lets good writes through', async () => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const sdk = require(sdkPath) as any;
    const unpatch = limits.patch(sdk);
    try {
      const db = new sdk.Firestore({ projectId: 'demo-limits-unit', host: '127.0.0.1:9', ssl: false });
      const ref = db.collection('limitsCheck').doc('d1');
      assert.throws(() => db.batch().set(ref, { a: [[1]] }), /production Firestore limit: limitsCheck\/d1/);
      assert.throws(() => db.batch().update(ref, { a: { b: [[1]] } }), /array directly inside an array/);
      assert.throws(() => db.batch().create(ref, { n: nest(21) }), /deeper than 20/);
      assert.throws(() => db.batch().update(ref, 'x', [[1]]), /array directly inside an array/);
      // The SDK's own paths (a transaction, a DocumentReference) reach WriteBatch too.
      await assert.rejects(async () => ref.set({ a: [[1]] }), /production Firestore limit/);
      db.batch().set(ref, { a: [1, { b: [2] }], t: sdk.Timestamp.now(), d: sdk.FieldValue.delete() }, { merge: true });
      await db.terminate();
    } finally {
      unpatch();
    }
  });
});
