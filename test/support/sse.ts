/** A minimal Server-Sent Events reader over fetch, for tests. */
export interface SseEvent {
  id?: string;
  event: string;
  data: unknown;
}

export class SseStream {
  private buffer = '';
  private readonly events: SseEvent[] = [];
  private waiters: (() => void)[] = [];
  ended = false;

  private constructor(private readonly controller: AbortController) {}

  static async open(url: string, headers: Record<string, string>): Promise<{ status: number; stream: SseStream }> {
    const controller = new AbortController();
    const res = await fetch(url, { headers: { Accept: 'text/event-stream', ...headers }, signal: controller.signal });
    const stream = new SseStream(controller);
    if (res.status === 200 && res.body) void stream.pump(res.body);
    else stream.ended = true;
    return { status: res.status, stream };
  }

  private async pump(body: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    try {
      for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
        this.buffer += decoder.decode(chunk, { stream: true });
        let cut: number;
        while ((cut = this.buffer.indexOf('\n\n')) >= 0) {
          const block = this.buffer.slice(0, cut);
          this.buffer = this.buffer.slice(cut + 2);
          const event: SseEvent = { event: 'message', data: undefined };
          let data = '';
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) continue;
            const [field, ...rest] = line.split(':');
            const value = rest.join(':').replace(/^ /, '');
            if (field === 'id') event.id = value;
            else if (field === 'event') event.event = value;
            else if (field === 'data') data += value;
          }
          if (!data) continue;
          event.data = JSON.parse(data);
          this.events.push(event);
        }
        this.wake();
      }
    } catch {
      /* aborted */
    }
    this.ended = true;
    this.wake();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    waiters.forEach((w) => w());
  }

  /** The next event matching `match` (events before it that do not match are skipped). */
  async next(match: (e: SseEvent) => boolean, timeoutMs = 20_000): Promise<SseEvent> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const index = this.events.findIndex(match);
      if (index >= 0) return this.events.splice(0, index + 1)[index]!;
      if (this.ended) throw new Error('stream ended before the expected event');
      const left = deadline - Date.now();
      if (left <= 0) throw new Error('timed out waiting for an event');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  close(): void {
    this.controller.abort();
  }
}
