#!/usr/bin/env node
// `redocly lint` (recommended rules, redocly.yaml) of the OpenAPI document each backend serves,
// generated from the built functions into a temp folder: the document is derived from the route
// table on every run, so there is no checked-in copy that could go stale.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openApiDocument } from './openapi.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dir = mkdtempSync(join(tmpdir(), 'websplat-openapi-'));
try {
  const files = ['local', 'firebase'].map((backend) => {
    const file = join(dir, `openapi.${backend}.json`);
    writeFileSync(file, JSON.stringify(openApiDocument(backend), null, 2));
    return file;
  });
  const redocly = join(root, 'node_modules', '@redocly', 'cli', 'bin', 'cli.js');
  let failed = false;
  for (const file of files) {
    const result = spawnSync(
      process.execPath,
      [redocly, 'lint', '--config', join(root, 'redocly.yaml'), '--format', 'json', '--max-problems', '500', file],
      {
        cwd: root,
        encoding: 'utf8',
        env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
      },
    );
    let report;
    try {
      report = JSON.parse(result.stdout);
    } catch {
      process.stderr.write(
        `redocly lint gave no report (exit ${result.status}):\n${result.stdout}\n${result.stderr}\n`,
      );
      failed = true;
      continue;
    }
    const { errors, warnings } = report.totals;
    process.stdout.write(`${file.slice(dir.length + 1)}: ${errors} errors, ${warnings} warnings\n`);
    for (const problem of report.problems) {
      const where = problem.location?.map((l) => l.pointer).join(', ') ?? '';
      process.stdout.write(`  ${problem.severity} ${problem.ruleId} at ${where}: ${problem.message}\n`);
    }
    // A warning fails too: each is either fixed in the generator or turned off in redocly.yaml with its reason.
    if (result.status !== 0 || errors > 0 || warnings > 0) failed = true;
  }
  process.exitCode = failed ? 1 : 0;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
