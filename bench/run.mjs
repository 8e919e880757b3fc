#!/usr/bin/env node
// `npm run bench`: builds, runs each benchmark item (bench/items/<id>.mjs) and
// writes bench/results.json and bench/results.md. Items that need the Firebase
// emulators run in one emulator session (scripts/emulators-exec.mjs, under
// `flock /tmp/websplat-emulators.lock` so that only one suite runs on the machine).
// Items whose module is not there yet are skipped. Options: --only a,b (ids).
// Every figure is a ratio against a baseline measured in the same run.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { cpuTicks, ROOT, stealShare } from './lib/common.mjs';

const ITEMS = [
  { id: 'coldStart', title: 'Cold start' },
  { id: 'load', title: 'Request throughput (serve and functions-framework vs their ceilings)' },
  { id: 'memory', title: 'Memory while streaming 100 MB' },
  { id: 'cost', title: 'Firestore cost per operation' },
  { id: 'indexThroughput', title: 'Index throughput (finalize events/s vs raw single-document transactions)' },
  { id: 'purge', title: 'Purge of 1,000 files vs a naive loop' },
  { id: 'clientSize', title: 'Client bundle size (@websplat/client, minified + gzipped, vs its budget)' },
  { id: 'console', title: 'Console: first-load JS and a 1,000-file tree' },
  { id: 'burst', title: 'Agent write bursts (50 files, 16 in flight, vs raw single-document writes)' },
  { id: 'history', title: 'Commit of 30 files vs 30 sequential PUTs' },
  { id: 'checkpoints', title: 'Checkpoint, restore and diff of 1,000 files (vs copying the files)' },
];
const EMULATORS = 'auth,firestore,storage';
// Other work on the machine shows in every figure: the 1-minute load average when the run began.
const LOAD_AT_START = loadavg()[0].toFixed(1);
// ... and CPU time the hypervisor took from this VM meanwhile (see cpuTicks).
const TICKS_AT_START = cpuTicks();
const say = (message) => process.stderr.write(`bench: ${message}\n`);
const moduleOf = (id) => join(ROOT, 'bench', 'items', `${id}.mjs`);

const args = process.argv.slice(2);
const flag = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const only = flag('--only')?.split(',');
const insideEmulators = args.includes('--inside-emulators');

/** Runs the given items here, one after another; returns their results by id. */
async function runItems(ids) {
  const results = {};
  for (const id of ids) {
    const started = Date.now();
    say(`[${id}] start`);
    try {
      const item = await import(moduleOf(id));
      results[id] = await item.run();
    } catch (error) {
      say(`[${id}] FAILED: ${error.stack ?? error}`);
      results[id] = { error: String(error.message ?? error) };
    }
    say(`[${id}] done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  return results;
}

/** Runs the emulator items in a child of scripts/emulators-exec.mjs; returns their results. */
function runInEmulators(ids) {
  const dir = mkdtempSync(join(tmpdir(), 'websplat-bench-'));
  const out = join(dir, 'results.json');
  const inner = `node bench/run.mjs --inside-emulators --only ${ids.join(',')} --out ${out}`;
  const command = [process.execPath, join(ROOT, 'scripts', 'emulators-exec.mjs'), inner];
  const haveFlock = spawnSync('flock', ['--version']).status === 0;
  if (haveFlock) say('waiting for /tmp/websplat-emulators.lock (one emulator suite per machine)');
  return new Promise((resolve) => {
    const child = spawn(
      haveFlock ? 'flock' : command[0],
      haveFlock ? ['/tmp/websplat-emulators.lock', ...command] : command.slice(1),
      {
        cwd: ROOT,
        // Timings without the test-only production-limits check (test/support/firestoreLimits.cjs).
        env: { ...process.env, WEBSPLAT_EMULATORS: EMULATORS, WEBSPLAT_STRICT_FIRESTORE: '0' },
        stdio: ['ignore', 'ignore', 'inherit'],
      },
    );
    child.on('exit', (code) => {
      const results = existsSync(out) ? JSON.parse(readFileSync(out, 'utf8')) : {};
      rmSync(dir, { recursive: true, force: true });
      for (const id of ids)
        results[id] ??= { error: `the emulator session ended with ${code} before this item reported` };
      resolve(results);
    });
  });
}

const fmt = (value, unit) =>
  unit === 'req/s'
    ? `${Math.round(value)} req/s`
    : unit === 'MiB' || unit === 'KiB'
      ? `${value.toFixed(1)} ${unit}`
      : `${Math.round(value)} ${unit}`;
const yesNo = (met) => (met === null || met === undefined ? 'n/a' : met ? 'yes' : 'no');

function markdown(results, skipped, when) {
  const lines = [
    '# Benchmark results',
    '',
    `Measured ${when} by \`npm run bench\` (${process.platform}, Node ${process.version}, ${availableParallelism()} cores, load average ${LOAD_AT_START} at the start, ${(100 * stealShare(TICKS_AT_START, cpuTicks())).toFixed(0)}% of the CPU time stolen by the hypervisor over the run).`,
    'Every figure is compared with a baseline measured in the same run; see the Benchmarks section of the README.',
    '',
    '| item | figure | baseline | ratio | budget | met | detail |',
    '| --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const { id } of ITEMS) {
    for (const r of results[id]?.rows ?? []) {
      lines.push(
        `| ${r.name} | ${fmt(r.figure, r.unit)} | ${fmt(r.baseline, r.unit)} | ${r.ratio.toFixed(2)}x | ${r.budget} | ${yesNo(r.met)} | ${r.detail ?? ''} |`,
      );
    }
  }
  const cost = results.cost?.cost;
  if (cost) {
    lines.push('', '## Firestore reads and writes per API operation', '');
    lines.push(
      '| operation | reads | writes | budget (reads / writes) | met | note |',
      '| --- | --- | --- | --- | --- | --- |',
    );
    for (const c of cost) {
      lines.push(
        `| ${c.operation} | ${c.reads} | ${c.writes} | ${c.budget.reads} / ${c.budget.writes} | ${yesNo(c.met)} | ${c.note} |`,
      );
    }
  }
  const failed = ITEMS.filter(({ id }) => results[id]?.error);
  if (failed.length) {
    lines.push('', '## Failed', '');
    for (const { id, title } of failed) lines.push(`- ${title}: ${results[id].error}`);
  }
  if (skipped.length) {
    lines.push('', '## Not measured yet', '');
    for (const { title } of skipped) lines.push(`- ${title}: no item module yet.`);
  }
  return `${lines.join('\n')}\n`;
}

const selected = ITEMS.filter(({ id }) => !only || only.includes(id));
const present = selected.filter(({ id }) => existsSync(moduleOf(id)));
const skipped = selected.filter((item) => !present.includes(item));

if (insideEmulators) {
  const results = await runItems(present.map(({ id }) => id));
  writeFileSync(flag('--out'), JSON.stringify(results));
} else {
  const started = Date.now();
  for (const { id, title } of skipped) say(`[${id}] skipped: ${title} has no item module yet`);
  say('building functions/ (npm run build)');
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
  const needsEmulators = [];
  const local = [];
  for (const { id } of present) ((await import(moduleOf(id))).meta.emulators ? needsEmulators : local).push(id);
  const results = await runItems(local);
  if (needsEmulators.length) Object.assign(results, await runInEmulators(needsEmulators));
  const when = new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
  const prettier = await import('prettier');
  const json = JSON.stringify({ measuredAt: when, results, skipped: skipped.map(({ id }) => id) });
  const md = await prettier.format(markdown(results, skipped, when), {
    parser: 'markdown',
    ...(await prettier.resolveConfig(join(ROOT, 'bench', 'results.md'))),
  });
  process.stdout.write(`\n${md}`);
  // A subset (--only) is printed, never written over the checked-in results of a full run.
  if (only) {
    say(`finished in ${((Date.now() - started) / 1000).toFixed(0)} s (--only: results files left as they were)`);
  } else {
    writeFileSync(join(ROOT, 'bench', 'results.json'), await prettier.format(json, { parser: 'json' }));
    writeFileSync(join(ROOT, 'bench', 'results.md'), md);
    say(`finished in ${((Date.now() - started) / 1000).toFixed(0)} s: bench/results.md, bench/results.json`);
  }
  const failed = Object.values(results).some((r) => r.error);
  process.exitCode = failed ? 1 : 0;
}
