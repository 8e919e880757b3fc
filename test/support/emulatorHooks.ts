// Root hooks of the emulator tier: release the firebase-admin app at the end,
// so mocha exits as soon as the last test is done; and fail the run if any
// process of it (this one, the Functions emulator's workers) made a Firestore
// write that production refuses (test/support/firestoreLimits.cjs).
import { existsSync, readFileSync } from 'node:fs';
import { closeAdminApp } from '@functions/adapters/firebase/app';

/** The JSON lines the production-limits check logged in this emulator run. */
export function strictFirestoreLog(): { pid: number; event: string; role: string; path?: string; found?: string[] }[] {
  const file = process.env.WEBSPLAT_STRICT_FIRESTORE_LOG;
  if (!file || !existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));
}

/** Writes a test made on purpose to prove the check refuses them. */
const EXPECTED = /^limitsCheck\//;

export const mochaHooks = {
  async afterAll() {
    await closeAdminApp();
    if (process.env.WEBSPLAT_STRICT_FIRESTORE === '0') return;
    const violations = strictFirestoreLog().filter((e) => e.event === 'violation' && !EXPECTED.test(e.path ?? ''));
    if (violations.length > 0) {
      throw new Error(
        `Firestore writes that production refuses:\n${violations
          .map((v) => `  ${v.role} ${v.path}: ${v.found?.join('; ')}`)
          .join('\n')}`,
      );
    }
  },
};
