import { Migrator } from '../domain/lifecycle/migration';
import { openFirebaseStores, openLocalStores } from '../runtime/stores';
import { parseArgs, UsageError } from './args';
import { allowOnly } from './options';
import { formatBytes, Progress } from './output';

/** Said on every run, so nobody deletes the source expecting its history on the target. */
export const HISTORY_NOT_CARRIED =
  'History is not carried: commits and kept versions stay on the source only; ' +
  "on the target each file's history starts with its current version.";

/**
 * `websplat migrate --to firebase`: copies the local backend (WEBSPLAT_DATA_DIR)
 * into Firestore + Cloud Storage (the emulators when their env vars are set,
 * else the project of the application default credentials), then verifies.
 * Idempotent: run it again to resume or to re-verify.
 */
export async function migrateCommand(argv: string[], dataDir: string): Promise<number> {
  const args = parseArgs(argv, ['verify-only', 'json']);
  allowOnly(args, ['to', 'verify-only', 'json']);
  if (args.options.to !== 'firebase') throw new UsageError('migrate needs --to firebase');
  if (args.positionals.length) throw new UsageError('migrate takes no positional arguments');
  const source = openLocalStores(dataDir);
  const target = openFirebaseStores();
  try {
    process.stderr.write(`Migrating ${source.location} -> ${target.location}\n`);
    const migrator = new Migrator(source, target);
    let copied;
    if (args.options['verify-only'] !== true) {
      const progress = new Progress('copy');
      copied = await migrator.run((p) =>
        progress.update(
          p.workspacesDone,
          p.workspacesTotal,
          `workspaces, ${p.filesCopied} files copied (${formatBytes(p.bytesCopied)}), ${p.filesUnchanged} already there`,
        ),
      );
      progress.done();
    }
    const progress = new Progress('verify');
    const verification = await migrator.verify((done, total) => progress.update(done, total, 'workspaces'));
    progress.done();
    if (args.options.json) {
      const history = { carried: false, note: HISTORY_NOT_CARRIED };
      process.stdout.write(`${JSON.stringify({ copied, verification, history }, null, 2)}\n`);
    } else {
      if (copied) {
        process.stdout.write(
          `Copied ${copied.workspacesDone} workspaces: ${copied.filesCopied} files (${formatBytes(copied.bytesCopied)}) ` +
            `copied, ${copied.filesUnchanged} already there, ${copied.filesRemoved} removed; ` +
            `${copied.records} agent/state records, ${copied.sessions} sessions.\n`,
        );
        for (const s of copied.skipped) process.stdout.write(`  skipped ${s.workspaceId}: ${s.reason}\n`);
      }
      process.stdout.write(`${HISTORY_NOT_CARRIED}\n`);
      for (const p of verification.problems) process.stdout.write(`  MISMATCH ${p}\n`);
      process.stdout.write(
        verification.ok
          ? `Verified: ${verification.workspaces} workspaces, ${verification.files} files (${formatBytes(verification.bytes)}); counts and MD5 checksums match.\n`
          : `Verification FAILED (${verification.problems.length}${verification.problems.length >= 50 ? '+' : ''} problems); run the migration again to repair, then re-verify.\n`,
      );
    }
    return verification.ok ? 0 : 1;
  } finally {
    await source.close();
    await target.close();
  }
}
