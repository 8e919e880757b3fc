import type { Firestore } from 'firebase-admin/firestore';
import type { ChangeEvent, ChangeFeed } from '../../../ports/changes';
import { adminFirestore } from '../app';
import { mapGoogleError } from '../errors';
import { fileFromDoc, recordFromDoc, workspaceFromDoc, workspacesOf } from './codec';
import { commitFromDoc } from './history';
import { commitIdFloor } from '../../../domain/history/ids';

/**
 * The cloud change feed: Firestore snapshot listeners on the workspace
 * document and its files, agents and state. Event ids are document update
 * times (ms); resuming replays documents updated after that time (deletions
 * in between are not replayed). `subscribe` resolves once every listener has
 * its first snapshot, so a change committed after that is never taken for
 * part of the initial state (and dropped), as on the local feed.
 */
export class FirestoreChangeFeed implements ChangeFeed {
  constructor(private readonly db: () => Firestore = adminFirestore) {}

  async subscribe(
    workspaceId: string,
    since: string | undefined,
    onEvent: (event: ChangeEvent) => void,
    onError: (error: unknown) => void,
  ): Promise<() => void> {
    const after = since !== undefined && /^\d+$/.test(since) ? Number(since) : undefined;
    const workspace = workspacesOf({ db: this.db }).doc(workspaceId);
    const unsubscribers: (() => void)[] = [];
    const ready: Promise<void>[] = [];
    /** Resolves when a listener has its first snapshot (or has failed, which ends the subscription). */
    const listening = () => {
      let settle!: () => void;
      ready.push(
        new Promise<void>((resolve) => {
          settle = resolve;
        }),
      );
      return settle;
    };
    const failed = (settle: () => void) => (error: unknown) => {
      settle();
      onError(mapGoogleError(error));
    };
    const idOf = (snap: { updateTime?: { toMillis(): number }; readTime?: { toMillis(): number } }) =>
      String((snap.updateTime ?? snap.readTime)?.toMillis() ?? Date.now());

    let initialWorkspace = true;
    const workspaceReady = listening();
    unsubscribers.push(
      workspace.onSnapshot((snap) => {
        const first = initialWorkspace;
        initialWorkspace = false;
        workspaceReady();
        const record = workspaceFromDoc(snap);
        if (!record) return;
        const id = idOf(snap);
        if (first && (after === undefined || Number(id) <= after)) return;
        onEvent({ id, change: { kind: 'workspace', record } });
      }, failed(workspaceReady)),
    );
    for (const kind of ['files', 'agents', 'state', 'commits'] as const) {
      let initial = true;
      const collectionReady = listening();
      unsubscribers.push(
        // Commits only ever grow: listen to the recent ones, not to the whole log.
        (kind === 'commits'
          ? workspace.collection(kind).where('id', '>=', commitIdFloor((after ?? Date.now()) - 60_000))
          : workspace.collection(kind)
        ).onSnapshot((snap) => {
          const first = initial;
          initial = false;
          collectionReady();
          for (const change of snap.docChanges()) {
            const id = idOf(change.type === 'removed' ? { readTime: snap.readTime } : change.doc);
            if (first && (after === undefined || Number(id) <= after)) continue;
            const data = change.type === 'removed' ? undefined : change.doc.data();
            if (kind === 'files') {
              const entry = fileFromDoc(data);
              if (entry) onEvent({ id, change: { kind: 'file', path: entry.path, entry } });
            } else if (kind === 'commits') {
              // Commits are written once: only their arrival is news.
              const commit = change.type === 'added' ? commitFromDoc(data) : null;
              if (commit) onEvent({ id, change: { kind: 'commit', commit } });
            } else {
              const record = recordFromDoc(data);
              const key = record?.key ?? change.doc.id.slice(1);
              onEvent({ id, change: { kind, key, record } });
            }
          }
        }, failed(collectionReady)),
      );
    }
    await Promise.all(ready);
    return () => unsubscribers.forEach((stop) => stop());
  }
}
