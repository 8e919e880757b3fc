import { EventEmitter } from 'node:events';
import type { ChangeEvent, ChangeFeed } from '../../ports/changes';

/** Where past changes come from: the data folder's change log (./sqlite/changeLog). */
export interface ChangeReplay {
  replay(workspaceId: string, afterId: string, onEvent: (event: ChangeEvent) => void): void;
}

/**
 * The local change feed: the SQLite store reports each committed change here,
 * and subscribers of that workspace get it. Ids are the change log's sequence
 * numbers, which survive restarts, so `since` replays every logged change
 * after it (also those another process, or an earlier run, committed).
 */
export class LocalChangeFeed implements ChangeFeed {
  private readonly emitter = new EventEmitter();

  /** `log` is read when a subscription resumes (it may be created after the feed). */
  constructor(private readonly log: () => ChangeReplay) {
    this.emitter.setMaxListeners(0);
  }

  publish(workspaceId: string, event: ChangeEvent): void {
    this.emitter.emit(workspaceId, event);
  }

  async subscribe(
    workspaceId: string,
    since: string | undefined,
    onEvent: (event: ChangeEvent) => void,
  ): Promise<() => void> {
    // Replay and listening start in the same tick, so nothing falls between them; a change
    // the replay already read (its announcement may come just after) is not delivered twice.
    let replayedUpTo = 0;
    if (since !== undefined) {
      this.log().replay(workspaceId, since, (event) => {
        replayedUpTo = Number(event.id);
        onEvent(event);
      });
    }
    const live = (event: ChangeEvent) => {
      if (Number(event.id) > replayedUpTo) onEvent(event);
    };
    this.emitter.on(workspaceId, live);
    return () => this.emitter.off(workspaceId, live);
  }
}
