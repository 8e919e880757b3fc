/**
 * Lazy firebase-admin wiring. Nothing here runs at import time: the SDKs are
 * required on first use so a cold start that only answers /v1/healthz never
 * pays for them.
 */
import type { App } from 'firebase-admin/app';
import type { Firestore } from 'firebase-admin/firestore';

let app: App | undefined;
let firestore: Firestore | undefined;

/** The project id: from FIREBASE_CONFIG inside Cloud Functions / the emulator, else the usual env vars. */
export function projectId(): string {
  const fromConfig = process.env.FIREBASE_CONFIG ? safeJson(process.env.FIREBASE_CONFIG)?.projectId : undefined;
  return (
    (typeof fromConfig === 'string' && fromConfig) ||
    process.env.GCLOUD_PROJECT ||
    process.env.GOOGLE_CLOUD_PROJECT ||
    'demo-websplat'
  );
}

/** The default bucket: WEBSPLAT_BUCKET, else FIREBASE_CONFIG.storageBucket, else `<project>.appspot.com`. */
export function defaultBucketName(): string {
  const fromConfig = process.env.FIREBASE_CONFIG ? safeJson(process.env.FIREBASE_CONFIG)?.storageBucket : undefined;
  return process.env.WEBSPLAT_BUCKET || (typeof fromConfig === 'string' && fromConfig) || `${projectId()}.appspot.com`;
}

export function adminApp(): App {
  if (!app) {
    const { getApps, initializeApp } = require('firebase-admin/app') as typeof import('firebase-admin/app');
    app = getApps()[0] ?? (process.env.FIREBASE_CONFIG ? initializeApp() : initializeApp({ projectId: projectId() }));
  }
  return app;
}

export function adminFirestore(): Firestore {
  if (!firestore) {
    const { initializeFirestore } = require('firebase-admin/firestore') as typeof import('firebase-admin/firestore');
    const emulator = Boolean(process.env.FIRESTORE_EMULATOR_HOST);
    // REST instead of gRPC: a much lighter first request on a cold instance (listeners
    // still use gRPC). gRPC against the emulator, as the tests have always run, unless
    // FIRESTORE_PREFER_REST (the SDK's own variable, true/false) says otherwise.
    const fromEnv = process.env.FIRESTORE_PREFER_REST;
    const preferRest = fromEnv === undefined ? !emulator : fromEnv === 'true' || fromEnv === '1';
    firestore = initializeFirestore(adminApp(), { preferRest });
    // The REST transport honours FIRESTORE_EMULATOR_HOST but still asks Google for
    // credentials (firebase-admin 13.10, @google-cloud/firestore 7.11), which the
    // emulator needs none of: the SDK sends it `Authorization: Bearer owner` itself.
    // An auth client that adds no header makes REST work against the emulator.
    if (emulator && preferRest) firestore.settings({ auth: { getRequestHeaders: async () => ({}) } });
  }
  return firestore;
}

function safeJson(text: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return undefined;
  }
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
