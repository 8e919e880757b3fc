import { strict as assert } from 'node:assert';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { DiskBlobStore } from '@functions/adapters/local/diskBlobStore';
import { LocalChangeFeed } from '@functions/adapters/local/localChangeFeed';
import { sqliteStores, type SqliteStores } from '@functions/adapters/local/sqlite';
import { blobStoreContract } from './blobs.suite';
import { changeFeedContract } from './changes.suite';
import { collabContract } from './collaboration.suite';
import { fileIndexContract } from './fileIndex.suite';
import { historyContract } from './history.suite';
import { checkpointsContract } from './checkpoints.suite';
import { lifecycleContract } from './lifecycle.suite';
import { retentionContract } from './retention.suite';
import { linksContract } from './links.suite';
import { transactionsContract } from './transactions.suite';
import { usageContract } from './usage.suite';
import { userDataContract } from './userData.suite';
import { workspaceServiceContract } from './workspaceService.suite';
import { workspacesContract } from './workspaces.suite';

describe('local backend (temp data folder)', () => {
  let dir: string;
  let metadata: SqliteStores;
  let blobs: DiskBlobStore;
  const changes = new LocalChangeFeed(() => metadata.changeLog);

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'websplat-contract-'));
    metadata = sqliteStores(dir, (workspaceId, event) => changes.publish(workspaceId, event));
    blobs = new DiskBlobStore(join(dir, 'blobs'));
  });
  after(async () => {
    await metadata.close();
    await blobs.close();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('transactions contract (SQLite)', () => transactionsContract(() => metadata));
  describe('workspaces contract (SQLite)', () => workspacesContract(() => metadata));
  describe('usage counters (SQLite)', () => usageContract(() => metadata));
  describe('workspace service contract (SQLite)', () => workspaceServiceContract(() => metadata));
  describe('file index contract (SQLite)', () => fileIndexContract(() => metadata));
  describe('agents and shared state (SQLite)', () => collabContract(() => metadata));
  describe('blob store contract (disk)', () => {
    blobStoreContract(() => blobs);
    it('leaves no temp file behind, whether the body fails while gathered or while streamed', async () => {
      for (const failAfter of [1024, 600 * 1024]) {
        let sent = 0;
        const failing = new Readable({
          read() {
            sent += 16 * 1024;
            if (sent > failAfter) this.destroy(new Error('client went away'));
            else this.push(Buffer.alloc(16 * 1024, 1));
          },
        });
        await assert.rejects(blobs.put(`tmp-check/${failAfter}`, failing, { contentType: 'text/plain' }));
      }
      assert.deepEqual(readdirSync(join(dir, 'blobs', 'tmp')), []);
    });
  });
  describe('change feed contract (SQLite commits)', () =>
    changeFeedContract(
      () => ({ metadata, changes }),
      async () => {
        // A second connection and feed on the same data folder: what the next `websplat serve` opens.
        const next: { metadata?: SqliteStores } = {};
        const feed = new LocalChangeFeed(() => next.metadata!.changeLog);
        next.metadata = sqliteStores(dir, (workspaceId, event) => feed.publish(workspaceId, event));
        return { metadata: next.metadata, changes: feed, close: () => next.metadata!.close() };
      },
    ));
  describe('sessions and cache expiry (SQLite + disk)', () => userDataContract(() => ({ metadata, blobs })));
  describe('lifecycle: purge and reconcile (SQLite + disk)', () => lifecycleContract(() => ({ metadata, blobs })));
  describe('links contract (SQLite)', () => linksContract(() => metadata));
  describe('history: commits and versions (SQLite + disk)', () =>
    historyContract(() => ({ metadata, blobs, changes })));
  describe('checkpoints (SQLite + disk)', () => checkpointsContract(() => ({ metadata, blobs })));
  describe('history: retention and the sweep (SQLite + disk)', () => retentionContract(() => ({ metadata, blobs })));
});
