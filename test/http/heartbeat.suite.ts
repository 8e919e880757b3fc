/** The event stream's keep-alive comments, with a short interval (local backend; the cloud sends the same). */
import { strict as assert } from 'node:assert';
import { client } from '../support/http';
import { localTarget } from '../support/targets';

export function heartbeatSuite(): void {
  it('sends a keep-alive comment while nothing changes', async () => {
    const previous = process.env.WEBSPLAT_SSE_HEARTBEAT_MS;
    process.env.WEBSPLAT_SSE_HEARTBEAT_MS = '100';
    const target = await localTarget();
    try {
      const alice = await target.newUser('alice');
      const ws = (await client(target.baseUrl)('POST', '/v1/workspaces', { token: alice.token, body: { name: 'hb' } }))
        .json.id;
      const controller = new AbortController();
      const res = await fetch(`${target.baseUrl}/v1/workspaces/${ws}/events`, {
        headers: { Authorization: `Bearer ${alice.token}` },
        signal: controller.signal,
      });
      assert.equal(res.headers.get('content-type'), 'text/event-stream; charset=utf-8');
      let text = '';
      const decoder = new TextDecoder();
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        text += decoder.decode(chunk);
        if ((text.match(/: keep-alive\n\n/g) ?? []).length >= 2) break;
      }
      controller.abort();
      assert.match(text, /^retry: 3000\nevent: ready\ndata: \{/);
      assert.equal((text.match(/: keep-alive\n\n/g) ?? []).length >= 2, true);
    } finally {
      if (previous === undefined) delete process.env.WEBSPLAT_SSE_HEARTBEAT_MS;
      else process.env.WEBSPLAT_SSE_HEARTBEAT_MS = previous;
      await target.close();
    }
  });
}
