/**
 * An agent's write burst over HTTP: many files into one workspace at once.
 * Run against the local server and the `api` function in the emulator, where
 * every write also fires the Storage trigger's (duplicate) finalize event.
 */
import { strict as assert } from 'node:assert';
import type { ApiTarget, TestUser } from '../support/targets';
import type { Request } from '../support/http';
import { withTarget } from '../support/suite';

const FILES = 50;
const IN_FLIGHT = 16;

/** Runs `work(i)` for i < count, at most `concurrency` at a time. */
async function pool<T>(count: number, concurrency: number, work: (i: number) => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      results[i] = await work(i);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return results;
}

export function burstSuite(makeTarget: () => Promise<ApiTarget>): void {
  let target: ApiTarget;
  let request: Request;
  let alice: TestUser;

  withTarget(makeTarget, (t, r) => {
    target = t;
    request = r;
  });
  before(async () => {
    alice = await target.newUser('agent');
  });

  it(`writes ${FILES} files into one workspace, ${IN_FLIGHT} in flight, with no error and exact counters`, async function () {
    // Through the Functions emulator each write also runs its trigger: minutes on 2 shared cores.
    this.timeout(300_000);
    const ws = (await request('POST', '/v1/workspaces', { token: alice.token, body: { name: 'burst' } })).json.id;
    const body = (i: number) => `<p>${'x'.repeat(i)}</p>`;
    const written = await pool(FILES, IN_FLIGHT, (i) =>
      request('PUT', `/v1/workspaces/${ws}/files/gen/page-${i}.html`, {
        token: alice.token,
        raw: body(i),
        headers: { 'Content-Type': 'text/html' },
      }),
    );
    assert.deepEqual(
      written.map((r) => `${r.status} ${r.status === 201 ? '' : r.text}`),
      written.map(() => '201 '),
    );
    const totalBytes = Array.from({ length: FILES }, (_, i) => body(i).length).reduce((a, b) => a + b, 0);
    const counters = async () => {
      const w = (await request('GET', `/v1/workspaces/${ws}`, { token: alice.token })).json;
      return { fileCount: w.fileCount, totalBytes: w.totalBytes };
    };
    assert.deepEqual(await counters(), { fileCount: FILES, totalBytes });
    const list = await request('GET', `/v1/workspaces/${ws}/files?prefix=gen/&limit=100`, { token: alice.token });
    assert.equal(list.status, 200, list.text);
    assert.equal(list.json.items.length, FILES);
    // The triggers' duplicate events may still be arriving (emulator): they must not move the counters.
    if (target.backend === 'firebase') {
      await new Promise((r) => setTimeout(r, 3000));
      assert.deepEqual(await counters(), { fileCount: FILES, totalBytes });
    }
  });
}
