/**
 * Lazy firebase-admin wiring. Nothing here runs at import time: the SDKs are
 * required on first use so a cold start that only answers /v1/healthz never
 * pays for them.
 */
import type { App } from 'firebase-admin/app';
import type { Firestore } from 'firebase-admin/firestore';
import { firestoreEmulated, firestorePreferRest, projectId, runsInFirebase } from '../../config';

let app: App | undefined;
let firestore: Firestore | undefined;

export function adminApp(): App {
  if (!app) {
    const { getApps, initializeApp } = require('firebase-admin/app') as typeof import('firebase-admin/app');
    app = getApps()[0] ?? (runsInFirebase() ? initializeApp() : initializeApp({ projectId: projectId() }));
  }
  return app;
}

export function adminFirestore(): Firestore {
  if (!firestore) {
    const { initializeFirestore } = require('firebase-admin/firestore') as typeof import('firebase-admin/firestore');
    const emulator = firestoreEmulated();
    // Listeners always use gRPC; reads and writes use REST in the cloud (see firestorePreferRest).
    const preferRest = firestorePreferRest();
    firestore = initializeFirestore(adminApp(), { preferRest });
    // The REST transport honours FIRESTORE_EMULATOR_HOST but still asks Google for
    // credentials (firebase-admin 13.10, @google-cloud/firestore 7.11), which the
    // emulator needs none of: the SDK sends it `Authorization: Bearer owner` itself.
    // An auth client that adds no header makes REST work against the emulator.
    if (emulator && preferRest) firestore.settings({ auth: { getRequestHeaders: async () => ({}) } });
  }
  return firestore;
}

/** Releases the admin app (Firestore channels, HTTP agents), e.g. when a CLI command or a test run ends. */
export async function closeAdminApp(): Promise<void> {
  const current = app;
  app = undefined;
  firestore = undefined;
  if (current) {
    const { deleteApp } = require('firebase-admin/app') as typeof import('firebase-admin/app');
    await deleteApp(current);
  }
}
