import { UsageError, type ParsedArgs } from './args';
import { jsonLineLogger } from '../adapters/local/jsonLineLogger';
import { silentLogger, type Logger } from '../ports/logger';
import type { BackendName } from '../runtime/stores';

/** Refuses options a command does not know, so a typo never silently changes what it does. */
export function allowOnly(args: ParsedArgs, allowed: string[]): void {
  for (const name of Object.keys(args.options)) {
    if (!allowed.includes(name)) throw new UsageError(`unknown option --${name}`);
  }
}

/** `--backend local|firebase` (default local; firebase = the emulators when their env vars are set). */
export function backendOption(args: ParsedArgs): BackendName {
  const value = args.options.backend ?? 'local';
  if (value !== 'local' && value !== 'firebase') throw new UsageError('--backend must be local or firebase');
  return value;
}

/** `--verbose`: the structured log entries the cloud would get, on stderr; otherwise none (the summary is for people). */
export function cliLogger(args: ParsedArgs): Logger {
  return args.options.verbose ? jsonLineLogger((line) => process.stderr.write(`${line}\n`)) : silentLogger;
}
