/**
 * Configuration, declared as firebase-functions params (so `firebase deploy`
 * asks for them and records them) and read lazily, never at import time.
 * Outside Cloud Functions (the local backend, tests) a param that is not in
 * the environment falls back to its documented default.
 */
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

export function intValue(param: IntParam, fallback: number): number {
  return process.env[param.name] !== undefined ? param.value() : fallback;
}

/** Idempotency-Key records are honoured this long (contract: 24 h). */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

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

export function stringValue(param: StringParam, fallback: string): string {
  return process.env[param.name] !== undefined ? param.value() : fallback;
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
export const purgeSchedule = defineString('WEBSPLAT_PURGE_SCHEDULE', {
  default: 'every 60 minutes',
  description: 'How often the scheduled purge runs (Cloud Scheduler syntax).',
});
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
