import { localDataDir, servePort } from '../config';
import { parseArgs, parseDuration, UsageError } from './args';

// Each command loads its own modules when it runs, so `serve` starts without
// zod or the other commands' SDKs.
type Modules = {
  serve: typeof import('./serve');
  import: typeof import('./importCommand');
  migrate: typeof import('./migrateCommand');
  purge: typeof import('./purgeCommand');
  reindex: typeof import('./reindexCommand');
  usage: typeof import('./usageCommand');
  restore: typeof import('./restoreCommand');
  checkpoint: typeof import('./checkpointCommand');
  log: typeof import('./logCommand');
  tokens: typeof import('../adapters/local/localTokens');
  schemas: typeof import('../schemas/common');
};
const FILES: Record<keyof Modules, string> = {
  serve: './serve',
  import: './importCommand',
  migrate: './migrateCommand',
  purge: './purgeCommand',
  reindex: './reindexCommand',
  usage: './usageCommand',
  restore: './restoreCommand',
  checkpoint: './checkpointCommand',
  log: './logCommand',
  tokens: '../adapters/local/localTokens',
  schemas: '../schemas/common',
};
const load = <K extends keyof Modules>(name: K): Modules[K] => require(FILES[name]) as Modules[K];

const USAGE = `Usage: websplat <command>

Commands:
  serve [--port N] [--host H]            Serve the API on the local backend (default 127.0.0.1:8080)
  token <uid> [--email E] [--ttl 1h] [--admin]
                                         Print a bearer token the local backend accepts for <uid>
                                         (--admin: an operator, who may read /v1/admin/usage)
  usage [--from D] [--to D] [--days 30] [--workspace ID] [--top N]
                                         Bytes, files, operations and an estimated monthly cost
  purge [--dry-run] [--stale-after 30d] [--budget 10m] [--reconcile N] [--lease 2m]
                                         One purge pass: deleted and stale workspaces, expired
                                         sessions and cache entries, kept versions past retention and
                                         unreferenced bytes; reconciles N active workspaces
  reindex [workspaceId] [--dry-run]      Rebuild file indexes and counters from the stored objects
  import <dir> --owner <uid> [--name N] [--description D]
                                         Adopt a folder of generated files as a new workspace
  migrate --to firebase [--verify-only]  Copy the local backend into Firestore + Cloud Storage, then verify
                                         (the live files and state; not the history: commits, kept versions)
  log <workspaceId> [--limit 20] [--before <commitId>]
                                         The commits of a workspace, newest first: id, time, author or
                                         agent, message and the paths changed
  restore <workspaceId> [--reindex]      Recreate a purged workspace from its purge record (docs/recovery.md)
  checkpoint <workspaceId> [--label L]   Take a checkpoint of a workspace's files and shared state
  restore-checkpoint <workspaceId> <checkpointId>
                                         Restore a checkpoint (after an automatic checkpoint that undoes it)

Options of purge, reindex, import, usage, restore, log and the checkpoint commands:
  --backend local|firebase   local (default): the data folder; firebase: Firestore + Cloud Storage
                             (the emulators when FIRESTORE_EMULATOR_HOST etc. are set)
  --json                     machine-readable output
  --verbose                  (purge, reindex) structured log entries on stderr

Environment:
  WEBSPLAT_DATA_DIR   data folder of the local backend (default ./.websplat-data)
  PORT                port for serve (default 8080)
`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'serve': {
      const { options } = parseArgs(rest);
      const port = options.port === undefined ? servePort() : Number(options.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`not a port: ${options.port}`);
      const host = String(options.host ?? '127.0.0.1');
      const { runtime, url, shutdown } = await load('serve').serve({ dataDir: localDataDir(), port, host });
      process.stdout.write(`websplat: serving the API at ${url}/v1 (local backend, data in ${runtime.dataDir})\n`);
      // SIGTERM (Ctrl-C too): open event streams end with reason "shutdown", then the process exits.
      await new Promise<void>((resolve) => {
        const stop = () => void shutdown().then(resolve);
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await runtime.close();
      return 0;
    }
    case 'token': {
      const { positionals, options } = parseArgs(rest, ['admin']);
      const [uid] = positionals;
      if (!uid || positionals.length > 1) throw new UsageError('token takes exactly one <uid>');
      if (!load('schemas').Uid.safeParse(uid).success) throw new UsageError(`not a valid user id: ${uid}`);
      const ttlSeconds = parseDuration(String(options.ttl ?? '1h'));
      const email = options.email === undefined ? undefined : String(options.email);
      const { LocalTokens, loadOrCreateKey } = load('tokens');
      const tokens = new LocalTokens(loadOrCreateKey(localDataDir(), 'token-signing'));
      const admin = options.admin === true;
      process.stdout.write(`${tokens.mint(uid, { ttlSeconds, ...(email && { email }), ...(admin && { admin }) })}\n`);
      return 0;
    }
    case 'purge':
      return load('purge').purgeCommand(rest, localDataDir());
    case 'reindex':
      return load('reindex').reindexCommand(rest, localDataDir());
    case 'import':
      return load('import').importCommand(rest, localDataDir());
    case 'migrate':
      return load('migrate').migrateCommand(rest, localDataDir());
    case 'usage':
      return load('usage').usageCommand(rest, localDataDir());
    case 'restore':
      return load('restore').restoreCommand(rest, localDataDir());
    case 'checkpoint':
      return load('checkpoint').checkpointCommand(rest, localDataDir());
    case 'restore-checkpoint':
      return load('checkpoint').restoreCheckpointCommand(rest, localDataDir());
    case 'log':
      return load('log').logCommand(rest, localDataDir());
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(USAGE);
      return command === undefined ? 2 : 0;
    default:
      throw new UsageError(`unknown command: ${command}`);
  }
}

export function run(argv: string[]): void {
  main(argv).then(
    (code) => process.exit(code),
    (error: unknown) => {
      if (error instanceof UsageError) {
        process.stderr.write(`websplat: ${error.message}\n\n${USAGE}`);
        process.exit(2);
      }
      process.stderr.write(`websplat: ${(error as Error).message ?? String(error)}\n`);
      process.exit(1);
    },
  );
}
