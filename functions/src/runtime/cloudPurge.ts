import { intValue, PURGE_BUDGET_MS, purgeReconcileSample, purgeStaleAfterDays } from '../config';
import { PurgeService, type PurgeSettings } from '../domain/purge';
import { Reconciler } from '../domain/reconcile';
import { FirestoreMetadataStore } from '../adapters/firebase/firestoreMetadataStore';
import { GcsBlobStore } from '../adapters/firebase/gcsBlobStore';
import { functionsLogger } from '../http/logger';

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
