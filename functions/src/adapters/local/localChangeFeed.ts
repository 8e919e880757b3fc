import { EventEmitter } from 'node:events';
import type { Change, ChangeEvent, ChangeFeed } from '../../ports/changes';

/** Changes kept per workspace for Last-Event-ID resume. */
const REPLAY = 1000;

/**
 * The local change feed: the SQLite store reports each committed change here,
 * and subscribers of that workspace get it. Ids are a per-process sequence;
 * the last 1,000 changes of a workspace can be replayed.
 */
export class LocalChangeFeed implements ChangeFeed {
  private readonly emitter = new EventEmitter();
  private readonly recent = new Map<string, ChangeEvent[]>();
  private sequence = 0;

  constructor() {
    this.emitter.setMaxListeners(0);
  }

  publish(workspaceId: string, change: Change): void {
    const event: ChangeEvent = { id: String(++this.sequence), change };
    const list = this.recent.get(workspaceId) ?? [];
    list.push(event);
    if (list.length > REPLAY) list.shift();
    this.recent.set(workspaceId, list);
    this.emitter.emit(workspaceId, event);
  }

  async subscribe(
    workspaceId: string,
    since: string | undefined,
    onEvent: (event: ChangeEvent) => void,
  ): Promise<() => void> {
    if (since !== undefined && /^\d+$/.test(since)) {
      for (const event of this.recent.get(workspaceId) ?? []) if (Number(event.id) > Number(since)) onEvent(event);
    }
    this.emitter.on(workspaceId, onEvent);
    return () => this.emitter.off(workspaceId, onEvent);
  }
}
