// Item 4: cost. Firestore document reads and writes per API operation, counted
// by the Firestore adapter's operation meter (not estimated), with the budget
// the design allows. The real HTTP handler (createApiHandler) runs in this
// process against the Firestore and Storage emulators, with a fake verifier
// (the bearer token is the uid). Needs `npm run build` (it loads functions/lib).
import { log } from '../lib/common.mjs';
import { inProcessApi } from '../lib/inProcessApi.mjs';

export const meta = { title: 'Firestore cost per operation', emulators: true };

const FILES = 100;
const WORKSPACES = 5;

export async function run() {
  // A 1 s access-touch interval, so "touch due" can be shown without waiting 5 minutes.
  process.env.WEBSPLAT_ACCESS_TOUCH_INTERVAL_SECONDS = '1';
  const { call, counts, metadata, blobs, uid, lib, close } = await inProcessApi();
  const { silentLogger } = lib('ports/logger.js');
  const { FileIndexer } = lib('domain/files/fileIndexer.js');
  const { handleObjectEvent } = lib('domain/files/objectEventHandler.js');
  const { objectEventFromStorage } = lib('adapters/firebase/storageEvents.js');
  const { blobObjectName } = lib('domain/history/ids.js');

  const rows = [];
  // The touch interval is 1 s here (to show the touch-due row), so a slow call before a
  // measurement could leave a touch due in it: before each measurement but that row, a read
  // of the workspace (unmeasured, once the interval has passed) touches it just before.
  let freshen = async () => undefined;
  /** Runs `action`, recording the reads and writes it made against the budget. */
  const measure = async (operation, budget, action, note = '', { touchDue = false } = {}) => {
    if (!touchDue) await freshen();
    counts.reads = 0;
    counts.writes = 0;
    const result = await action();
    const met = counts.reads <= budget.reads && counts.writes <= budget.writes;
    rows.push({ operation, reads: counts.reads, writes: counts.writes, budget, met, note });
    log('cost', `${operation}: ${counts.reads} reads, ${counts.writes} writes`);
    return result;
  };

  try {
    const ws = await measure('create workspace', { reads: 0, writes: 1 }, () =>
      call('POST', '/v1/workspaces', { name: 'cost' }),
    );
    await measure('create workspace with Idempotency-Key', { reads: 1, writes: 2 }, () =>
      call('POST', '/v1/workspaces', { name: 'cost 2' }, 'application/json', { 'Idempotency-Key': `k-${uid}` }),
    );
    const w = `/v1/workspaces/${ws.id}`;
    await new Promise((r) => setTimeout(r, 1100));
    await measure(
      'get workspace, access touch due',
      { reads: 1, writes: 1 },
      () => call('GET', w),
      'at most once per touch interval (default 300 s)',
      { touchDue: true },
    );
    freshen = async () => {
      await new Promise((r) => setTimeout(r, 1100));
      await call('GET', w);
    };
    await measure('get workspace', { reads: 1, writes: 0 }, () => call('GET', w));
    for (let i = 2; i < WORKSPACES; i += 1) await call('POST', '/v1/workspaces', { name: `cost ${i + 1}` });
    await measure(`list workspaces (${WORKSPACES} items)`, { reads: WORKSPACES, writes: 0 }, () =>
      call('GET', `/v1/workspaces?limit=${WORKSPACES}`),
    );
    await measure(
      'put file (new)',
      { reads: 2, writes: 3 },
      () => call('PUT', `${w}/files/index.html`, '<h1>hi</h1>', 'text/html'),
      'reads: workspace (access), entry in the commit transaction (201 or 200; read before the bytes too only with If-Match / If-None-Match, or when the quota holds only for a replacement); writes: entry, commit record (history: +1), counters; a workspace purged meanwhile fails the counter update, and the commit is undone',
    );
    await measure(
      'put file (replace)',
      { reads: 2, writes: 3 },
      () => call('PUT', `${w}/files/index.html`, '<h1>hello</h1>', 'text/html'),
      'as a new file',
    );
    // The Storage trigger sees the API's immutable blob: not a files/ object, so it is done without a read.
    const written = await metadata.fileIndex.getFile(ws.id, 'index.html');
    const [metadataOfObject] = await blobs.bucket().file(blobObjectName(ws.id, written.blob)).getMetadata();
    await measure(
      'storage trigger: finalize of an API write (its blob)',
      { reads: 0, writes: 0 },
      () =>
        handleObjectEvent(
          objectEventFromStorage('finalized', { data: metadataOfObject, time: new Date().toISOString() }),
          { indexer: new FileIndexer(metadata), logger: silentLogger, maxEventAgeMs: 3600_000 },
        ),
      'blobs/ objects are already indexed: no Firestore read, no write',
    );
    await measure(
      'get file (bytes)',
      { reads: 2, writes: 0 },
      () => call('GET', `${w}/files/index.html`),
      'workspace read + entry (which names the blob); the bytes come from Storage without a stat',
    );
    for (let i = 0; i < FILES; i += 1)
      await call('PUT', `${w}/files/list/f${String(i).padStart(3, '0')}.txt`, `${i}`, 'text/plain');
    await measure(
      `list ${FILES} files`,
      { reads: FILES + 1, writes: 0 },
      () => call('GET', `${w}/files?prefix=list/&limit=${FILES}`),
      `${FILES} entries + the workspace`,
    );
    await measure(
      'delete file',
      { reads: 2, writes: 3 },
      () => call('DELETE', `${w}/files/index.html`),
      'reads: workspace (access), entry in the commit transaction; writes: tombstone (keeping the version), commit record, counters',
    );
    const generation = Array.from({ length: 30 }, (_, i) => ({
      path: `gen/page${i}.html`,
      content: `<p>${'x'.repeat(4000)} ${i}</p>`,
      contentType: 'text/html',
    }));
    await measure(
      'commit of 30 files',
      { reads: 32, writes: 32 },
      () => call('POST', `${w}/commits`, { message: 'generation', changes: generation }),
      'reads: workspace (access) + 30 entries in the transaction + the workspace again (the counters in the answer); writes: 30 entries, the commit, counters',
    );
    const agent = { status: 'running', step: 'outline', progress: 0.3, sequence: 1 };
    await measure('put agent', { reads: 2, writes: 1 }, () => call('PUT', `${w}/agents/planner`, agent));
    await measure('get agent', { reads: 2, writes: 0 }, () => call('GET', `${w}/agents/planner`));
    await measure('put state', { reads: 2, writes: 1 }, () =>
      call('PUT', `${w}/state/design`, { value: { palette: ['#0af'] } }),
    );
    await measure('get state', { reads: 2, writes: 0 }, () => call('GET', `${w}/state/design`));
    await measure('put session', { reads: 1, writes: 1 }, () =>
      call('PUT', '/v1/sessions/editor-1', { data: { open: 'a' }, ttlSeconds: 600 }),
    );
    return { cost: rows };
  } finally {
    await close();
  }
}
