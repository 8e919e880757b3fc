import { pageTokenKey } from '../config';
import { FirestoreMetadataStore } from '../adapters/firebase/firestoreMetadataStore';
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
