import { purgeSettings } from '../config';
import { PurgeService, type PurgeReport } from '../domain/lifecycle/purge';
import { Reconciler } from '../domain/lifecycle/reconcile';
import { openStores } from '../runtime/stores';
import { parseArgs, parseDuration, UsageError } from './args';
import { allowOnly, backendOption, cliLogger } from './options';
import { formatBytes } from './output';

/** `websplat purge`: one purge pass, the same one the scheduled function runs. */
export async function purgeCommand(argv: string[], dataDir: string): Promise<number> {
  const args = parseArgs(argv, ['dry-run', 'json', 'verbose']);
  allowOnly(args, ['dry-run', 'stale-after', 'budget', 'lease', 'backend', 'json', 'verbose', 'reconcile']);
  // Unset options take the scheduled purge's settings (and the domain's lease).
  const scheduled = purgeSettings();
  const duration = (option: string) => {
    const value = args.options[option];
    return value === undefined ? undefined : parseDuration(String(value)) * 1000;
  };
  const staleAfterMs = duration('stale-after') ?? scheduled.staleAfterMs;
  const budgetMs = duration('budget') ?? 10 * 60_000;
  const leaseMs = duration('lease');
  const reconcileSample = Number(args.options.reconcile ?? scheduled.reconcileSample);
  if (!Number.isInteger(reconcileSample) || reconcileSample < 0) throw new UsageError('--reconcile must be 0 or more');
  const stores = openStores(backendOption(args), dataDir);
  try {
    const logger = cliLogger(args);
    const service = new PurgeService({
      stores: stores.metadata,
      blobs: stores.blobs,
      reconciler: new Reconciler(stores.metadata, stores.blobs, logger),
      logger,
    });
    const report = await service.runPass({
      staleAfterMs,
      budgetMs,
      dryRun: args.options['dry-run'] === true,
      reconcileSample,
      retention: scheduled.retention,
      ...(leaseMs !== undefined && { leaseMs }),
    });
    process.stdout.write(
      args.options.json ? `${JSON.stringify(report, null, 2)}\n` : describeReport(report, stores.location),
    );
    return report.workspaces.some((w) => w.outcome === 'failed') ? 1 : 0;
  } finally {
    await stores.close();
  }
}

export function describeReport(report: PurgeReport, location: string): string {
  const lines: string[] = [];
  const verb = report.dryRun ? 'would purge' : 'purged';
  lines.push(
    `${report.dryRun ? 'Dry run: nothing is changed. ' : ''}Purge pass on ${location}; stale = not accessed since ${report.staleBefore}.`,
  );
  for (const w of report.workspaces) {
    const name = w.name ? ` "${w.name}"` : '';
    const size = `${w.fileCount} files, ${formatBytes(w.totalBytes)}`;
    switch (w.outcome) {
      case 'purged':
      case 'would_purge':
        lines.push(`  ${verb} ${w.workspaceId}${name} (${w.reason}; ${size})`);
        break;
      case 'in_progress':
        lines.push(
          `  in progress ${w.workspaceId}${name}: ${w.objectsDeleted} objects removed so far; the next pass continues`,
        );
        break;
      case 'busy':
        lines.push(`  skipped ${w.workspaceId}${name}: another purge pass is working on it`);
        break;
      case 'kept':
        lines.push(`  kept ${w.workspaceId}${name}: accessed again before it was claimed`);
        break;
      case 'failed':
        lines.push(`  FAILED ${w.workspaceId}${name}: ${w.error} (the next pass retries)`);
        break;
    }
  }
  const purged = report.workspaces.filter((w) => w.outcome === (report.dryRun ? 'would_purge' : 'purged'));
  const bytes = purged.reduce((n, w) => n + (report.dryRun ? w.totalBytes : w.bytesDeleted), 0);
  lines.push(
    `${report.dryRun ? 'Would remove' : 'Removed'}: ${purged.length} workspaces (${formatBytes(bytes)}), ` +
      `${report.sessionsDeleted} expired sessions, ${report.cacheEntriesDeleted} expired cache entries, ` +
      `${report.idempotencyKeysDeleted} expired idempotency records, ${report.linksDeleted} expired links` +
      (report.stragglersDeleted ? `, ${report.stragglersDeleted} stragglers of earlier purges` : '') +
      '.',
  );
  const r = report.retention;
  if (r.ran) {
    lines.push(
      `History: ${r.workspacesDone} workspaces checked; ${r.versionsDropped} kept versions past retention removed ` +
        `(${formatBytes(r.versionBytesFreed)}), ${r.tombstonesDeleted} empty tombstones, ` +
        `${r.objectsSwept} unreferenced objects (${formatBytes(r.bytesSwept)})` +
        (r.cycleComplete ? '; every workspace is done for this cycle.' : '; the next pass continues.'),
    );
  } else if (!report.dryRun) {
    lines.push('History: every workspace was checked less than a day ago; nothing to do.');
  }
  const drift = report.reconciled.filter((r) => r.entriesAdded + r.entriesRemoved + r.entriesFixed > 0);
  lines.push(
    `Reconciled ${report.reconciled.length} recently active workspaces` +
      (drift.length ? `; repaired drift in ${drift.map((r) => r.workspaceId).join(', ')}.` : '; no drift.'),
  );
  if (!report.complete) lines.push(`Not finished: ${report.backlog} left for the next pass.`);
  return `${lines.join('\n')}\n`;
}
