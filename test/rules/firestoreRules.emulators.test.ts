/**
 * firestore.rules against the Firestore emulator, through the client SDK as a
 * browser would use it: members read (for real-time listeners), nobody
 * writes, and server-only collections are never readable.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  assertFails,
  assertSucceeds,
  initializeTestEnvironment,
  type RulesTestEnvironment,
} from '@firebase/rules-unit-testing';
import {
  collection,
  deleteDoc,
  doc,
  getDoc,
  getDocs,
  limit,
  query,
  setDoc,
  updateDoc,
  where,
  type Firestore,
} from 'firebase/firestore';

const WS = 'RulesWorkspace000001';
const DELETED = 'RulesWorkspace000002';

describe('firestore.rules (Firestore emulator, client SDK)', function () {
  this.timeout(60_000);
  let env: RulesTestEnvironment;
  const as = (uid: string | null): Firestore =>
    (uid === null ? env.unauthenticatedContext() : env.authenticatedContext(uid)).firestore() as unknown as Firestore;

  before(async () => {
    const [host, port] = (process.env.FIRESTORE_EMULATOR_HOST ?? '').split(':');
    if (!host || !port) throw new Error('FIRESTORE_EMULATOR_HOST is unset: run under `npm run emulators:exec`.');
    env = await initializeTestEnvironment({
      projectId: 'demo-websplat',
      firestore: {
        host,
        port: Number(port),
        rules: readFileSync(join(__dirname, '..', '..', 'firestore.rules'), 'utf8'),
      },
    });
    await env.withSecurityRulesDisabled(async (ctx) => {
      const db = ctx.firestore();
      const members = { owner: 'owner', editor: 'editor', viewer: 'viewer' };
      await setDoc(doc(db, 'workspaces', WS), {
        name: 'w',
        status: 'active',
        members,
        memberIds: Object.keys(members),
      });
      await setDoc(doc(db, 'workspaces', DELETED), {
        name: 'd',
        status: 'deleted',
        members,
        memberIds: Object.keys(members),
      });
      await setDoc(doc(db, 'workspaces', WS, 'files', 'pindex'), { path: 'index.html', size: 1 });
      await setDoc(doc(db, 'workspaces', WS, 'agents', 'kplanner'), { status: 'running' });
      await setDoc(doc(db, 'workspaces', WS, 'state', 'kdesign'), { valueJson: '1' });
      await setDoc(doc(db, 'workspaces', WS, 'checkpoints', 'k001'), { id: 'k001', label: 'v1', fileCount: 1 });
      await setDoc(doc(db, 'workspaces', DELETED, 'files', 'pindex'), { path: 'index.html' });
      await setDoc(doc(db, 'workspaces', WS, 'links', 'l1'), { scope: 'preview', createdBy: 'owner' });
      await setDoc(doc(db, 'sessions', 'uowner'), { ownerId: 'owner', dataJson: '{}' });
      await setDoc(doc(db, 'idempotencyKeys', 'k1'), { uid: 'owner' });
      await setDoc(doc(db, 'purgeRecords', DELETED), { ownerId: 'owner', requestedBy: 'owner' });
      await setDoc(doc(db, 'usage', `2026-11-01_${WS}`), { workspaceId: WS, operations: { 'files.put': 1 } });
    });
  });
  after(async () => env?.cleanup());

  const members = ['owner', 'editor', 'viewer'];
  const outsiders: (string | null)[] = ['stranger', null];
  const label = (uid: string | null) => uid ?? 'unauthenticated';

  describe('workspace documents', () => {
    for (const uid of members) {
      it(`${uid} can get the workspace`, () => assertSucceeds(getDoc(doc(as(uid), 'workspaces', WS))));
      it(`${uid} can list their workspaces with a membership query`, () =>
        assertSucceeds(
          getDocs(
            query(
              collection(as(uid), 'workspaces'),
              where('memberIds', 'array-contains', uid),
              where('status', '==', 'active'),
            ),
          ),
        ));
      it(`${uid} cannot get a deleted workspace`, () => assertFails(getDoc(doc(as(uid), 'workspaces', DELETED))));
      it(`${uid} cannot update the workspace`, () =>
        assertFails(updateDoc(doc(as(uid), 'workspaces', WS), { name: 'x' })));
      it(`${uid} cannot delete the workspace`, () => assertFails(deleteDoc(doc(as(uid), 'workspaces', WS))));
      it(`${uid} cannot create a workspace`, () =>
        assertFails(
          setDoc(doc(as(uid), 'workspaces', 'NewWorkspace00000001'), {
            name: 'n',
            members: { [uid]: 'owner' },
            memberIds: [uid],
            status: 'active',
          }),
        ));
    }
    for (const uid of outsiders) {
      it(`${label(uid)} cannot get the workspace`, () => assertFails(getDoc(doc(as(uid), 'workspaces', WS))));
      it(`${label(uid)} cannot list all workspaces`, () =>
        assertFails(getDocs(query(collection(as(uid), 'workspaces'), limit(10)))));
      it(`${label(uid)} cannot create a workspace`, () =>
        assertFails(setDoc(doc(as(uid), 'workspaces', 'NewWorkspace00000002'), { name: 'n', status: 'active' })));
    }
    it('a member cannot list without the membership filter (rules are not filters)', () =>
      assertFails(getDocs(query(collection(as('viewer'), 'workspaces'), limit(10)))));
    it('a stranger cannot query for someone else’s memberships', () =>
      assertFails(
        getDocs(query(collection(as('stranger'), 'workspaces'), where('memberIds', 'array-contains', 'owner'))),
      ));
  });

  describe('files, agents, state and checkpoints under a workspace', () => {
    for (const sub of ['files', 'agents', 'state', 'checkpoints']) {
      const id = { files: 'pindex', agents: 'kplanner', state: 'kdesign', checkpoints: 'k001' }[sub]!;
      for (const uid of members) {
        it(`${uid} can read ${sub}`, () => assertSucceeds(getDoc(doc(as(uid), 'workspaces', WS, sub, id))));
        it(`${uid} can list ${sub}`, () => assertSucceeds(getDocs(collection(as(uid), 'workspaces', WS, sub))));
        it(`${uid} cannot write ${sub}`, () => assertFails(setDoc(doc(as(uid), 'workspaces', WS, sub, id), { x: 1 })));
        it(`${uid} cannot delete ${sub}`, () => assertFails(deleteDoc(doc(as(uid), 'workspaces', WS, sub, id))));
      }
      for (const uid of outsiders) {
        it(`${label(uid)} cannot read ${sub}`, () => assertFails(getDoc(doc(as(uid), 'workspaces', WS, sub, id))));
        it(`${label(uid)} cannot list ${sub}`, () => assertFails(getDocs(collection(as(uid), 'workspaces', WS, sub))));
      }
    }
    it('members cannot read the files of a deleted workspace', () =>
      assertFails(getDoc(doc(as('owner'), 'workspaces', DELETED, 'files', 'pindex'))));
  });

  describe('server-only collections', () => {
    for (const uid of [...members, ...outsiders]) {
      it(`${label(uid)} cannot read sessions, even their own`, () =>
        assertFails(getDoc(doc(as(uid), 'sessions', 'uowner'))));
      it(`${label(uid)} cannot query sessions`, () =>
        assertFails(getDocs(query(collection(as(uid), 'sessions'), where('ownerId', '==', uid ?? 'x')))));
      it(`${label(uid)} cannot read idempotency records`, () =>
        assertFails(getDoc(doc(as(uid), 'idempotencyKeys', 'k1'))));
      it(`${label(uid)} cannot write sessions`, () =>
        assertFails(setDoc(doc(as(uid), 'sessions', 'x'), { ownerId: uid })));
      it(`${label(uid)} cannot read purge records (operators read them with server credentials)`, () =>
        assertFails(getDoc(doc(as(uid), 'purgeRecords', DELETED))));
      it(`${label(uid)} cannot read, list or write links (the owner neither: links go through the api)`, async () => {
        await assertFails(getDoc(doc(as(uid), 'workspaces', WS, 'links', 'l1')));
        await assertFails(getDocs(collection(as(uid), 'workspaces', WS, 'links')));
        await assertFails(setDoc(doc(as(uid), 'workspaces', WS, 'links', 'l2'), { scope: 'read' }));
      });
      it(`${label(uid)} cannot read or write usage counters`, async () => {
        await assertFails(getDoc(doc(as(uid), 'usage', `2026-11-01_${WS}`)));
        await assertFails(setDoc(doc(as(uid), 'usage', `2026-11-01_${WS}`), { operations: {} }));
      });
    }
  });
});
