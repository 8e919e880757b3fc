// Item 7: history. A commit of 30 files (about 4 KiB each) through POST .../commits
// against 30 sequential PUTs of the same files, on the Firestore and Storage
// emulators, through the real HTTP handler in this process (as the cost item
// does). Reports the ratio and the Firestore writes per commit (operation meter).
import { log, median, row } from '../lib/common.mjs';
import { inProcessApi, timed } from '../lib/inProcessApi.mjs';

export const meta = { title: 'Commit of 30 files vs 30 PUTs', emulators: true };

const FILES = 30;
const ROUNDS = 3;

export async function run() {
  const { call, counts, close } = await inProcessApi();
  const files = (round) =>
    Array.from({ length: FILES }, (_, i) => ({
      path: `site/page${i}.html`,
      content: `<p>${round} ${i}</p>${'x'.repeat(4096)}`,
      contentType: 'text/html',
    }));
  try {
    const putsMs = [];
    const commitMs = [];
    let writesPerCommit = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const a = (await call('POST', '/v1/workspaces', { name: `puts ${round}` })).id;
      const b = (await call('POST', '/v1/workspaces', { name: `commit ${round}` })).id;
      putsMs.push(
        await timed(async () => {
          for (const f of files(round))
            await call('PUT', `/v1/workspaces/${a}/files/${f.path}`, f.content, f.contentType);
        }),
      );
      counts.writes = 0;
      commitMs.push(await timed(() => call('POST', `/v1/workspaces/${b}/commits`, { changes: files(round) })));
      writesPerCommit = counts.writes;
      log(
        'history',
        `round ${round}: 30 PUTs ${putsMs[round].toFixed(0)} ms, one commit ${commitMs[round].toFixed(0)} ms`,
      );
    }
    const puts = median(putsMs);
    const commit = median(commitMs);
    return {
      rows: [
        row({
          item: 'history',
          name: `commit of ${FILES} files (4 KiB each)`,
          figure: commit,
          baseline: puts,
          unit: 'ms',
          budget: '≤ 0.33x (3x faster)',
          met: commit / puts <= 1 / 3,
          detail: `median of ${ROUNDS}; baseline: ${FILES} sequential PUTs; ${writesPerCommit} Firestore writes per commit (${FILES} entries, the commit, the counters)`,
        }),
      ],
    };
  } finally {
    await close();
  }
}
