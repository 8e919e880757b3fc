import {
  eventMaxAgeSeconds,
  intValue,
  pageTokenKey,
  PURGE_BUDGET_MS,
  purgeReconcileSample,
  purgeStaleAfterDays,
} from '../config';
import { PurgeService, type PurgeSettings } from '../domain/purge';
import { Reconciler } from '../domain/reconcile';
import { FileIndexer } from '../domain/fileIndexer';
import type { ObjectEventDeps } from '../triggers/objectEvents';
import { FirestoreChangeFeed, FirestoreMetadataStore } from '../adapters/firebase/firestoreMetadataStore';
import { FirebaseTokenVerifier } from '../adapters/firebase/firebaseTokenVerifier';
import { GcsBlobStore } from '../adapters/firebase/gcsBlobStore';
import { createApiHandler, type ApiHandler } from '../http/app';
import { functionsLogger } from '../http/logger';
import type { ApiDeps } from '../http/routes';
import { buildServices } from './services';

let deps: ApiDeps | undefined;
let verifier: FirebaseTokenVerifier | undefined;

/** Services on Firestore + Cloud Storage, created on the first request that needs them. */
export function cloudDeps(): ApiDeps {
  return (deps ??= buildServices({
    metadata: new FirestoreMetadataStore(),
    blobs: new GcsBlobStore(),
    changes: new FirestoreChangeFeed(),
    // The api function's timeout is 540 s; end streams before it so clients reconnect cleanly.
    sseMaxMs: 500_000,
    pageTokenKey: () => Buffer.from(pageTokenKey.value(), 'utf8'),
  }));
}

/** The handler deployed as the `api` function. */
export function cloudApiHandler(): ApiHandler {
  return createApiHandler({
    backend: 'firebase',
    deps: cloudDeps,
    auth: () => (verifier ??= new FirebaseTokenVerifier()),
    logger: functionsLogger(),
  });
}

let triggerDeps: ObjectEventDeps | undefined;

/** What the Storage triggers need: the index over Firestore, built on the first event. */
export function cloudTriggerDeps(): ObjectEventDeps {
  return (triggerDeps ??= {
    indexer: new FileIndexer(new FirestoreMetadataStore()),
    blobs: new GcsBlobStore(),
    logger: functionsLogger(),
    maxEventAgeMs: intValue(eventMaxAgeSeconds, 6 * 3600) * 1000,
  });
}

let purge: { service: PurgeService; settings(): PurgeSettings } | undefined;

/** The scheduled purge over Firestore + Cloud Storage, with its settings read from the params on each run. */
export function cloudPurge(): { service: PurgeService; settings(): PurgeSettings } {
  if (!purge) {
    const store = new FirestoreMetadataStore();
    const blobs = new GcsBlobStore();
    const logger = functionsLogger();
    purge = {
      service: new PurgeService({ store, blobs, logger, reconciler: new Reconciler(store, blobs, logger) }),
      settings: () => ({
        staleAfterMs: intValue(purgeStaleAfterDays, 30) * 24 * 3600_000,
        budgetMs: PURGE_BUDGET_MS,
        reconcileSample: intValue(purgeReconcileSample, 3),
      }),
    };
  }
  return purge;
}
