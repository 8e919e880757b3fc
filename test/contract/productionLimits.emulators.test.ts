/**
 * The emulator tier runs with the production-limits check on
 * (test/support/firestoreLimits.cjs, preloaded by scripts/emulators-exec.mjs):
 * in this process and in the Functions emulator's workers. A write the cloud
 * would refuse is refused here before it reaches the emulator.
 */
import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import { adminFirestore } from '@functions/adapters/firebase/app';
import { firestoreStores } from '@functions/adapters/firebase/firestore';
import { strictFirestoreLog } from '../support/emulatorHooks';
import { emulatorTarget } from '../support/targets';
import { HARD_JSON } from '../support/anyJson';

describe('production Firestore limits in the emulator tier', () => {
  before(() => {
    if (!process.env.FIRESTORE_EMULATOR_HOST) throw new Error('run under `npm run emulators:exec`');
    assert.ok(process.env.WEBSPLAT_STRICT_FIRESTORE_LOG, 'the check is on (scripts/emulators-exec.mjs)');
  });

  it('refuses, in this process, a write the emulator would store and production refuses', async () => {
    // `limitsCheck/`: the root hook knows these violations are made on purpose.
    const ref = adminFirestore().collection('limitsCheck').doc(randomBytes(6).toString('hex'));
    await assert.rejects(
      async () => ref.set({ palette: [[255, 0, 0]] }),
      /production Firestore limit: .*array directly inside/,
    );
    await assert.rejects(
      adminFirestore().runTransaction(async (t) => {
        t.set(ref, { deep: JSON.parse('{"a":'.repeat(21) + '1' + '}'.repeat(21)) });
      }),
      /deeper than 20/,
    );
    assert.equal((await ref.get()).exists, false, 'nothing reached the emulator');
    const logged = strictFirestoreLog().filter((e) => e.event === 'violation' && e.path === ref.path);
    assert.equal(logged.length, 2);
  });

  it('is armed in the Functions emulator workers that run the api function', async function () {
    this.timeout(60_000);
    const target = await emulatorTarget();
    const user = await target.newUser('armed');
    const res = await fetch(`${target.baseUrl}/v1/workspaces`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${user.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'armed' }),
    });
    assert.equal(res.status, 201, await res.text());
    const armed = strictFirestoreLog().filter((e) => e.event === 'armed');
    assert.ok(
      armed.some((e) => e.pid !== process.pid && /^functions:.*api/.test(e.role)),
      `no api worker armed the check: ${JSON.stringify(armed)}`,
    );
    assert.ok(armed.some((e) => e.pid === process.pid));
    await target.close();
  });

  it('lets the Firestore adapter store any JSON state and session data under the check', async () => {
    const stores = firestoreStores();
    const ws = `Limits${randomBytes(7).toString('hex')}`.slice(0, 20);
    await stores.transactions.run(async (tx) => {
      for (const [name, value] of Object.entries(HARD_JSON)) {
        tx.putRecord('state', ws, {
          key: name.replace(/\W/g, '-'),
          data: { valueJson: JSON.stringify(value) },
          version: 1,
          updatedAt: Date.now(),
          updatedBy: 'u',
          expiresAt: null,
        });
      }
    });
    const rows = await stores.collab.listRecords('state', ws, { limit: 100 });
    assert.equal(rows.length, Object.keys(HARD_JSON).length);
    const docs = await adminFirestore().collection('workspaces').doc(ws).collection('state').get();
    for (const doc of docs.docs) assert.equal(typeof doc.get('valueJson'), 'string', 'the JSON text in one field');
  });
});
