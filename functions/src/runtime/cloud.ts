import { linkSigningKey, pageTokenKey } from '../config';
import type { FirebaseTokenVerifier } from '../adapters/firebase/firebaseTokenVerifier';
import { functionsLogger } from '../adapters/firebase/functionsLogger';
import { createApiHandler, type ApiHandler } from '../http/app';
import type { ApiDeps } from '../http/deps';

// The adapters load with the first request that needs them, not with the handler: a cold
// instance's health check then compiles none of them (see docs/architecture.md, Cold start).
type Firestore = typeof import('../adapters/firebase/firestore');
type Gcs = typeof import('../adapters/firebase/gcsBlobStore');
type Verifier = typeof import('../adapters/firebase/firebaseTokenVerifier');

let deps: ApiDeps | undefined;
let verifier: FirebaseTokenVerifier | undefined;

/** Services on Firestore + Cloud Storage, created (and their modules loaded) on the first request that needs them. */
export function cloudDeps(): ApiDeps {
  if (deps) return deps;
  const { buildServices } = require('./services') as typeof import('./services');
  const { FirestoreChangeFeed, firestoreStores } = require('../adapters/firebase/firestore') as Firestore;
  const { GcsBlobStore } = require('../adapters/firebase/gcsBlobStore') as Gcs;
  // Cloud Run sends SIGTERM before it stops an instance: open event streams end with
  // reason "shutdown", so EventSource reconnects (Last-Event-ID) to another instance at once.
  process.once('SIGTERM', () => deps?.streams.shutdown());
  return (deps = buildServices({
    metadata: firestoreStores(),
    blobs: new GcsBlobStore(),
    changes: new FirestoreChangeFeed(),
    // The api function's timeout is 540 s; end streams before it so clients reconnect cleanly.
    sseMaxMs: 500_000,
    pageTokenKey: () => Buffer.from(pageTokenKey.value(), 'utf8'),
    linkKey: () => secretKey(linkSigningKey.name, linkSigningKey.value()),
  }));
}

/** A secret's bytes; an unset secret would sign with an empty key, so it fails instead (a 500, logged). */
function secretKey(name: string, value: string): Buffer {
  if (value.length < 16) throw new Error(`The secret ${name} is unset or too short (firebase functions:secrets:set).`);
  return Buffer.from(value, 'utf8');
}

/** The handler deployed as the `api` function. */
export function cloudApiHandler(): ApiHandler {
  return createApiHandler({
    backend: 'firebase',
    deps: cloudDeps,
    auth: () =>
      (verifier ??= new (require('../adapters/firebase/firebaseTokenVerifier') as Verifier).FirebaseTokenVerifier()),
    logger: functionsLogger(),
  });
}
