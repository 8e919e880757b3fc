/**
 * Lazy firebase-admin wiring. Nothing here runs at import time: the SDKs are
 * required on first use so a cold start that only answers /v1/healthz never
 * pays for them.
 */
import type { App } from 'firebase-admin/app';
import type { Firestore } from 'firebase-admin/firestore';
import {
  firestoreEmulated,
  firestoreEmulatorHost,
  firestorePreferRest,
  metadataServerCredentialsHost,
  projectId,
  runsInFirebase,
} from '../../config';
import type { RestDocumentReader } from './firestore/documentReader';

let app: App | undefined;
let firestore: Firestore | undefined;
let documents: RestDocumentReader | null | undefined;

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

/**
 * Single-document reads over REST without the SDK, when Firestore's transport
 * is REST and the credentials need no SDK: the emulator's (`Bearer owner`, as
 * the SDK sends it) or the metadata server's in Cloud Functions. Elsewhere
 * (a key file, gcloud's user credentials) undefined: the SDK reads.
 */
export function restDocumentReader(): RestDocumentReader | undefined {
  if (documents === undefined) {
    documents = null;
    if (firestorePreferRest()) {
      const reader = require('./firestore/documentReader') as typeof import('./firestore/documentReader');
      const emulator = firestoreEmulatorHost();
      const metadataHost = metadataServerCredentialsHost();
      if (emulator) {
        documents = new reader.RestDocumentReader({
          baseUrl: `http://${emulator}`,
          project: projectId(),
          authorization: async () => 'Bearer owner',
        });
      } else if (metadataHost) {
        documents = new reader.RestDocumentReader({
          baseUrl: 'https://firestore.googleapis.com',
          project: projectId(),
          authorization: reader.metadataServerToken(metadataHost),
        });
      }
    }
  }
  return documents ?? undefined;
}

/** Releases the admin app (Firestore channels, HTTP agents), e.g. when a CLI command or a test run ends. */
export async function closeAdminApp(): Promise<void> {
  const current = app;
  app = undefined;
  firestore = undefined;
  documents?.close();
  documents = undefined;
  if (current) {
    const { deleteApp } = require('firebase-admin/app') as typeof import('firebase-admin/app');
    await deleteApp(current);
  }
}
