/**
 * docs/deploy.md against the repository: everything in the guide that can be
 * checked without a cloud project. The files it deploys exist and parse, the
 * params it lists are the ones the built functions declare (names and
 * defaults), the commands it names exist, the URLs and object names it builds
 * follow the code, and its CI section matches the workflow.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parse } from 'yaml';
import { objectName } from '@functions/domain/files/paths';

const ROOT = resolve(__dirname, '../..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
const DOC = read('docs/deploy.md');

type ParamSpec = { name: string; type: string; default?: unknown };

/** The params the built functions declare (what `firebase deploy` reads), from functions/lib/config.js. */
function builtParams(): ParamSpec[] {
  const lib = join(ROOT, 'functions/lib/config.js');
  assert.ok(existsSync(lib), 'functions/lib is missing: run `npm run build` first');
  const config = require(lib) as Record<string, { toSpec?: () => ParamSpec }>;
  return Object.values(config).flatMap((v) => (v && typeof v.toSpec === 'function' ? [v.toSpec()] : []));
}

/** Rows of the first markdown table whose header starts with `| <first> |`. */
function table(markdown: string, first: string): string[][] {
  const lines = markdown.split('\n');
  const start = lines.findIndex((l) => new RegExp(`^\\|\\s*${first}\\s*\\|`).test(l));
  assert.ok(start >= 0, `a table headed "${first}"`);
  const rows: string[][] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    rows.push(
      line
        .split('|')
        .slice(1, -1)
        .map((c) => c.trim()),
    );
  }
  return rows;
}

const code = (cell: string) => /^`([^`]+)`/.exec(cell)?.[1];

describe('deploy guide (docs/deploy.md)', () => {
  it('firebase.json parses and names files and scripts that exist', () => {
    const firebase = JSON.parse(read('firebase.json')) as {
      functions: { source: string; runtime: string; predeploy: string[] }[];
      firestore: { rules: string; indexes: string };
      storage: { rules: string };
    };
    for (const file of [firebase.firestore.rules, firebase.firestore.indexes, firebase.storage.rules]) {
      assert.ok(existsSync(join(ROOT, file)), `${file} exists`);
    }
    JSON.parse(read(firebase.firestore.indexes));
    assert.match(read(firebase.storage.rules), /^rules_version = '2';/m);
    assert.match(read(firebase.firestore.rules), /^service cloud\.firestore/m);
    const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;
    for (const fn of firebase.functions) {
      assert.equal(fn.runtime, 'nodejs22');
      const pkg = JSON.parse(read(`${fn.source}/package.json`)) as { main: string };
      assert.ok(existsSync(join(ROOT, fn.source, pkg.main)), `the build output ${fn.source}/${pkg.main} exists`);
      for (const hook of fn.predeploy) {
        const script = /^npm --prefix "\$PROJECT_DIR" run (\S+)$/.exec(hook)?.[1];
        assert.ok(script && script in scripts, `predeploy ${hook}`);
        assert.ok(DOC.includes(`\`npm run ${script}\``), `the guide mentions the predeploy ${script}`);
      }
    }
  });

  it('lists exactly the params the built functions declare, with their defaults', () => {
    const specs = builtParams();
    const declared = new Map(
      specs.filter((p) => p.type !== 'secret').map((p) => [p.name, p.default === undefined ? '' : String(p.default)]),
    );
    assert.ok(declared.has('WEBSPLAT_MAX_FILE_BYTES'), 'the built module declares params');
    const rows = table(DOC, 'param');
    const documented = new Map(rows.map(([name, value]) => [code(name!)!, value!]));
    assert.deepEqual([...documented.keys()].sort(), [...declared.keys()].sort());
    for (const [name, value] of documented) {
      const shown = code(value);
      // A default too long for the table is described in words instead.
      if (shown !== undefined) assert.equal(shown, declared.get(name), `default of ${name}`);
      else {
        const fallback = declared.get(name)!;
        const said = fallback === '' ? /\bempty\b/.test(value) : fallback.length > 40;
        assert.ok(said, `${name}: show its default`);
      }
    }
  });

  it('every WEBSPLAT_ name it mentions is a param, the secret, or an environment variable the code reads', () => {
    const specs = builtParams();
    const source = (file: string) => read(`functions/src/${file}`);
    const known = new Set(specs.map((p) => p.name));
    for (const name of new Set(DOC.match(/\bWEBSPLAT_[A-Z_]+\b/g))) {
      const readFromEnv = source('config.ts').includes(`process.env.${name}`);
      assert.ok(known.has(name) || readFromEnv, `${name} is not declared anywhere`);
    }
  });

  it('sets every secret the functions declare', () => {
    const secrets = builtParams().filter((p) => p.type === 'secret');
    assert.ok(secrets.length > 0);
    for (const { name } of secrets) {
      assert.match(DOC, new RegExp(`firebase functions:secrets:set ${name}\\b`), `sets ${name}`);
    }
  });

  it('names commands, files and sections that exist', () => {
    const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;
    for (const [, script] of DOC.matchAll(/\bnpm run ([\w:-]+)/g)) assert.ok(script! in scripts, `npm run ${script}`);
    for (const [, file] of DOC.matchAll(/\bnode (scripts\/[\w./-]+)/g)) assert.ok(existsSync(join(ROOT, file!)), file);
    for (const [, file] of DOC.matchAll(
      /`((?:functions|test|scripts|ops|\.github)\/[\w./-]+\.(?:ts|mjs|json|yml|yaml))`/g,
    )) {
      assert.ok(existsSync(join(ROOT, file!)), `${file} exists`);
    }
    for (const [, link] of DOC.matchAll(/\]\(([^)#:]+)(#[^)]*)?\)/g)) {
      assert.ok(existsSync(resolve(ROOT, 'docs', link!)), `link ${link}`);
    }
    assert.ok(read('README.md').includes('\n## Walk-through (local backend)\n'), 'README section it refers to');
    assert.ok(read('docs/operations.md').includes('\n## Monitoring and alerts\n'), 'operations section it refers to');
  });

  it('enables every API the deployment uses', () => {
    const command = /gcloud services enable(?:[^\n]*\\\n)*[^\n]*/.exec(DOC)?.[0] ?? '';
    for (const api of [
      'cloudfunctions',
      'run',
      'eventarc',
      'pubsub',
      'storage',
      'firestore',
      'cloudbuild',
      'artifactregistry',
      'secretmanager',
      'cloudscheduler',
      'iamcredentials',
      'logging',
      'monitoring',
    ]) {
      assert.ok(command.includes(` ${api}.googleapis.com`), `enables ${api}`);
    }
  });

  it('builds the URL and the object names the code uses', () => {
    const REGION = /export const REGION = '([a-z0-9-]+)'/.exec(read('functions/src/config.ts'))![1]!;
    assert.ok(DOC.includes(`API=https://${REGION}-$PROJECT.cloudfunctions.net/api/v1`), 'API URL in REGION');
    assert.ok(DOC.includes(`\`${REGION}\` (\`REGION\` in \`functions/src/config.ts\`)`), 'names the region');
    assert.ok(DOC.includes(`--location ${REGION}`), 'looks for the scheduler job in REGION');
    const upload = /echo '([^']*)' > hello\.txt\ngcloud storage cp hello\.txt "gs:\/\/\$BUCKET\/([^"]+)"/.exec(DOC);
    assert.ok(upload, 'writes hello.txt straight to the bucket');
    assert.equal(upload[2], objectName('$WS', 'hello.txt'));
    const size = /files\/hello\.txt\?alt=json[^\n]*# the entry, size (\d+)/.exec(DOC)?.[1];
    assert.equal(Number(size), Buffer.byteLength(`${upload[1]}\n`), 'the size the index will show');
  });

  it('keeps demo-websplat as the default project, and the per-project params file is not ignored by git', () => {
    const rc = JSON.parse(read('.firebaserc')) as { projects: Record<string, string> };
    assert.equal(rc.projects.default, 'demo-websplat');
    assert.match(DOC, /`default` must stay `demo-websplat`/);
    const ignored = spawnSync('git', ['check-ignore', '-q', 'functions/.env.websplat-prod'], { cwd: ROOT });
    assert.equal(ignored.status, 1, 'functions/.env.<project> must be committable');
    assert.match(DOC, /\*\*Commit that\s+file\*\*/);
  });

  it('its CI section matches the workflow', () => {
    const workflow = parse(read('.github/workflows/ci-cd.yml')) as {
      jobs: { deploy: { environment: string; steps: { run?: string; env?: Record<string, string> }[] } };
    };
    const deploy = workflow.jobs.deploy;
    assert.ok(DOC.includes(`environment \`${deploy.environment}\``), 'names the environment');
    const references = deploy.steps.flatMap((s) =>
      Object.values(s.env ?? {}).flatMap((v) => [...v.matchAll(/\$\{\{ (secrets|vars)\.(\w+) \}\}/g)]),
    );
    assert.deepEqual(references.map(([, kind, name]) => `${kind}.${name}`).sort(), [
      'secrets.FIREBASE_SERVICE_ACCOUNT',
      'vars.FIREBASE_PROJECT_ID',
    ]);
    assert.match(DOC, /- secret `FIREBASE_SERVICE_ACCOUNT`/);
    assert.match(DOC, /- variable `FIREBASE_PROJECT_ID`/);
    const only = (text: string) => /firebase deploy --only (\S+)/.exec(text)?.[1];
    const ciCommand = deploy.steps.map((s) => s.run ?? '').find((r) => r.includes('firebase deploy'))!;
    assert.equal(only(ciCommand), 'functions,firestore,storage');
    for (const [command] of DOC.matchAll(/firebase deploy --only \S+/g)) assert.equal(only(command), only(ciCommand));
    assert.ok(existsSync(join(ROOT, dirname('.github/workflows/ci-cd.yml'))));
  });
});
