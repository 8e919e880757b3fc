/**
 * Configuration, declared as firebase-functions params (so `firebase deploy`
 * asks for them and records them) and read lazily, never at import time.
 * Outside Cloud Functions (the local backend, tests) a param that is not in
 * the environment falls back to its documented default.
 */
import { defineInt, defineSecret, type IntParam } from 'firebase-functions/params';

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
