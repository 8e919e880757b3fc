/**
 * Links over real stores (SQLite, Firestore emulator): the link port and the
 * link service, with a controlled clock. Every adapter must pass it unchanged.
 */
import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import { LinkService, type CheckpointLookup } from '@functions/domain/links/links';
import { LinkTokens } from '@functions/domain/links/tokens';
import { ApiError } from '@functions/domain/shared/errors';
import { PageTokens } from '@functions/domain/shared/pageTokens';
import { AccessClock } from '@functions/domain/workspaces/accessClock';
import { WorkspaceService } from '@functions/domain/workspaces/workspaces';
import type { MetadataPorts } from '@functions/ports';
import type { Principal } from '@functions/ports/auth';

const principal = (label: string): Principal => ({ uid: `${label}-${randomBytes(4).toString('hex')}` });

async function rejectsWith(promise: Promise<unknown>, code: string): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof ApiError, String(error));
    assert.equal(error.code, code);
    return true;
  });
}

/** Resolves when `check` holds, polling briefly (watches report asynchronously). */
async function eventually(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export function linksContract(getStores: () => MetadataPorts): void {
  const key = randomBytes(32);
  let clock: number;
  let links: LinkService;
  let workspaces: WorkspaceService;
  let alice: Principal;
  let workspaceId: string;
  const make = (options: { checkpoints?: CheckpointLookup; key?: Buffer } = {}) => {
    const stores = getStores();
    const pageTokens = new PageTokens(() => Buffer.from('contract-test-key'));
    const access = new AccessClock(stores, 5 * 60_000, () => clock);
    return new LinkService({
      stores,
      key: () => options.key ?? key,
      pageTokens,
      access,
      now: () => clock,
      ...(options.checkpoints && { checkpoints: options.checkpoints }),
    });
  };

  beforeEach(async () => {
    clock = Date.now();
    const stores = getStores();
    workspaces = new WorkspaceService({
      stores,
      pageTokens: new PageTokens(() => Buffer.from('contract-test-key')),
      now: () => clock,
      accessTouchIntervalMs: 5 * 60_000,
    });
    links = make();
    alice = principal('alice');
    workspaceId = (await workspaces.create(alice, { name: 'linked' })).workspace.id;
  });

  it('makes a link whose token stands for its scope on its workspace, until it expires', async () => {
    const { issued, replayed } = await links.create(alice, workspaceId, {
      scope: 'preview',
      expiresIn: 120,
      label: 'for Bob',
    });
    assert.equal(replayed, false);
    assert.match(issued.link.id, /^[A-Za-z0-9]{20}$/);
    assert.deepEqual(
      { ...issued.link, id: '' },
      {
        id: '',
        workspaceId,
        scope: 'preview',
        checkpointId: null,
        label: 'for Bob',
        createdAt: clock,
        expiresAt: clock + 120_000,
        createdBy: alice.uid,
      },
    );
    assert.deepEqual(await getStores().links.getLink(workspaceId, issued.link.id), issued.link);
    assert.doesNotMatch(issued.token, /[^A-Za-z0-9._-]/, 'the token is safe in a URL path');
    const caller = await links.principal(issued.token);
    assert.deepEqual(caller.link, {
      id: issued.link.id,
      workspaceId,
      scope: 'preview',
      checkpointId: null,
      expiresAt: clock + 120_000,
    });
    clock += 119_999;
    await links.principal(issued.token);
    clock += 1;
    await rejectsWith(links.principal(issued.token), 'not_found');
    assert.deepEqual((await links.list(alice, workspaceId, { limit: 10 })).items, [], 'expired links are not listed');
  });

  it('refuses forged tokens, tokens of another key and tokens whose claims differ from the stored link', async () => {
    const { issued } = await links.create(alice, workspaceId, { scope: 'read', expiresIn: 600 });
    const [payload, signature] = issued.token.slice('wsl.'.length).split('.') as [string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    const tampered = Buffer.from(JSON.stringify({ ...claims, s: 'events' })).toString('base64url');
    for (const token of [
      `wsl.${tampered}.${signature}`,
      `wsl.${payload}.${signature.slice(0, -2)}AA`,
      `wsl.${payload}`,
      'wsl.',
      new LinkTokens(() => randomBytes(32)).mint(issued.link),
    ]) {
      await rejectsWith(links.principal(token), 'not_found');
    }
    // Correctly signed (the key leaked, say) but naming another scope or expiry than the stored link.
    const signer = new LinkTokens(() => key);
    await rejectsWith(links.principal(signer.mint({ ...issued.link, scope: 'events' })), 'not_found');
    await rejectsWith(links.principal(signer.mint({ ...issued.link, expiresAt: clock + 9e9 })), 'not_found');
    await rejectsWith(links.principal(signer.mint({ ...issued.link, id: 'AAAAAAAAAAAAAAAAAAAA' })), 'not_found');
    await links.principal(issued.token);
  });

  it('revokes at once: the token is refused, the listing drops it and a watch hears of it', async () => {
    const { issued } = await links.create(alice, workspaceId, { scope: 'events', expiresIn: 600 });
    const caller = await links.principal(issued.token);
    let gone = 0;
    const stop = await links.watch(
      caller.link!,
      () => gone++,
      (error) => assert.fail(String(error)),
    );
    await links.revoke(alice, workspaceId, issued.link.id);
    await rejectsWith(links.principal(issued.token), 'not_found');
    await eventually(() => gone === 1, 'the watch to report the revocation');
    stop();
    await rejectsWith(links.revoke(alice, workspaceId, issued.link.id), 'not_found');
    assert.deepEqual((await links.list(alice, workspaceId, { limit: 10 })).items, []);
  });

  it('reports a link already gone when the watch starts', async () => {
    const { issued } = await links.create(alice, workspaceId, { scope: 'events', expiresIn: 600 });
    const grant = (await links.principal(issued.token)).link!;
    await getStores().links.deleteLink(workspaceId, issued.link.id);
    let gone = 0;
    const stop = await links.watch(
      grant,
      () => gone++,
      (error) => assert.fail(String(error)),
    );
    await eventually(() => gone === 1, 'the watch to report the missing link');
    stop();
  });

  it('lists live links newest first, a page at a time', async () => {
    const made: string[] = [];
    for (let i = 0; i < 5; i++) {
      clock += 1000;
      made.push((await links.create(alice, workspaceId, { scope: 'read', expiresIn: 60 + i * 10 })).issued.link.id);
    }
    // The oldest (60 s) has expired by now; the rest are listed newest first.
    clock += 57_000;
    const first = await links.list(alice, workspaceId, { limit: 2 });
    assert.deepEqual(
      first.items.map((i) => i.link.id),
      [made[4], made[3]],
    );
    assert.ok(first.nextPageToken);
    const second = await links.list(alice, workspaceId, { limit: 2, pageToken: first.nextPageToken! });
    assert.deepEqual(
      second.items.map((i) => i.link.id),
      [made[2], made[1]],
    );
    assert.equal(second.nextPageToken, undefined);
    // The token issued for a page is the link's own, so the listing's URLs work.
    assert.equal((await links.principal(second.items[0]!.token)).link?.id, made[2]);
    await rejectsWith(links.list(principal('mallory'), workspaceId, { limit: 2 }), 'not_found');
    await rejectsWith(
      links.list(alice, workspaceId, { limit: 2, pageToken: `${first.nextPageToken!}x` }),
      'invalid_argument',
    );
  });

  it('lets editors make and revoke links, viewers and strangers not, and never a link itself', async () => {
    const bob = principal('bob');
    const vic = principal('vic');
    await workspaces.putMember(alice, workspaceId, bob.uid, 'editor');
    await workspaces.putMember(alice, workspaceId, vic.uid, 'viewer');
    const { issued } = await links.create(bob, workspaceId, { scope: 'preview', expiresIn: 60 });
    assert.equal(issued.link.createdBy, bob.uid);
    await rejectsWith(links.create(vic, workspaceId, { scope: 'preview', expiresIn: 60 }), 'permission_denied');
    await rejectsWith(links.list(vic, workspaceId, { limit: 10 }), 'permission_denied');
    await rejectsWith(links.revoke(vic, workspaceId, issued.link.id), 'permission_denied');
    await rejectsWith(links.create(principal('eve'), workspaceId, { scope: 'preview', expiresIn: 60 }), 'not_found');
    const asLink = await links.principal(issued.token);
    await rejectsWith(links.create(asLink, workspaceId, { scope: 'read', expiresIn: 60 }), 'not_found');
    await rejectsWith(links.list(asLink, workspaceId, { limit: 10 }), 'not_found');
    // Any member may preview, so any member gets a preview link for a preview opened with a user token.
    const forVic = await links.previewFor(vic, workspaceId, 3600);
    assert.equal(forVic.link.scope, 'preview');
    assert.equal((await links.principal(forVic.token)).link?.workspaceId, workspaceId);
    await rejectsWith(links.previewFor(principal('eve'), workspaceId, 3600), 'not_found');
    await links.revoke(bob, workspaceId, issued.link.id);
  });

  it('replays a create with the same Idempotency-Key and refuses the key with another body', async () => {
    const body = { scope: 'read' as const, expiresIn: 300, label: 'download' };
    const first = await links.create(alice, workspaceId, body, 'key-1');
    clock += 5000;
    const again = await links.create(alice, workspaceId, body, 'key-1');
    assert.equal(again.replayed, true);
    assert.deepEqual(again.issued, first.issued);
    await rejectsWith(links.create(alice, workspaceId, { ...body, label: 'other' }, 'key-1'), 'already_exists');
    assert.equal((await links.list(alice, workspaceId, { limit: 10 })).items.length, 1);
  });

  it('links a checkpoint only when it exists, and never for events', async () => {
    await rejectsWith(
      links.create(alice, workspaceId, { scope: 'preview', checkpointId: 'cp1', expiresIn: 60 }),
      'not_found',
    );
    await rejectsWith(
      links.create(alice, workspaceId, { scope: 'events', checkpointId: 'cp1', expiresIn: 60 }),
      'invalid_argument',
    );
    const withHistory = make({ checkpoints: { exists: async (ws, cp) => ws === workspaceId && cp === 'cp1' } });
    const { issued } = await withHistory.create(alice, workspaceId, {
      scope: 'read',
      checkpointId: 'cp1',
      expiresIn: 60,
    });
    assert.equal((await withHistory.principal(issued.token)).link?.checkpointId, 'cp1');
    await rejectsWith(
      withHistory.create(principal('eve'), workspaceId, { scope: 'read', checkpointId: 'cp1', expiresIn: 60 }),
      'not_found',
    );
  });

  it('dies with its workspace: a deleted workspace is refused, the purge removes its links', async () => {
    const { issued } = await links.create(alice, workspaceId, { scope: 'preview', expiresIn: 600 });
    const stores = getStores();
    const caller = await links.principal(issued.token);
    await workspaces.delete(alice, workspaceId);
    await rejectsWith(new AccessClock(stores, 60_000, () => clock).open(caller, workspaceId, 'read'), 'not_found');
    assert.equal(await stores.transactions.run((tx) => tx.hasWorkspaceDocuments(workspaceId)), true);
    assert.ok((await stores.lifecycle.deleteWorkspaceDocuments(workspaceId, 500)) >= 1);
    assert.equal(await stores.links.getLink(workspaceId, issued.link.id), null);
    await rejectsWith(links.principal(issued.token), 'not_found');
    assert.equal(await stores.transactions.run((tx) => tx.hasWorkspaceDocuments(workspaceId)), false);
  });

  it('sweeps expired links and keeps live ones', async () => {
    const stores = getStores();
    // Backdated, so the sweep (which other suites' data shares) only ever sees it as long expired.
    clock = Date.UTC(2019, 0, 1);
    const old = (await links.create(alice, workspaceId, { scope: 'read', expiresIn: 60 })).issued.link;
    clock = Date.now();
    const live = (await links.create(alice, workspaceId, { scope: 'read', expiresIn: 600 })).issued.link;
    const before = Date.UTC(2019, 0, 2);
    assert.ok((await stores.lifecycle.deleteExpired('links', before, 500, { dryRun: true })) >= 1);
    assert.ok(await stores.links.getLink(workspaceId, old.id), 'a dry run deletes nothing');
    for (;;) if ((await stores.lifecycle.deleteExpired('links', before, 500)) < 500) break;
    assert.equal(await stores.links.getLink(workspaceId, old.id), null);
    assert.deepEqual(await stores.links.getLink(workspaceId, live.id), live);
  });
}
