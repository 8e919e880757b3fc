import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DiskBlobStore } from '../../functions/src/adapters/local/diskBlobStore';
import { SqliteMetadataStore } from '../../functions/src/adapters/local/sqliteMetadataStore';
import { blobStoreContract } from './blobStore.contract';
import { fileIndexContract } from './fileIndex.contract';
import { lifecycleContract } from './lifecycle.contract';
import { usageContract } from './usage.contract';
import { collabContract } from './collab.contract';
import { userDataContract } from './userData.contract';
import { metadataStoreContract } from './metadataStore.contract';
import { workspaceServiceContract } from './workspaceService.contract';

describe('local backend (temp data folder)', () => {
  let dir: string;
  let metadata: SqliteMetadataStore;
  let blobs: DiskBlobStore;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'websplat-contract-'));
    metadata = new SqliteMetadataStore(dir);
    blobs = new DiskBlobStore(join(dir, 'blobs'));
  });
  after(async () => {
    await metadata.close();
    await blobs.close();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('metadata store contract (SQLite)', () => metadataStoreContract(() => metadata));
  describe('usage counters (SQLite)', () => usageContract(() => metadata));
  describe('workspace service contract (SQLite)', () => workspaceServiceContract(() => metadata));
  describe('file index contract (SQLite)', () => fileIndexContract(() => metadata));
  describe('agents and shared state (SQLite)', () => collabContract(() => metadata));
  describe('blob store contract (disk)', () => blobStoreContract(() => blobs));
  describe('sessions and cache expiry (SQLite + disk)', () => userDataContract(() => ({ metadata, blobs })));
  describe('lifecycle: purge and reconcile (SQLite + disk)', () => lifecycleContract(() => ({ metadata, blobs })));
});
