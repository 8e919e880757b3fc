/**
 * The log-based metrics and alert policies in ops/monitoring, checked offline:
 * each file fits the resource format gcloud takes (LogMetric for
 * `gcloud logging metrics create --config-from-file`, AlertPolicy for
 * `gcloud monitoring policies create --policy-from-file`), every metric counts
 * a log event the code really emits on a function that is really deployed,
 * every alert watches a metric that exists, and scripts/apply-monitoring.mjs
 * issues the right gcloud commands (dry run, and against a stand-in gcloud).
 */
import { strict as assert } from 'node:assert';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';

const ROOT = resolve(__dirname, '../..');
const SRC = join(ROOT, 'functions/src');

/** Every log event an operator must be able to count or alert on. */
const REQUIRED_EVENTS = ['api.request', 'index.failed', 'purge.pass', 'purge.failed', 'reconcile.drift'];

// --- resource formats (the subset of LogMetric and AlertPolicy used here) ---

const duration = z.string().regex(/^\d+s$/, 'a duration in seconds, e.g. 300s');
const LogMetric = z
  .strictObject({
    description: z.string().min(1),
    filter: z.string().min(1),
    disabled: z.boolean().optional(),
    metricDescriptor: z.strictObject({
      metricKind: z.literal('DELTA'),
      valueType: z.enum(['INT64', 'DISTRIBUTION']),
      unit: z.string().min(1),
      displayName: z.string().optional(),
      labels: z
        .array(
          z.strictObject({
            key: z.string().regex(/^[a-z][a-zA-Z0-9_]*$/),
            valueType: z.enum(['STRING', 'BOOL', 'INT64']),
            description: z.string().min(1),
          }),
        )
        .optional(),
    }),
    valueExtractor: z.string().optional(),
    labelExtractors: z.record(z.string(), z.string()).optional(),
    bucketOptions: z
      .union([
        z.strictObject({
          exponentialBuckets: z.strictObject({
            numFiniteBuckets: z.number().int().positive(),
            growthFactor: z.number().gt(1),
            scale: z.number().positive(),
          }),
        }),
        z.strictObject({
          linearBuckets: z.strictObject({
            numFiniteBuckets: z.number().int().positive(),
            width: z.number().positive(),
            offset: z.number(),
          }),
        }),
        z.strictObject({ explicitBuckets: z.strictObject({ bounds: z.array(z.number()).min(1) }) }),
      ])
      .optional(),
  })
  .refine(
    (m) =>
      (m.metricDescriptor.valueType === 'DISTRIBUTION') === (m.valueExtractor !== undefined) &&
      (m.valueExtractor !== undefined) === (m.bucketOptions !== undefined),
    'a DISTRIBUTION metric has a valueExtractor and bucketOptions, a counter has neither',
  )
  .refine(
    (m) =>
      JSON.stringify((m.metricDescriptor.labels ?? []).map((l) => l.key).sort()) ===
      JSON.stringify(Object.keys(m.labelExtractors ?? {}).sort()),
    'every label has an extractor and every extractor a label',
  );
type LogMetric = z.infer<typeof LogMetric>;

const Aggregation = z.strictObject({
  alignmentPeriod: duration.refine((d) => parseInt(d) >= 60, 'alignmentPeriod is at least 60s'),
  perSeriesAligner: z.string().regex(/^ALIGN_[A-Z0-9_]+$/),
  crossSeriesReducer: z
    .string()
    .regex(/^REDUCE_[A-Z0-9_]+$/)
    .optional(),
  groupByFields: z.array(z.string()).optional(),
});
const Trigger = z.union([
  z.strictObject({ count: z.number().int().positive() }),
  z.strictObject({ percent: z.number() }),
]);
const ConditionThreshold = z.strictObject({
  filter: z.string().min(1),
  aggregations: z.array(Aggregation).min(1),
  denominatorFilter: z.string().optional(),
  denominatorAggregations: z.array(Aggregation).optional(),
  comparison: z.enum(['COMPARISON_GT', 'COMPARISON_GE', 'COMPARISON_LT', 'COMPARISON_LE']),
  thresholdValue: z.number(),
  duration,
  trigger: Trigger.optional(),
});
const ConditionAbsent = z.strictObject({
  filter: z.string().min(1),
  aggregations: z.array(Aggregation).min(1),
  duration,
  trigger: Trigger.optional(),
});
const AlertPolicy = z.strictObject({
  displayName: z.string().min(1),
  severity: z.enum(['CRITICAL', 'ERROR', 'WARNING']),
  documentation: z.strictObject({ content: z.string().min(1), mimeType: z.literal('text/markdown') }),
  combiner: z.enum(['AND', 'OR']),
  conditions: z
    .array(
      z.union([
        z.strictObject({ displayName: z.string().min(1), conditionThreshold: ConditionThreshold }),
        z.strictObject({ displayName: z.string().min(1), conditionAbsent: ConditionAbsent }),
      ]),
    )
    .min(1),
  alertStrategy: z.strictObject({ autoClose: duration }).optional(),
  enabled: z.boolean().optional(),
});
type AlertPolicy = z.infer<typeof AlertPolicy>;

// --- loading ---

function load<T>(folder: string, schema: z.ZodType<T>): { file: string; name: string; value: T }[] {
  const dir = join(ROOT, 'ops/monitoring', folder);
  return readdirSync(dir)
    .sort()
    .map((file) => {
      assert.match(file, /\.yaml$/, `${folder}/${file}: only .yaml files belong here`);
      const result = schema.safeParse(parse(readFileSync(join(dir, file), 'utf8')));
      assert.ok(result.success, result.success ? '' : `${folder}/${file}:\n${z.prettifyError(result.error)}`);
      return { file: `ops/monitoring/${folder}/${file}`, name: file.replace(/\.yaml$/, ''), value: result.data };
    });
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** Where each log event is emitted in functions/src (`event: '<name>'`), and that file's text. */
function emittedEvents(): Map<string, string> {
  const events = new Map<string, string>();
  for (const file of sourceFiles(SRC)) {
    const text = readFileSync(file, 'utf8');
    for (const [, name] of text.matchAll(/\bevent: '([a-z]+\.[a-z_]+)'/g)) events.set(name!, text);
  }
  return events;
}

/** The deployed functions (exports of functions/src/index.ts) as Cloud Run service names. */
function deployedServices(): string[] {
  // Export names only: reading them runs no function definition.
  const built = join(SRC, '../lib/index.js');
  assert.ok(existsSync(built), 'functions/lib is missing: run `npm run build` first');
  return Object.keys(require(built) as object).map((name) => name.toLowerCase());
}

const all = (text: string, re: RegExp) => [...text.matchAll(re)].map((m) => m[1]!);
const quoted = (key: string) => new RegExp(`${key.replace(/\./g, '\\.')}="([^"]+)"`, 'g');

describe('monitoring (ops/monitoring)', () => {
  const metrics = load('metrics', LogMetric);
  const alerts = load('alerts', AlertPolicy);
  const metricByName = new Map<string, LogMetric>(metrics.map((m) => [m.name, m.value]));
  const emitted = emittedEvents();
  const services = deployedServices();

  describe('log-based metrics', () => {
    it('are named for Cloud Monitoring and cover every event an operator needs', () => {
      assert.ok(metrics.length >= REQUIRED_EVENTS.length);
      for (const { name } of metrics) assert.match(name, /^websplat_[a-z0-9_]+$/);
      const counted = metrics.flatMap((m) => all(m.value.filter, quoted('jsonPayload.event')));
      for (const event of REQUIRED_EVENTS) assert.ok(counted.includes(event), `no metric counts ${event}`);
    });

    it('filter on one event that the code emits, on deployed Cloud Run services', () => {
      assert.ok(emitted.has('api.request') && emitted.has('index.failed'), 'the source scan finds events');
      for (const { name, value } of metrics) {
        assert.match(value.filter, /(^|\s)resource\.type="cloud_run_revision"(\s|$)/, name);
        const events = all(value.filter, quoted('jsonPayload.event'));
        assert.equal(events.length, 1, `${name}: exactly one jsonPayload.event`);
        const event = events[0]!;
        assert.ok(emitted.has(event), `${name}: nothing emits ${event}`);
        const named = all(value.filter, quoted('resource.labels.service_name'));
        assert.ok(named.length > 0, `${name}: names the service`);
        for (const service of named) {
          assert.ok(
            services.includes(service),
            `${name}: ${service} is not a deployed function (have ${services.join(', ')})`,
          );
        }
      }
    });

    it('extract only jsonPayload fields that the event carries', () => {
      for (const { name, value } of metrics) {
        const event = all(value.filter, quoted('jsonPayload.event'))[0]!;
        const extractors = [value.valueExtractor, ...Object.values(value.labelExtractors ?? {})].filter(
          (e): e is string => e !== undefined,
        );
        for (const extractor of extractors) {
          const field = /^EXTRACT\(jsonPayload\.([A-Za-z]\w*)\)$/.exec(extractor)?.[1];
          assert.ok(field, `${name}: ${extractor} is not EXTRACT(jsonPayload.<field>)`);
          const carried = new RegExp(`\\b${field}\\b`).test(emitted.get(event) ?? '');
          assert.ok(carried, `${name}: ${event} has no field ${field}`);
        }
      }
    });

    it('the api.request fields the metrics extract are really logged', () => {
      // The source scan above only sees the word; this pins the names the HTTP tests assert.
      const app = readFileSync(join(SRC, 'http/app.ts'), 'utf8');
      for (const field of ['outcome', 'operation', 'latencyMs']) assert.match(app, new RegExp(`log\\.${field} =`));
    });
  });

  describe('alert policies', () => {
    it('watch metrics that exist, through the labels they have', () => {
      const used = new Set<string>();
      for (const { name, value } of alerts) {
        for (const condition of value.conditions) {
          const spec = 'conditionThreshold' in condition ? condition.conditionThreshold : condition.conditionAbsent;
          const filters = [spec.filter, 'denominatorFilter' in spec ? spec.denominatorFilter : undefined];
          for (const filter of filters.filter((f): f is string => f !== undefined)) {
            assert.match(filter, /resource\.type="cloud_run_revision"/, name);
            const types = all(filter, quoted('metric.type'));
            assert.equal(types.length, 1, `${name}: one metric.type per filter`);
            const metricName = /^logging\.googleapis\.com\/user\/(.+)$/.exec(types[0]!)?.[1];
            const metric = metricName ? metricByName.get(metricName) : undefined;
            assert.ok(metric, `${name}: ${types[0]} is not a metric in ops/monitoring/metrics`);
            used.add(metricName!);
            const labels = (metric.metricDescriptor.labels ?? []).map((l) => l.key);
            const denominator =
              'conditionThreshold' in condition ? (condition.conditionThreshold.denominatorAggregations ?? []) : [];
            const aggregations = [...spec.aggregations, ...denominator];
            const referenced = [
              ...all(filter, /metric\.label\.(\w+)/g),
              ...aggregations.flatMap((a) => (a.groupByFields ?? []).map((f) => f.replace(/^metric\.label\./, ''))),
            ];
            for (const label of referenced) assert.ok(labels.includes(label), `${name}: ${metricName} has no ${label}`);
            if (metric.metricDescriptor.valueType === 'DISTRIBUTION') {
              // A threshold needs a number: a percentile or mean of the distribution.
              const a = spec.aggregations.at(-1)!;
              assert.match(`${a.perSeriesAligner} ${a.crossSeriesReducer}`, /PERCENTILE_\d+|MEAN/, name);
            }
          }
        }
      }
      assert.deepEqual(
        [...metricByName.keys()].filter((m) => !used.has(m)),
        [],
        'metrics no alert watches',
      );
    });

    it('name only operations the API has', () => {
      const operationIds = new Set(
        sourceFiles(join(SRC, 'http')).flatMap((f) => all(readFileSync(f, 'utf8'), /operationId: '([\w.]+)'/g)),
      );
      assert.ok(operationIds.has('workspaces.get'));
      for (const { name, value } of alerts) {
        for (const [, list] of JSON.stringify(value).matchAll(/metric\.label\.operation=one_of\(([^)]*)\)/g)) {
          for (const op of all(list!, /\\"([^\\]+)\\"/g))
            assert.ok(operationIds.has(op), `${name}: no operation ${op}`);
        }
      }
    });

    it('the purge not running is a metric-absence condition of at least 2 hours over all revisions', () => {
      const absent = alerts.flatMap(({ value }) =>
        value.conditions.flatMap((c) => ('conditionAbsent' in c ? [c.conditionAbsent] : [])),
      );
      const passes = absent.find((c) => c.filter.includes('logging.googleapis.com/user/websplat_purge_passes'));
      assert.ok(passes, 'an absence condition on websplat_purge_passes');
      assert.ok(parseInt(passes.duration) >= 7200);
      assert.ok(passes.aggregations[0]!.crossSeriesReducer, 'reduced across revisions, or every deploy alerts');
    });

    it('each points to its runbook section in docs/operations.md', () => {
      const operations = readFileSync(join(ROOT, 'docs/operations.md'), 'utf8');
      for (const { name, value } of alerts) {
        const section = /"Monitoring and alerts" > ([^.\n]+)\./.exec(value.documentation.content)?.[1];
        assert.ok(section, `${name}: documentation names its runbook section`);
        assert.ok(operations.includes(`\n### ${section}\n`), `${name}: docs/operations.md has no "### ${section}"`);
      }
    });
  });

  describe('scripts/apply-monitoring.mjs', () => {
    const SCRIPT = join(ROOT, 'scripts/apply-monitoring.mjs');
    const commands = (out: string) => out.split('\n').filter((l) => l.startsWith('gcloud '));

    it('--dry-run prints a create per metric, then per alert, for the project, and runs nothing', () => {
      const out = execFileSync(process.execPath, [SCRIPT, '--project', 'demo-proj', '--dry-run'], {
        encoding: 'utf8',
        env: { ...process.env, GCLOUD: '/nonexistent/gcloud' },
      });
      assert.deepEqual(commands(out), [
        ...metrics.map(
          (m) => `gcloud logging metrics create ${m.name} --config-from-file=${m.file} --project=demo-proj`,
        ),
        ...alerts.map((a) => `gcloud monitoring policies create --policy-from-file=${a.file} --project=demo-proj`),
      ]);
    });

    it('refuses to run without a valid project', () => {
      const run = spawnSync(process.execPath, [SCRIPT, '--dry-run', '--project', 'Bad_Project'], { encoding: 'utf8' });
      assert.equal(run.status, 2);
      assert.match(run.stderr, /--project <id> is required/);
    });

    describe('against a stand-in gcloud', () => {
      let dir: string;
      beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'apply-monitoring-'))));
      afterEach(() => rmSync(dir, { recursive: true, force: true }));

      /** A gcloud (bash, fast to start) that logs its arguments; knows one metric and the policies given. */
      function fakeGcloud(policies: string[]): string {
        const path = join(dir, 'gcloud');
        writeFileSync(
          path,
          `#!/usr/bin/env bash
printf '%s\\x1f' "$@" >> ${JSON.stringify(join(dir, 'calls'))}; echo >> ${JSON.stringify(join(dir, 'calls'))}
if [ "$2 $3" = "metrics describe" ]; then [ "$4" = websplat_api_requests ]; exit; fi
if [ "$2 $3" = "policies list" ] && [[ "$*" == *"server errors above 5%"* ]]; then printf '%s\\n' ${policies.join(' ')}; fi
`,
        );
        chmodSync(path, 0o755);
        return path;
      }
      const run = (gcloud: string) =>
        spawnSync(
          process.execPath,
          [SCRIPT, '--project=demo-proj', '--notification-channels=projects/demo-proj/notificationChannels/7'],
          {
            encoding: 'utf8',
            env: { ...process.env, GCLOUD: gcloud },
          },
        );
      const calls = () =>
        readFileSync(join(dir, 'calls'), 'utf8')
          .trim()
          .split('\n')
          .map((l) => l.split('\x1f').slice(0, -1));

      it('updates what exists, creates the rest, and keeps the notification channels', () => {
        const result = run(fakeGcloud(['projects/demo-proj/alertPolicies/42']));
        assert.equal(result.status, 0, result.stderr);
        const writes = calls().filter((c) => ['create', 'update'].includes(c[2]!));
        assert.deepEqual(
          writes.filter((c) => c[0] === 'logging').map((c) => `${c[2]} ${c[3]}`),
          metrics.map((m) => `${m.name === 'websplat_api_requests' ? 'update' : 'create'} ${m.name}`),
        );
        const policyWrites = writes.filter((c) => c[0] === 'monitoring');
        assert.equal(policyWrites.length, alerts.length);
        const updated = policyWrites.filter((c) => c[2] === 'update');
        assert.deepEqual(updated, [
          [
            'monitoring',
            'policies',
            'update',
            'projects/demo-proj/alertPolicies/42',
            '--policy-from-file=ops/monitoring/alerts/api-error-rate.yaml',
            '--project=demo-proj',
            '--set-notification-channels=projects/demo-proj/notificationChannels/7',
          ],
        ]);
        for (const c of policyWrites.filter((c) => c[2] === 'create')) {
          assert.equal(c.at(-1), '--notification-channels=projects/demo-proj/notificationChannels/7');
        }
        // Metrics are all written before the first policy that refers to them.
        const order = calls()
          .filter((c) => ['create', 'update'].includes(c[2]!))
          .map((c) => c[0]);
        assert.equal(order.lastIndexOf('logging'), metrics.length - 1);
      });

      it('stops when two policies share a display name, before changing any policy', () => {
        const result = run(fakeGcloud(['projects/demo-proj/alertPolicies/1', 'projects/demo-proj/alertPolicies/2']));
        assert.equal(result.status, 1);
        assert.match(result.stderr, /more than one policy is named/);
        assert.ok(!calls().some((c) => c[0] === 'monitoring' && ['create', 'update'].includes(c[2]!)));
      });
    });
  });
});
