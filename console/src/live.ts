/**
 * The change stream of one workspace (GET .../events, Server-Sent Events):
 * workspace, file, agent, state and commit events.
 * EventSource reconnects by itself with Last-Event-ID; this wrapper reports
 * whether the stream is live or reconnecting, and reopens it when the server
 * ends it (time limit).
 */
export type LiveStatus = 'connecting' | 'live' | 'reconnecting' | 'ended';

export interface LiveHandlers {
  onStatus(status: LiveStatus, reason?: string): void;
  onEvent(type: (typeof TYPES)[number], data: unknown): void;
}

const TYPES = ['workspace', 'file', 'agent', 'state', 'commit'] as const;

export function subscribe(url: () => string, handlers: LiveHandlers): () => void {
  let source: EventSource | undefined;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const open = (status: LiveStatus) => {
    if (stopped) return;
    handlers.onStatus(status);
    const es = new EventSource(url());
    source = es;
    es.addEventListener('ready', () => handlers.onStatus('live'));
    for (const type of TYPES) {
      es.addEventListener(type, (e) => handlers.onEvent(type, JSON.parse((e as MessageEvent<string>).data)));
    }
    es.addEventListener('end', (e) => {
      const reason = (JSON.parse((e as MessageEvent<string>).data) as { reason?: string }).reason ?? '';
      es.close();
      if (/deleted|revoked/.test(reason)) {
        handlers.onStatus('ended', reason);
        return;
      }
      timer = setTimeout(() => open('reconnecting'), 500);
    });
    es.onerror = () => {
      if (stopped) return;
      if (es.readyState === EventSource.CLOSED) {
        // Refused (e.g. 401/404): try again later with a fresh URL (a new token).
        timer = setTimeout(() => open('reconnecting'), 3000);
      }
      handlers.onStatus('reconnecting');
    };
  };
  open('connecting');
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    source?.close();
  };
}
