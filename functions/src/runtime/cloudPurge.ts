import { purgeSettings } from '../config';
import { PurgeService, type PurgeSettings } from '../domain/lifecycle/purge';
import { Reconciler } from '../domain/lifecycle/reconcile';
import { firestoreStores } from '../adapters/firebase/firestore';
import { functionsLogger } from '../adapters/firebase/functionsLogger';
import { GcsBlobStore } from '../adapters/firebase/gcsBlobStore';

let purge: { service: PurgeService; settings(): PurgeSettings } | undefined;

/** The scheduled purge over Firestore + Cloud Storage, with its settings read from the params on each run. */
export function cloudPurge(): { service: PurgeService; settings(): PurgeSettings } {
  if (!purge) {
    const stores = firestoreStores();
    const blobs = new GcsBlobStore();
    const logger = functionsLogger();
    purge = {
      service: new PurgeService({ stores, blobs, logger, reconciler: new Reconciler(stores, blobs, logger) }),
      settings: purgeSettings,
    };
  }
  return purge;
}
