/**
 * No module of functions/src imports itself back through others (type-only
 * imports and lazy requires included): the layers stay a one-way graph, so a
 * new concern plugs in beside the others instead of into a knot. The ESLint
 * rule holds the direction between layers; this holds it within them.
 */
import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const SRC = resolve(__dirname, '../../functions/src');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** The local modules a file imports, requires or loads lazily. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:\bfrom|\brequire\(|\bimport\()\s*'(\.[^']+)'/g)].flatMap(([, spec]) => {
    const base = resolve(dirname(file), spec!);
    return [`${base}.ts`, join(base, 'index.ts')].filter(existsSync).slice(0, 1);
  });
}

function cycles(files: string[], edges: (file: string) => string[] = importsOf): string[][] {
  const graph = new Map(files.map((f) => [f, edges(f)]));
  const found: string[][] = [];
  const done = new Set<string>();
  const path: string[] = [];
  const visit = (file: string) => {
    const at = path.indexOf(file);
    if (at >= 0) return void found.push([...path.slice(at), file]);
    if (done.has(file)) return;
    path.push(file);
    for (const next of graph.get(file) ?? []) visit(next);
    path.pop();
    done.add(file);
  };
  for (const file of files) visit(file);
  return found;
}

describe('module graph of functions/src', () => {
  it('has no import cycles', () => {
    const files = sources(SRC);
    assert.ok(files.length > 50, 'the scan finds the sources');
    const found = cycles(files).map((c) => c.map((f) => relative(SRC, f)).join(' -> '));
    assert.deepEqual(found, []);
  });

  it('would report a cycle (the scan itself works)', () => {
    const app = join(SRC, 'http/app.ts');
    const pipeline = join(SRC, 'http/pipeline.ts');
    assert.ok(importsOf(app).includes(pipeline), 'sees the lazy require of the pipeline');
    // The knot this graph once had: the pipeline importing the shell back.
    const knot = (file: string) => (file === pipeline ? [...importsOf(pipeline), app] : importsOf(file));
    assert.deepEqual(cycles([app, pipeline], knot), [[app, pipeline, app]]);
  });
});
