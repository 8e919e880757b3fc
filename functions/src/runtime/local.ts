import { join, resolve } from 'node:path';
import { FirebaseTokenVerifier } from '../adapters/firebase/firebaseTokenVerifier';
import { DiskBlobStore } from '../adapters/local/diskBlobStore';
import { loadOrCreateKey, LocalTokens } from '../adapters/local/localTokens';
import { SqliteMetadataStore } from '../adapters/local/sqliteMetadataStore';
import { LocalUploads } from '../adapters/local/localUploads';
import { LocalChangeFeed } from '../adapters/local/localChangeFeed';
import { FileIndexer } from '../domain/fileIndexer';
import { localUploadRoute } from '../http/uploadRoutes';
import { createApiHandler, type ApiHandler } from '../http/app';
import { jsonLineLogger, type Logger } from '../http/logger';
import type { ApiDeps } from '../http/routes';
import type { TokenVerifier } from '../ports/auth';
import { buildServices } from './services';

export const DEFAULT_DATA_DIR = '.websplat-data';

export function dataDirFromEnv(): string {
  return resolve(process.env.WEBSPLAT_DATA_DIR || DEFAULT_DATA_DIR);
}

export interface LocalRuntime {
  dataDir: string;
  tokens: LocalTokens;
  metadata: SqliteMetadataStore;
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
  if (!process.env.FIREBASE_AUTH_EMULATOR_HOST) return tokens;
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
  const changes = new LocalChangeFeed();
  const metadata = new SqliteMetadataStore(dataDir, (workspaceId, change) => changes.publish(workspaceId, change));
  const uploads = new LocalUploads(dataDir, loadOrCreateKey(dataDir, 'uploads'));
  const blobs = new DiskBlobStore(join(dataDir, 'blobs'), uploads);
  const deps = buildServices({ metadata, blobs, changes, sseMaxMs: 30 * 60_000, pageTokenKey: () => pageKey });
  const auth = localVerifier(tokens);
  const handler = createApiHandler({
    backend: 'local',
    deps: () => deps,
    auth: () => auth,
    logger: options.logger ?? jsonLineLogger(),
    extraRoutes: [
      localUploadRoute({ redeem: (token) => uploads.redeem(token), blobs, indexer: new FileIndexer(metadata) }),
    ],
  });
  return {
    dataDir,
    tokens,
    metadata,
    blobs,
    deps,
    handler,
    async close() {
      // Counts not yet flushed would be lost with the process.
      await deps.usageMeter.flush().catch(() => undefined);
      await metadata.close();
      await blobs.close();
      await uploads.close();
    },
  };
}
