import { join, resolve } from 'node:path';
import { authEmulatorHost } from '../config';
import { FirebaseTokenVerifier } from '../adapters/firebase/firebaseTokenVerifier';
import { DiskBlobStore } from '../adapters/local/diskBlobStore';
import { jsonLineLogger } from '../adapters/local/jsonLineLogger';
import { LocalChangeFeed } from '../adapters/local/localChangeFeed';
import { loadOrCreateKey, LocalTokens } from '../adapters/local/localTokens';
import { LocalUploads } from '../adapters/local/localUploads';
import { sqliteStores } from '../adapters/local/sqlite';
import { FileIndexer } from '../domain/files/fileIndexer';
import { UploadReceiver } from '../domain/files/uploads';
import { createApiHandler, type ApiHandler } from '../http/app';
import type { ApiDeps } from '../http/deps';
import type { MetadataPorts } from '../ports';
import type { TokenVerifier } from '../ports/auth';
import type { Logger } from '../ports/logger';

export interface LocalRuntime {
  dataDir: string;
  tokens: LocalTokens;
  metadata: MetadataPorts;
  blobs: DiskBlobStore;
  deps: ApiDeps;
  handler: ApiHandler;
  close(): Promise<void>;
}

/**
 * Local tokens always; Firebase Auth emulator tokens too when
 * FIREBASE_AUTH_EMULATOR_HOST is set (so one client can test both backends).
 */
function localVerifier(tokens: LocalTokens): TokenVerifier {
  if (!authEmulatorHost()) return tokens;
  const firebase = new FirebaseTokenVerifier();
  return {
    verify: (token) => (LocalTokens.looksLocal(token) ? tokens.verify(token) : firebase.verify(token)),
  };
}

/** The embedded backend: SQLite metadata and files on disk under one data folder. */
export function createLocalRuntime(options: { dataDir: string; logger?: Logger }): LocalRuntime {
  const dataDir = resolve(options.dataDir);
  const tokens = new LocalTokens(loadOrCreateKey(dataDir, 'token-signing'));
  const pageKey = loadOrCreateKey(dataDir, 'page-tokens');
  const changes = new LocalChangeFeed(() => metadata.changeLog);
  const metadata = sqliteStores(dataDir, (workspaceId, event) => changes.publish(workspaceId, event));
  const uploads = new LocalUploads(dataDir, loadOrCreateKey(dataDir, 'uploads'));
  const blobs = new DiskBlobStore(join(dataDir, 'blobs'), uploads);
  const linkKey = loadOrCreateKey(dataDir, 'link-signing');
  // The services, their schemas (zod) and the upload route load on the first request that needs them.
  let deps: ApiDeps | undefined;
  const services = (): ApiDeps =>
    (deps ??= (require('./services') as typeof import('./services')).buildServices({
      metadata,
      blobs,
      changes,
      sseMaxMs: 30 * 60_000,
      pageTokenKey: () => pageKey,
      linkKey: () => linkKey,
    }));
  const auth = localVerifier(tokens);
  const handler = createApiHandler({
    backend: 'local',
    deps: services,
    auth: () => auth,
    logger: options.logger ?? jsonLineLogger(),
    get extraRoutes() {
      const { localUploadRoute } = require('../http/routes/uploads') as typeof import('../http/routes/uploads');
      return [localUploadRoute(new UploadReceiver({ grants: uploads, blobs, indexer: new FileIndexer(metadata) }))];
    },
  });
  return {
    dataDir,
    tokens,
    metadata,
    blobs,
    get deps() {
      return services();
    },
    handler,
    async close() {
      // Counts not yet flushed would be lost with the process.
      await deps?.usageMeter.flush().catch(() => undefined);
      await metadata.close();
      await blobs.close();
      await uploads.close();
    },
  };
}
