// Item 8: checkpoints of a 1,000-file workspace on the Firestore and Storage
// emulators, through the real HTTP handler in this process. A checkpoint writes
// one manifest object and one document whatever the size (no bytes copied), so
// its baseline is what a checkpoint by copying would cost: a server-side copy of
// every file's bytes, 16 in flight. Restore and the diffs are reported with their
// Firestore reads and writes (operation meter).
import { log, median, row } from '../lib/common.mjs';
import { inProcessApi, timed } from '../lib/inProcessApi.mjs';

export const meta = { title: 'Checkpoints of 1,000 files', emulators: true };

const FILES = 1000;
const CHANGED = 100;
const ROUNDS = 2;
const PER_COMMIT = 500;
const IN_FLIGHT = 16;

export async function run() {
  const { call, counts, blobs, close } = await inProcessApi();
  const metered = async (work) => {
    counts.reads = 0;
    counts.writes = 0;
    const ms = await timed(work);
    return { ms, reads: counts.reads, writes: counts.writes };
  };
  const commitAll = async (ws, changes) => {
    for (let i = 0; i < changes.length; i += PER_COMMIT)
      await call('POST', `/v1/workspaces/${ws}/commits`, { changes: changes.slice(i, i + PER_COMMIT) });
  };
  const page = (i, text) => ({
    path: `site/p${String(i).padStart(4, '0')}.html`,
    content: text,
    contentType: 'text/html',
  });
  const seen = { copy: [], checkpoint: [], restore: [], diff: [], diffLive: [] };
  try {
    for (let round = 0; round < ROUNDS; round += 1) {
      const ws = (await call('POST', '/v1/workspaces', { name: `checkpoints ${round}` })).id;
      await commitAll(
        ws,
        Array.from({ length: FILES }, (_, i) => page(i, `<p>${round} ${i}</p>`)),
      );
      // The baseline: copying every file's bytes, as a checkpoint by copying would.
      const names = (await blobs.list(`workspaces/${ws}/blobs/`, { limit: FILES })).items.map((b) => b.name);
      if (names.length !== FILES) throw new Error(`expected ${FILES} blobs, found ${names.length}`);
      // The Storage emulator now and then resets a kept-alive connection under 16 copies at once
      // ("socket hang up"); a copy is idempotent, so it is tried once more, as any client would.
      const copyRetried = (from, to) =>
        blobs.copy(from, to).catch((error) => {
          if (!/socket hang up|ECONNRESET/.test(`${error?.message} ${error?.cause?.message} ${error?.code}`))
            throw error;
          return blobs.copy(from, to);
        });
      const copy = await timed(async () => {
        const queue = [...names];
        await Promise.all(
          Array.from({ length: IN_FLIGHT }, async () => {
            for (let name = queue.pop(); name; name = queue.pop())
              await copyRetried(name, `bench-copies/${round}/${name}`);
          }),
        );
      });
      seen.copy.push(copy);
      let first;
      seen.checkpoint.push(
        await metered(async () => (first = await call('POST', `/v1/workspaces/${ws}/checkpoints`, { label: 'one' }))),
      );
      await commitAll(
        ws,
        Array.from({ length: CHANGED }, (_, i) => page(i * 10, `<p>changed ${round} ${i}</p>`)),
      );
      const second = await call('POST', `/v1/workspaces/${ws}/checkpoints`, { label: 'two' });
      let changed = 0;
      seen.diff.push(
        await metered(async () => {
          let token;
          do {
            const query = `against=${second.id}&limit=1000${token ? `&pageToken=${token}` : ''}`;
            const d = await call('GET', `/v1/workspaces/${ws}/checkpoints/${first.id}/diff?${query}`);
            changed += d.changed.length;
            token = d.nextPageToken;
          } while (token);
        }),
      );
      if (changed !== CHANGED) throw new Error(`diff found ${changed} changed files, expected ${CHANGED}`);
      seen.diffLive.push(
        await metered(() => call('GET', `/v1/workspaces/${ws}/checkpoints/${first.id}/diff?against=live&limit=1000`)),
      );
      seen.restore.push(await metered(() => call('POST', `/v1/workspaces/${ws}/checkpoints/${first.id}/restore`, {})));
      const [c, k, r] = [seen.copy.at(-1), seen.checkpoint.at(-1), seen.restore.at(-1)];
      log(
        'checkpoints',
        `round ${round + 1}: copy ${c.toFixed(0)} ms, checkpoint ${k.ms.toFixed(0)} ms (W ${k.writes}), ` +
          `restore ${r.ms.toFixed(0)} ms (W ${r.writes}), diff ${seen.diff.at(-1).ms.toFixed(0)} ms`,
      );
      for (const name of names) await blobs.delete(`bench-copies/${round}/${name}`);
    }
    const copy = median(seen.copy);
    const mid = (key) => ({
      ms: median(seen[key].map((s) => s.ms)),
      reads: Math.max(...seen[key].map((s) => s.reads)),
      writes: Math.max(...seen[key].map((s) => s.writes)),
    });
    const [checkpoint, restore, diff, diffLive] = ['checkpoint', 'restore', 'diff', 'diffLive'].map(mid);
    const base = { item: 'checkpoints', unit: 'ms', baseline: copy };
    const cost = (m) => `${m.reads} Firestore reads, ${m.writes} writes`;
    return {
      rows: [
        row({
          ...base,
          name: `checkpoint of ${FILES} files`,
          figure: checkpoint.ms,
          budget: '< 0.2x copying, constant writes',
          met: checkpoint.ms / copy < 0.2 && checkpoint.writes <= 2,
          detail: `${cost(checkpoint)}; baseline: ${FILES} server-side copies, ${IN_FLIGHT} in flight; median of ${ROUNDS}`,
        }),
        row({
          ...base,
          name: `restore of a ${FILES}-file checkpoint (${CHANGED} files differ)`,
          figure: restore.ms,
          budget: 'none (reported)',
          met: null,
          detail: `${cost(restore)} (the automatic checkpoint included); baseline: copying`,
        }),
        row({
          ...base,
          name: `diff of two ${FILES}-file checkpoints (${CHANGED} changed)`,
          figure: diff.ms,
          budget: 'none (reported)',
          met: null,
          detail: `${cost(diff)}; baseline: copying`,
        }),
        row({
          ...base,
          name: `diff of a ${FILES}-file checkpoint against live`,
          figure: diffLive.ms,
          budget: 'none (reported)',
          met: null,
          detail: `${cost(diffLive)}; baseline: copying`,
        }),
      ],
    };
  } finally {
    await close();
  }
}
