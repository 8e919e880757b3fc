// Summarises a V8 CPU profile (.cpuprofile, from `node --cpu-prof`) by
// package and by function: self time only, idle time left out.
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { ROOT } from './common.mjs';

/** Which bucket a frame's self time goes to: a package, a part of node, or our own code. */
function category({ url, functionName }) {
  if (!url) {
    if (functionName === '(garbage collector)') return 'GC';
    if (functionName === '(program)') return 'V8 / native (program)';
    return 'V8 builtins';
  }
  if (/^node:(domain|async_hooks|internal\/async_hooks|internal\/async_local_storage)/.test(url))
    return 'domain + async hooks';
  if (url.startsWith('node:')) return 'node core';
  const modules = url.lastIndexOf('/node_modules/');
  if (modules >= 0) {
    const [first, second] = url.slice(modules + '/node_modules/'.length).split('/');
    return first.startsWith('@') ? `${first}/${second}` : first;
  }
  if (url.includes('/functions/lib/')) return `websplat ${url.split('/functions/lib/')[1].split('/')[0]}`;
  return url.replace(/^file:\/\//, '');
}

/**
 * { totalMs, byCategory: [[name, ms]], byFunction: [[label, category, ms]] }, largest first.
 * Only samples taken inside `window` ({ fromUs, toUs }, microseconds since the profile started)
 * count, so start-up (module loading) and shutdown stay out of a load profile.
 */
export function summariseProfile(file, window = { fromUs: 0, toUs: Infinity }) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map();
  let at = 0;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    at += delta;
    if (at >= window.fromUs && at <= window.toUs) selfUs.set(id, (selfUs.get(id) ?? 0) + delta);
  });
  const byCategory = new Map();
  const byFunction = new Map();
  let totalUs = 0;
  for (const [id, us] of selfUs) {
    const { callFrame } = nodes.get(id);
    if (callFrame.functionName === '(idle)') continue;
    totalUs += us;
    const cat = category(callFrame);
    byCategory.set(cat, (byCategory.get(cat) ?? 0) + us);
    const where = callFrame.url
      ? `${relative(ROOT, callFrame.url.replace(/^file:\/\//, ''))}:${callFrame.lineNumber + 1}`
      : '';
    const label = `${callFrame.functionName || '(anonymous)'} ${where}`.trim();
    const entry = byFunction.get(label) ?? { cat, us: 0 };
    entry.us += us;
    byFunction.set(label, entry);
  }
  const ms = (us) => us / 1000;
  return {
    totalMs: ms(totalUs),
    byCategory: [...byCategory].sort((a, b) => b[1] - a[1]).map(([k, us]) => [k, ms(us)]),
    byFunction: [...byFunction].sort((a, b) => b[1].us - a[1].us).map(([k, v]) => [k, v.cat, ms(v.us)]),
  };
}

/** A markdown section for one profile; `requests` served while it ran gives CPU ms per request. */
export function profileMarkdown(title, summary, requests, top = 25) {
  const pct = (ms) => `${((100 * ms) / summary.totalMs).toFixed(1)}%`;
  const perRequest = requests ? (summary.totalMs / requests).toFixed(3) : 'n/a';
  const lines = [
    `## ${title}`,
    '',
    `${summary.totalMs.toFixed(0)} ms of CPU (idle excluded) over ${requests} requests: ${perRequest} ms per request.`,
    '',
    '| package / part | self ms | share |',
    '| --- | --- | --- |',
    ...summary.byCategory.map(([k, ms]) => `| ${k} | ${ms.toFixed(0)} | ${pct(ms)} |`),
    '',
    `| top ${top} functions (self time) | package / part | self ms | share |`,
    '| --- | --- | --- | --- |',
    ...summary.byFunction
      .slice(0, top)
      .map(([k, cat, ms]) => `| \`${k.replace(/\|/g, '\\|')}\` | ${cat} | ${ms.toFixed(0)} | ${pct(ms)} |`),
    '',
  ];
  return lines.join('\n');
}
