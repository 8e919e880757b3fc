#!/usr/bin/env node
// Creates or updates the log-based metrics (ops/monitoring/metrics/*.yaml) and
// the alert policies (ops/monitoring/alerts/*.yaml) in a project, with gcloud:
//
//   node scripts/apply-monitoring.mjs --project <id> [--notification-channels=<name>,...] [--dry-run]
//
// Metrics first (the policies refer to them). A metric is named after its file;
// an existing one is updated. A policy is matched by its displayName; an existing
// one is replaced by the file, so pass --notification-channels on every run or the
// channels are dropped. --dry-run prints the commands for a first apply and runs
// nothing, not even the lookups. GCLOUD overrides the gcloud executable.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const gcloud = process.env.GCLOUD || 'gcloud';

function usage(message) {
  process.stderr.write(
    `${message}\nusage: node scripts/apply-monitoring.mjs --project <id> [--notification-channels=<name>,...] [--dry-run]\n`,
  );
  process.exit(2);
}

function options(argv) {
  const out = { dryRun: false, project: undefined, channels: undefined };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s);
    const value = () => inline ?? argv[++i] ?? usage(`${flag} needs a value`);
    if (flag === '--dry-run') out.dryRun = true;
    else if (flag === '--project') out.project = value();
    else if (flag === '--notification-channels') out.channels = value();
    else usage(`unknown argument: ${argv[i]}`);
  }
  if (!out.project || !/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/.test(out.project)) usage('--project <id> is required');
  return out;
}

const files = (folder) =>
  readdirSync(join(root, folder))
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => `${folder}/${f}`);

const quote = (arg) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`);

function gcloudRun(args, { capture = false } = {}) {
  const result = spawnSync(gcloud, args, {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', capture ? 'pipe' : 'inherit', 'inherit'],
  });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout ?? '' };
}

function apply(args, dryRun) {
  process.stdout.write(`${['gcloud', ...args].map(quote).join(' ')}\n`);
  if (!dryRun && gcloudRun(args).status !== 0) {
    process.stderr.write('gcloud failed; stopping\n');
    process.exit(1);
  }
}

const { dryRun, project, channels } = options(process.argv.slice(2));
const scope = `--project=${project}`;

process.stdout.write('# log-based metrics\n');
for (const file of files('ops/monitoring/metrics')) {
  const name = file.replace(/^.*\/|\.yaml$/g, '');
  const exists =
    !dryRun &&
    gcloudRun(['logging', 'metrics', 'describe', name, scope, '--format=value(name)'], { capture: true }).status === 0;
  apply(['logging', 'metrics', exists ? 'update' : 'create', name, `--config-from-file=${file}`, scope], dryRun);
}

process.stdout.write('# alert policies\n');
for (const file of files('ops/monitoring/alerts')) {
  const { displayName } = parse(readFileSync(join(root, file), 'utf8'));
  let existing = [];
  if (!dryRun) {
    const found = gcloudRun(
      ['monitoring', 'policies', 'list', scope, `--filter=displayName="${displayName}"`, '--format=value(name)'],
      { capture: true },
    );
    if (found.status !== 0) process.exit(1);
    existing = found.stdout.split('\n').filter(Boolean);
  }
  if (existing.length > 1) {
    process.stderr.write(`more than one policy is named "${displayName}": ${existing.join(', ')}; delete the extras\n`);
    process.exit(1);
  }
  const args =
    existing.length === 1
      ? ['monitoring', 'policies', 'update', existing[0], `--policy-from-file=${file}`, scope]
      : ['monitoring', 'policies', 'create', `--policy-from-file=${file}`, scope];
  if (channels) args.push(`--${existing.length === 1 ? 'set-' : ''}notification-channels=${channels}`);
  apply(args, dryRun);
}
