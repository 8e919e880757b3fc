/**
 * Configuration, declared as firebase-functions params (so `firebase deploy`
 * asks for them and records them) and read lazily, never at import time.
 * Outside Cloud Functions (the local backend, tests) a param that is not in
 * the environment falls back to its declared default. Each default is
 * declared once, here, and this is the only module that reads the
 * environment.
 */
import { resolve } from 'node:path';
import { defineInt, defineSecret, defineString, type IntParam, type StringParam } from 'firebase-functions/params';

/** What generated sites are made of; anything else is 415 unless configured. */
export const DEFAULT_ALLOWED_CONTENT_TYPES = [
  'text/*',
  'image/*',
  'font/*',
  'audio/*',
  'video/*',
  'application/json',
  'application/javascript',
  'application/typescript',
  'application/wasm',
  'application/xml',
  'application/pdf',
  'application/zip',
  'application/octet-stream',
  'application/manifest+json',
  'application/ld+json',
].join(',');

export const REGION = 'us-central1';

export const accessTouchIntervalSeconds = defineInt('WEBSPLAT_ACCESS_TOUCH_INTERVAL_SECONDS', {
  default: 300,
  description: 'lastAccessedAt is written at most once per this many seconds per workspace.',
});

/** HMAC key for page tokens; any long random string. Rotating it only invalidates open page tokens. */
export const pageTokenKey = defineSecret('WEBSPLAT_PAGE_TOKEN_KEY');

/** HMAC key for link tokens; any long random string. Rotating it invalidates every link at once. */
export const linkSigningKey = defineSecret('WEBSPLAT_LINK_SIGNING_KEY');

/** The API's base URL as clients reach it, for link URLs (needed behind a path prefix, e.g. a Cloud Functions URL). */
export const publicUrl = defineString('WEBSPLAT_PUBLIC_URL', {
  default: '',
  description:
    "Base URL of the api as clients reach it (e.g. https://us-central1-<project>.cloudfunctions.net/api); empty: the request's scheme and host.",
});

export const previewLinkTtlSeconds = defineInt('WEBSPLAT_PREVIEW_LINK_TTL_SECONDS', {
  default: 3600,
  description: 'Life of the preview link a member gets when opening a preview with ?access_token=.',
});

/** A param's value, or its declared default when the environment does not set it. */
export function intValue(param: IntParam): number {
  const fallback = param.options.default;
  return process.env[param.name] !== undefined ? param.value() : typeof fallback === 'number' ? fallback : 0;
}

export const maxFileBytes = defineInt('WEBSPLAT_MAX_FILE_BYTES', {
  default: 128 * 1024 * 1024,
  description: 'Largest single file, in bytes (larger writes are 413).',
});
export const maxWorkspaceBytes = defineInt('WEBSPLAT_MAX_WORKSPACE_BYTES', {
  default: 1024 * 1024 * 1024,
  description: 'Largest total of file sizes in one workspace, in bytes.',
});
export const maxWorkspaceFiles = defineInt('WEBSPLAT_MAX_WORKSPACE_FILES', {
  default: 10_000,
  description: 'Most files in one workspace.',
});
export const allowedContentTypes = defineString('WEBSPLAT_ALLOWED_CONTENT_TYPES', {
  default: DEFAULT_ALLOWED_CONTENT_TYPES,
  description: 'Comma-separated media types (type/* allowed) that files may have.',
});
export const eventMaxAgeSeconds = defineInt('WEBSPLAT_EVENT_MAX_AGE_SECONDS', {
  default: 6 * 3600,
  description: 'Storage events older than this are dropped by the triggers (the reconciler heals them).',
});

/** A param's value, or its declared default when the environment does not set it. */
export function stringValue(param: StringParam): string {
  const fallback = param.options.default;
  return process.env[param.name] !== undefined ? param.value() : typeof fallback === 'string' ? fallback : '';
}

export const purgeStaleAfterDays = defineInt('WEBSPLAT_PURGE_STALE_AFTER_DAYS', {
  default: 30,
  description: 'The scheduled purge removes workspaces not accessed for this many days.',
});
export const purgeReconcileSample = defineInt('WEBSPLAT_PURGE_RECONCILE_SAMPLE', {
  default: 3,
  description: 'Recently active workspaces whose file index each purge pass checks against the bucket.',
});

/**
 * How often the purge runs (Cloud Scheduler syntax). onSchedule only takes a
 * literal string, so this one value is read when the functions are loaded
 * for deployment (from functions/.env or .env.<project>), not lazily; it is
 * declared as a param so `firebase deploy` lists and records it.
 */
const PURGE_SCHEDULE_DEFAULT = 'every 60 minutes';
export const purgeSchedule = defineString('WEBSPLAT_PURGE_SCHEDULE', {
  default: PURGE_SCHEDULE_DEFAULT,
  description: 'How often the scheduled purge runs (Cloud Scheduler syntax).',
});
/** The schedule as `firebase deploy` loads it, from the environment only (an empty value counts as unset). */
export const purgeScheduleAtDeploy = (): string => process.env[purgeSchedule.name] || PURGE_SCHEDULE_DEFAULT;
export const PURGE_TIMEOUT_SECONDS = 540;
/** A pass starts no new work after this, leaving room before the timeout for the step in flight. */
export const PURGE_BUDGET_MS = 420_000;

/** Keep this many api instances warm (no cold starts for the first requests; billed while idle). */
export const apiMinInstances = defineInt('WEBSPLAT_API_MIN_INSTANCES', {
  default: 0,
  description: 'api instances kept warm (0: scale to zero; 1 removes most cold starts for a small idle cost).',
});
export const apiMaxInstances = defineInt('WEBSPLAT_API_MAX_INSTANCES', {
  default: 100,
  description:
    'Most api instances (each serves up to 80 concurrent requests): a ceiling on cost and on load on Firestore.',
});

/** Users allowed to call the admin endpoints, besides tokens with the custom claim `admin: true`. */
export const adminUids = defineString('WEBSPLAT_ADMIN_UIDS', {
  default: '',
  description: 'Comma-separated user ids allowed to call /v1/admin/* (besides tokens with the admin: true claim).',
});

// --- Derived settings, in the units the services take ---

const list = (text: string) =>
  text
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);

export const accessTouchIntervalMs = (): number => intValue(accessTouchIntervalSeconds) * 1000;

/** Quotas and accepted media types of files. */
export const fileLimitSettings = () => ({
  maxFileBytes: intValue(maxFileBytes),
  maxWorkspaceBytes: intValue(maxWorkspaceBytes),
  maxWorkspaceFiles: intValue(maxWorkspaceFiles),
  allowedContentTypes: list(stringValue(allowedContentTypes).toLowerCase()),
});

export const eventMaxAgeMs = (): number => intValue(eventMaxAgeSeconds) * 1000;

// --- history (docs/history.md) ---
export const versionsPerFile = defineInt('WEBSPLAT_VERSIONS_PER_FILE', {
  default: 50,
  description: 'Most kept versions of one path (older ones go unless a checkpoint holds them).',
});
export const versionRetentionDays = defineInt('WEBSPLAT_VERSION_RETENTION_DAYS', {
  default: 30,
  description: 'Kept versions older than this go (unless a checkpoint holds them).',
});
export const commitMaxChanges = defineInt('WEBSPLAT_COMMIT_MAX_CHANGES', {
  default: 1000,
  description: 'Most changes in one commit (POST .../commits).',
});
export const commitMaxBodyBytes = defineInt('WEBSPLAT_COMMIT_MAX_BODY_BYTES', {
  default: 32 * 1024 * 1024,
  description: 'Largest commit request body, in bytes (more goes through staged uploads).',
});

export const historySettings = () => ({
  versionsPerFile: intValue(versionsPerFile),
  retentionDays: intValue(versionRetentionDays),
  maxChanges: intValue(commitMaxChanges),
  maxBodyBytes: intValue(commitMaxBodyBytes),
});

/** What each scheduled purge pass is given. */
export const purgeSettings = () => ({
  staleAfterMs: intValue(purgeStaleAfterDays) * 24 * 3600_000,
  budgetMs: PURGE_BUDGET_MS,
  reconcileSample: intValue(purgeReconcileSample),
  // The history step: kept versions past these bounds, and bytes nothing references.
  retention: { retentionDays: intValue(versionRetentionDays), versionsPerFile: intValue(versionsPerFile) },
});

export const adminUidList = (): string[] => list(stringValue(adminUids));

// --- Environment variables that are not params (the local backend, the emulators, the SDK's own) ---

/** Keep-alive interval of event streams (WEBSPLAT_SSE_HEARTBEAT_MS). */
export const sseHeartbeatMs = (): number => Number(process.env.WEBSPLAT_SSE_HEARTBEAT_MS) || 15_000;

export const DEFAULT_DATA_DIR = '.websplat-data';

/** The local backend's data folder (WEBSPLAT_DATA_DIR). */
export const localDataDir = (): string => resolve(process.env.WEBSPLAT_DATA_DIR || DEFAULT_DATA_DIR);

/** The port `websplat serve` listens on when --port is not given (PORT). */
export const servePort = (): number => Number(process.env.PORT ?? 8080);

/** Set when the Auth emulator runs: the local backend then also accepts its tokens. */
export const authEmulatorHost = (): string | undefined => process.env.FIREBASE_AUTH_EMULATOR_HOST || undefined;

export type DirectUploadMode = 'signed-url' | 'storage-emulator';

/**
 * How `POST .../uploads` hands out upload URLs (WEBSPLAT_DIRECT_UPLOADS). `signed-url` (unset,
 * and what deploys): V4 signed Cloud Storage URLs. `storage-emulator`: upload sessions of the
 * Storage emulator, which checks no signatures; set only by scripts/emulators-exec.mjs, and
 * refused unless FIREBASE_STORAGE_EMULATOR_HOST says an emulator runs. Never guessed.
 */
export function directUploadMode(): DirectUploadMode {
  const mode = process.env.WEBSPLAT_DIRECT_UPLOADS || 'signed-url';
  if (mode === 'signed-url') return mode;
  if (mode === 'storage-emulator') {
    if (!storageEmulatorHost()) {
      throw new Error('WEBSPLAT_DIRECT_UPLOADS=storage-emulator, but FIREBASE_STORAGE_EMULATOR_HOST is unset');
    }
    return mode;
  }
  throw new Error(`WEBSPLAT_DIRECT_UPLOADS must be signed-url or storage-emulator, not "${mode}"`);
}

/** host:port of the Storage emulator when one runs (FIREBASE_STORAGE_EMULATOR_HOST). */
export const storageEmulatorHost = (): string | undefined => process.env.FIREBASE_STORAGE_EMULATOR_HOST || undefined;

/** host:port of the Firestore emulator when one runs (FIRESTORE_EMULATOR_HOST). */
export const firestoreEmulatorHost = (): string | undefined => process.env.FIRESTORE_EMULATOR_HOST || undefined;

/** True against the Firestore emulator (FIRESTORE_EMULATOR_HOST). */
export const firestoreEmulated = (): boolean => Boolean(firestoreEmulatorHost());

/**
 * The metadata server's host when the service account's tokens come from it:
 * in Cloud Functions and Cloud Run (K_SERVICE), unless GOOGLE_APPLICATION_CREDENTIALS
 * names other credentials. GCE_METADATA_HOST overrides the host, as in google-auth-library.
 */
export function metadataServerCredentialsHost(): string | undefined {
  if (!process.env.K_SERVICE || process.env.GOOGLE_APPLICATION_CREDENTIALS) return undefined;
  return process.env.GCE_METADATA_HOST || 'metadata.google.internal';
}

/**
 * Firestore's transport: REST, a much lighter first request on a cold
 * instance, except against the emulator (where the tests have always run
 * over gRPC), unless FIRESTORE_PREFER_REST (the SDK's own variable) says.
 */
export function firestorePreferRest(): boolean {
  const fromEnv = process.env.FIRESTORE_PREFER_REST;
  return fromEnv === undefined ? !firestoreEmulated() : fromEnv === 'true' || fromEnv === '1';
}

function firebaseConfig(): Record<string, unknown> | undefined {
  const text = process.env.FIREBASE_CONFIG;
  if (!text) return undefined;
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/** Inside Cloud Functions and the Functions emulator, FIREBASE_CONFIG describes the project. */
export const runsInFirebase = (): boolean => Boolean(process.env.FIREBASE_CONFIG);

/** The project id: from FIREBASE_CONFIG inside Cloud Functions / the emulator, else the usual env vars. */
export function projectId(): string {
  const fromConfig = firebaseConfig()?.projectId;
  return (
    (typeof fromConfig === 'string' && fromConfig) ||
    process.env.GCLOUD_PROJECT ||
    process.env.GOOGLE_CLOUD_PROJECT ||
    'demo-websplat'
  );
}

/** The default bucket: WEBSPLAT_BUCKET, else FIREBASE_CONFIG.storageBucket, else `<project>.appspot.com`. */
export function defaultBucketName(): string {
  const fromConfig = firebaseConfig()?.storageBucket;
  return process.env.WEBSPLAT_BUCKET || (typeof fromConfig === 'string' && fromConfig) || `${projectId()}.appspot.com`;
}
