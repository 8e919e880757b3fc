import { Reconciler, type ReconcileReport } from '../domain/lifecycle/reconcile';
import { WorkspaceId } from '../schemas/common';
import { openStores } from '../runtime/stores';
import { parseArgs, UsageError } from './args';
import { allowOnly, backendOption, cliLogger } from './options';
import { Progress } from './output';

/**
 * `websplat reindex [workspaceId]`: rebuilds file indexes and counters from
 * the bucket listing (one workspace, or every workspace that is not deleted).
 */
export async function reindexCommand(argv: string[], dataDir: string): Promise<number> {
  const args = parseArgs(argv, ['dry-run', 'json', 'verbose']);
  allowOnly(args, ['dry-run', 'backend', 'json', 'verbose']);
  if (args.positionals.length > 1) throw new UsageError('reindex takes at most one workspace id');
  const [only] = args.positionals;
  if (only !== undefined && !WorkspaceId.safeParse(only).success) throw new UsageError(`not a workspace id: ${only}`);
  const repair = args.options['dry-run'] !== true;
  const stores = openStores(backendOption(args), dataDir);
  try {
    const logger = cliLogger(args);
    const reconciler = new Reconciler(stores.metadata, stores.blobs, logger);
    const reports: ReconcileReport[] = [];
    const progress = new Progress('reindex');
    const print = (r: ReconcileReport) => {
      if (args.options.json) return;
      const changed = r.entriesAdded + r.entriesRemoved + r.entriesFixed;
      const counters = !r.countersChecked
        ? 'counters not checked (it was being written)'
        : r.filesDrift || r.bytesDrift
          ? `counters were off by ${r.filesDrift} files, ${r.bytesDrift} bytes`
          : 'counters right';
      const verb = repair ? 'repaired' : 'would repair';
      process.stdout.write(
        `${r.workspaceId}: ${r.objects} files; ${changed ? `${verb} ${r.entriesAdded} missing, ${r.entriesRemoved} orphaned, ${r.entriesFixed} wrong entries` : 'index matches the bucket'}; ${counters}\n`,
      );
    };
    if (only !== undefined) {
      const report = await reconciler.reconcile(only, { repair, replayLog: true });
      if (!report) throw new UsageError(`no workspace ${only} (or it is deleted) on ${stores.location}`);
      reports.push(report);
      print(report);
    } else {
      let after: string | undefined;
      for (;;) {
        const page = await stores.metadata.lifecycle.listAllWorkspaces({ limit: 100, ...(after && { after }) });
        for (const workspace of page) {
          const report = await reconciler.reconcile(workspace.id, { repair, replayLog: true });
          if (!report) continue;
          reports.push(report);
          print(report);
          progress.update(reports.length, undefined, 'workspaces');
        }
        if (page.length < 100) break;
        after = page[page.length - 1]!.id;
      }
      progress.done();
    }
    if (args.options.json) process.stdout.write(`${JSON.stringify(reports, null, 2)}\n`);
    else {
      const drifted = reports.filter(
        (r) => r.entriesAdded + r.entriesRemoved + r.entriesFixed || r.filesDrift || r.bytesDrift,
      );
      process.stdout.write(
        `${reports.length} workspaces checked on ${stores.location}; ${drifted.length} had drift${repair ? ' (repaired)' : ''}.\n`,
      );
    }
    return 0;
  } finally {
    await stores.close();
  }
}
