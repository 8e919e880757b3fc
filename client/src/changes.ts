import type { Call } from './http.js';
import type { Agent, FileResource, StateEntry, Workspace } from './types.js';

/** One event of a workspace's change stream (`ready` comes first on every connection, with the workspace). */
export type ChangeEvent =
  | { type: 'ready'; id?: string; data: Workspace }
  | { type: 'workspace'; id?: string; data: Workspace }
  | { type: 'file'; id?: string; data: FileResource | { path: string; deleted: true } }
  | { type: 'agent'; id?: string; data: Agent | { agentId: string; deleted: true } }
  | { type: 'state'; id?: string; data: StateEntry | { key: string; deleted: true } };

export interface StreamOptions {
  /** Resume after this event (replayed where the backend still can). */
  lastEventId?: string;
  /** `eventsource` (browsers; the token goes in ?access_token=), `fetch` (streamed body), `auto` (default). */
  transport?: 'auto' | 'eventsource' | 'fetch';
  /** Wait before reconnecting (default: the server's `retry:`, else 3 s). */
  reconnectDelayMs?: number;
  signal?: AbortSignal;
}

export interface ChangeStream extends AsyncIterable<ChangeEvent> {
  /** The id of the last event received: where a reconnect resumes. */
  readonly lastEventId: string | undefined;
  /** Ends the stream (the iterator then finishes). */
  close(): void;
}

/** Reasons the server ends a stream that a reconnect would not change. */
const FINAL = ['workspace deleted', 'access revoked'];

interface Sse {
  id?: string;
  event: string;
  data: string;
  retry?: number;
}

/** Server-Sent Events blocks from a streamed body. */
async function* parse(body: ReadableStream<Uint8Array>): AsyncGenerator<Sse> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true }).replace(/\r\n?/g, '\n');
      let cut: number;
      while ((cut = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        const event: Sse = { event: 'message', data: '' };
        const data: string[] = [];
        for (const line of block.split('\n')) {
          const at = line.indexOf(':');
          if (at === 0) continue;
          const field = at < 0 ? line : line.slice(0, at);
          const value = at < 0 ? '' : line.slice(at + 1).replace(/^ /, '');
          if (field === 'id') event.id = value;
          else if (field === 'event') event.event = value;
          else if (field === 'data') data.push(value);
          else if (field === 'retry' && /^\d+$/.test(value)) event.retry = Number(value);
        }
        event.data = data.join('\n');
        yield event;
      }
    }
  } finally {
    reader.cancel().catch(() => undefined);
  }
}

interface EventSourceLike {
  addEventListener(type: string, listener: (e: { data: string; lastEventId: string }) => void): void;
  close(): void;
  onerror: (() => void) | null;
  readyState: number;
}
type EventSourceCtor = new (url: string) => EventSourceLike;

/**
 * A workspace's changes as an async iterator that outlives connections: when a
 * connection ends (the server's time limit, a dropped network) it reconnects
 * with Last-Event-ID, so no event is lost or repeated. It finishes when the
 * workspace is deleted, access is revoked or `close()` is called, and throws
 * a WebSplatError when a (re)connect is refused.
 */
export function changeStream(call: Call, workspaceId: string, options: StreamOptions = {}): ChangeStream {
  const path = `/v1/workspaces/${encodeURIComponent(workspaceId)}/events`;
  const controller = new AbortController();
  options.signal?.addEventListener('abort', () => controller.abort(), { once: true });
  let lastEventId = options.lastEventId;
  let retryMs = 3000;
  const ES = (globalThis as unknown as { EventSource?: EventSourceCtor }).EventSource;
  const useEventSource =
    options.transport === 'eventsource' || (options.transport !== 'fetch' && !!ES && lastEventId === undefined);

  /** One connection's events; returns whether to reconnect. */
  async function* overFetch(): AsyncGenerator<ChangeEvent, boolean> {
    const res = await call('GET', path, {
      headers: { Accept: 'text/event-stream', 'Last-Event-ID': lastEventId },
      signal: controller.signal,
    });
    for await (const e of parse(res.body!)) {
      if (e.retry !== undefined) retryMs = e.retry;
      if (e.event === 'end') return !FINAL.includes(JSON.parse(e.data).reason);
      if (!e.data) continue;
      if (e.id) lastEventId = e.id;
      yield { type: e.event, id: e.id, data: JSON.parse(e.data) } as ChangeEvent;
    }
    return true;
  }

  /** Events until a final end (false) or a refused reconnect, e.g. an expired token (true: go on over fetch). */
  async function* overEventSource(): AsyncGenerator<ChangeEvent, boolean> {
    const queue: (ChangeEvent | { type: 'end'; reason: string })[] = [];
    let wake: () => void = () => undefined;
    const token = await call.token();
    const source = new ES!(call.url(path, token ? { access_token: token } : {}));
    const push = (item: (typeof queue)[number]) => {
      queue.push(item);
      wake();
    };
    for (const type of ['ready', 'workspace', 'file', 'agent', 'state']) {
      source.addEventListener(type, (e) => {
        if (e.lastEventId) lastEventId = e.lastEventId;
        push({ type, ...(e.lastEventId && { id: e.lastEventId }), data: JSON.parse(e.data) } as ChangeEvent);
      });
    }
    // The browser reconnects by itself (with Last-Event-ID) after a time-limit end; a final end stops it.
    source.addEventListener('end', (e) => {
      const reason = JSON.parse(e.data).reason;
      if (FINAL.includes(reason)) push({ type: 'end', reason });
    });
    source.onerror = () => {
      if (source.readyState === 2) push({ type: 'end', reason: 'refused' });
    };
    controller.signal.addEventListener('abort', () => push({ type: 'end', reason: 'closed' }), { once: true });
    try {
      for (;;) {
        const item = queue.shift();
        if (!item) await new Promise<void>((resolve) => (wake = resolve));
        else if (item.type === 'end') return item.reason === 'refused';
        else yield item;
      }
    } finally {
      source.close();
    }
  }

  async function* events(): AsyncGenerator<ChangeEvent> {
    try {
      // Over fetch, a refused reconnect throws its typed error, and a fresh token goes with every connect.
      if (useEventSource && !(yield* overEventSource())) return;
      while (!controller.signal.aborted) {
        let again: boolean;
        try {
          again = yield* overFetch();
        } catch (error) {
          // A connection that dropped mid-stream is resumed; a refused (re)connect is the caller's to see.
          if (controller.signal.aborted) return;
          if ((error as { status?: number }).status !== undefined) throw error;
          again = true;
        }
        if (!again) return;
        await new Promise((resolve) => setTimeout(resolve, options.reconnectDelayMs ?? retryMs));
      }
    } finally {
      controller.abort();
    }
  }

  const iterator = events();
  return {
    get lastEventId() {
      return lastEventId;
    },
    close: () => controller.abort(),
    [Symbol.asyncIterator]: () => iterator,
  };
}
