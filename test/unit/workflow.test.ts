/**
 * The GitHub Actions workflow (.github/workflows/ci-cd.yml), checked offline:
 * it parses, fits a schema of the part of the workflow syntax it uses, and
 * does what CI/CD must do: test every push and pull request with `npm ci`
 * and `npm test`, deploy only pushes to main that passed, one at a time, with
 * the deploy credentials visible to the deploy job only.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';

const ROOT = resolve(__dirname, '../..');
const WORKFLOW = resolve(ROOT, '.github/workflows/ci-cd.yml');

const scalar = z.union([z.string(), z.number(), z.boolean()]);
const permissionLevel = z.enum(['read', 'write', 'none']);
const Permissions = z.union([z.enum(['read-all', 'write-all']), z.record(z.string(), permissionLevel)]);
const Concurrency = z.union([
  z.string(),
  z.strictObject({ group: z.string().min(1), 'cancel-in-progress': z.union([z.boolean(), z.string()]).optional() }),
]);
const EventFilter = z
  .strictObject({
    branches: z.array(z.string()).optional(),
    'branches-ignore': z.array(z.string()).optional(),
    tags: z.array(z.string()).optional(),
    paths: z.array(z.string()).optional(),
    'paths-ignore': z.array(z.string()).optional(),
    types: z.array(z.string()).optional(),
  })
  .nullable();
const Step = z
  .strictObject({
    name: z.string().optional(),
    id: z.string().optional(),
    if: z.string().optional(),
    uses: z
      .string()
      .regex(/^[\w.-]+\/[\w.-]+@v\d+$/, 'an action pinned by its major tag, owner/name@vN')
      .optional(),
    run: z.string().min(1).optional(),
    with: z.record(z.string(), scalar).optional(),
    env: z.record(z.string(), scalar).optional(),
    shell: z.string().optional(),
    'working-directory': z.string().optional(),
    'continue-on-error': z.boolean().optional(),
    'timeout-minutes': z.number().int().positive().optional(),
  })
  .refine((s) => (s.uses === undefined) !== (s.run === undefined), 'a step has exactly one of uses / run')
  .refine((s) => s.with === undefined || s.uses !== undefined, '`with` belongs to a `uses` step');
const Job = z.strictObject({
  name: z.string().optional(),
  'runs-on': z.union([z.string(), z.array(z.string()).min(1)]),
  needs: z.union([z.string(), z.array(z.string())]).optional(),
  if: z.string().optional(),
  'timeout-minutes': z.number().int().positive().optional(),
  environment: z.union([z.string(), z.strictObject({ name: z.string(), url: z.string().optional() })]).optional(),
  permissions: Permissions.optional(),
  concurrency: Concurrency.optional(),
  env: z.record(z.string(), scalar).optional(),
  steps: z.array(Step).min(1),
});
const Workflow = z.strictObject({
  name: z.string().optional(),
  on: z.partialRecord(z.enum(['push', 'pull_request', 'workflow_dispatch']), EventFilter),
  permissions: Permissions,
  concurrency: Concurrency.optional(),
  env: z.record(z.string(), scalar).optional(),
  jobs: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_-]*$/), Job),
});
type Job = z.infer<typeof Job>;

/**
 * Evaluates the subset of GitHub expressions a job guard may use here:
 * `github.<field> == 'literal'` / `!=`, joined with `&&`. Anything else throws,
 * so a guard this test cannot reason about fails the test instead of passing it.
 */
function evaluateGuard(expression: string, github: Record<string, string>): boolean {
  const body = expression.trim().replace(/^\$\{\{([\s\S]*)\}\}$/, '$1');
  return body.split('&&').every((clause) => {
    const match = /^\s*github\.(\w+)\s*(==|!=)\s*'([^']*)'\s*$/.exec(clause);
    if (!match) throw new Error(`guard clause not understood: ${clause}`);
    const [, field, op, literal] = match;
    assert.ok(field! in github, `unknown context field github.${field}`);
    return (github[field!] === literal) === (op === '==');
  });
}

const runs = (job: Job) => job.steps.flatMap((s) => (s.run ? s.run.split('\n').map((l) => l.trim()) : []));
const step = (job: Job, action: string) => job.steps.find((s) => s.uses?.startsWith(`${action}@`));

describe('CI/CD workflow (.github/workflows/ci-cd.yml)', () => {
  const raw = parse(readFileSync(WORKFLOW, 'utf8')) as unknown;
  const parsed = Workflow.safeParse(raw);
  const workflow = parsed.data!; // undefined when the first test fails, which then explains why

  it('fits the schema of the workflow syntax it uses', () => {
    assert.ok(parsed.success, parsed.success ? '' : z.prettifyError(parsed.error));
  });

  it('the schema is strict enough to refuse common mistakes', () => {
    type Mutable = {
      jobs: Record<string, { runs_on?: string; steps: Record<string, unknown>[] }>;
      permissions: unknown;
    };
    const accepts = (mutate: (w: Mutable) => void) => {
      const copy = structuredClone(raw) as Mutable;
      mutate(copy);
      return Workflow.safeParse(copy).success;
    };
    assert.equal(
      accepts(() => undefined),
      true,
    );
    assert.equal(
      accepts((w) => (w.jobs.test!.runs_on = 'ubuntu-latest')),
      false,
    );
    assert.equal(
      accepts((w) => (w.jobs.test!.steps[0]!.run = 'echo both')),
      false,
    );
    assert.equal(
      accepts((w) => (w.jobs.test!.steps[0]!.uses = 'actions/checkout@main')),
      false,
    );
    assert.equal(
      accepts((w) => (w.jobs.deploy!.steps.at(-1)!.with = { x: 1 })),
      false,
    );
    assert.equal(
      accepts((w) => (w.permissions = { contents: 'admin' })),
      false,
    );
  });

  it('runs on every push and pull request', () => {
    assert.deepEqual(Object.keys(workflow.on).sort(), ['pull_request', 'push']);
    assert.equal(workflow.on.push, null, 'push is not filtered: every branch is tested');
  });

  it('test job: Node 20, Java 21+ (Temurin), npm cache, then `npm ci` before `npm test`', () => {
    const test = workflow.jobs.test!;
    const node = step(test, 'actions/setup-node')!;
    assert.equal(String(node.with?.['node-version']), '20');
    assert.equal(node.with?.cache, 'npm');
    const java = step(test, 'actions/setup-java')!;
    assert.equal(java.with?.distribution, 'temurin');
    assert.ok(Number(java.with?.['java-version']) >= 21);
    const commands = runs(test);
    const ci = commands.findIndex((c) => /^npm ci\b/.test(c));
    const npmTest = commands.indexOf('npm test');
    assert.ok(ci >= 0 && npmTest > ci, `npm ci then npm test, got ${JSON.stringify(commands)}`);
    assert.ok(test.steps.indexOf(step(test, 'actions/checkout')!) === 0, 'checkout first');
  });

  it('deploy job: needs test and runs only for a push to main', () => {
    const deploy = workflow.jobs.deploy!;
    assert.deepEqual([deploy.needs].flat(), ['test']);
    const cases: [string, string, boolean][] = [
      ['push', 'refs/heads/main', true],
      ['push', 'refs/heads/feature', false],
      ['push', 'refs/tags/v1', false],
      ['pull_request', 'refs/pull/7/merge', false],
      ['workflow_dispatch', 'refs/heads/main', false],
    ];
    for (const [event_name, ref, expected] of cases) {
      assert.equal(evaluateGuard(deploy.if!, { event_name, ref }), expected, `${event_name} ${ref}`);
    }
  });

  it('deploy job: one at a time, never cancelled halfway, then `firebase deploy` of what firebase.json defines', () => {
    const deploy = workflow.jobs.deploy!;
    assert.deepEqual(deploy.concurrency, { group: 'deploy-production', 'cancel-in-progress': false });
    const command = runs(deploy).find((c) => c.includes('firebase deploy'))!;
    assert.match(command, /^npx firebase deploy --only (\S+) --project "\$PROJECT" --force --non-interactive$/);
    const targets = /--only (\S+)/.exec(command)![1]!.split(',');
    assert.deepEqual(targets.sort(), ['firestore', 'functions', 'storage']);
    const firebaseJson = JSON.parse(readFileSync(resolve(ROOT, 'firebase.json'), 'utf8')) as Record<string, unknown>;
    for (const target of targets) assert.ok(target in firebaseJson, `firebase.json has no ${target}`);
    const deployStep = deploy.steps.find((s) => s.run?.includes('firebase deploy'))!;
    assert.match(String(deployStep.env?.PROJECT), /^\$\{\{ (vars|secrets)\.\w+ \}\}$/);
    const credentialsAt = deploy.steps.findIndex((s) => s.run?.includes('GOOGLE_APPLICATION_CREDENTIALS='));
    assert.ok(credentialsAt >= 0 && credentialsAt < deploy.steps.indexOf(deployStep), 'credentials before deploy');
  });

  it('least privilege: read-only token, and secrets only in the deploy job, only through step env', () => {
    assert.deepEqual(workflow.permissions, { contents: 'read' });
    for (const job of Object.values(workflow.jobs)) {
      assert.ok(!JSON.stringify(job.permissions ?? {}).includes('write'));
    }
    const { deploy, ...others } = workflow.jobs;
    assert.ok(!JSON.stringify({ ...workflow, jobs: others }).includes('secrets.'), 'a secret outside the deploy job');
    const withSecret = deploy!.steps.filter((s) => JSON.stringify(s).includes('secrets.'));
    assert.ok(withSecret.length > 0, 'the deploy job uses the service-account secret');
    for (const s of withSecret) {
      assert.ok(!s.run?.includes('secrets.'), 'a secret expanded inside a script');
      assert.ok(Object.values(s.env ?? {}).some((v) => String(v).includes('secrets.FIREBASE_SERVICE_ACCOUNT')));
    }
  });
});
