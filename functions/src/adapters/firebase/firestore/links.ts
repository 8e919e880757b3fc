import type { DocumentData, Transaction } from 'firebase-admin/firestore';
import type { LinkCursor, LinkRecord, LinkStore, LinkTransaction } from '../../../ports/links';
import { mapGoogleError } from '../errors';
import { meteredRead, meteredWrite } from '../operationMeter';
import { fs, guarded, millis, workspacesOf, type FirestoreContext } from './codec';

/** The subcollection of a workspace that holds its links (server-only: no rule lets a client read it). */
export const LINKS = 'links';

const linksOf = (ctx: FirestoreContext, workspaceId: string) => workspacesOf(ctx).doc(workspaceId).collection(LINKS);

function linkToDoc(link: LinkRecord): DocumentData {
  const { Timestamp } = fs();
  return {
    workspaceId: link.workspaceId,
    scope: link.scope,
    checkpointId: link.checkpointId,
    label: link.label,
    createdAt: Timestamp.fromMillis(link.createdAt),
    // A Timestamp, so a TTL policy and the purge's expiry sweep can use it.
    expiresAt: Timestamp.fromMillis(link.expiresAt),
    createdBy: link.createdBy,
  };
}

function linkFromDoc(id: string, d: DocumentData | undefined): LinkRecord | null {
  if (!d) return null;
  return {
    id,
    workspaceId: d.workspaceId,
    scope: d.scope,
    checkpointId: d.checkpointId ?? null,
    label: d.label ?? '',
    createdAt: millis(d.createdAt),
    expiresAt: millis(d.expiresAt),
    createdBy: d.createdBy,
  };
}

/** workspaces/{id}/links/{linkId} on Firestore. */
export class FirestoreLinkStore implements LinkStore {
  constructor(private readonly ctx: FirestoreContext) {}

  getLink(workspaceId: string, linkId: string): Promise<LinkRecord | null> {
    return guarded(async () => {
      const snap = await meteredRead(this.ctx.meter, linksOf(this.ctx, workspaceId).doc(linkId).get());
      return linkFromDoc(snap.id, snap.data());
    });
  }

  listLinks(workspaceId: string, query: { after?: LinkCursor; limit: number }): Promise<LinkRecord[]> {
    const { FieldPath, Timestamp } = fs();
    let q = linksOf(this.ctx, workspaceId).orderBy('createdAt', 'desc').orderBy(FieldPath.documentId(), 'desc');
    if (query.after) q = q.startAfter(Timestamp.fromMillis(query.after.createdAt), query.after.id);
    return guarded(async () =>
      (await meteredRead(this.ctx.meter, q.limit(query.limit).get())).docs.flatMap(
        (d) => linkFromDoc(d.id, d.data()) ?? [],
      ),
    );
  }

  deleteLink(workspaceId: string, linkId: string): Promise<boolean> {
    const ref = linksOf(this.ctx, workspaceId).doc(linkId);
    return guarded(async () => {
      try {
        // exists: true makes the delete fail (NOT_FOUND) when there is nothing to delete: one call.
        await meteredWrite(this.ctx.meter, ref.delete({ exists: true }));
        return true;
      } catch (error) {
        if ((error as { code?: unknown }).code === 5) return false;
        throw error;
      }
    });
  }

  async watchLink(
    workspaceId: string,
    linkId: string,
    onGone: () => void,
    onError: (error: unknown) => void,
  ): Promise<() => void> {
    let done = false;
    let unsubscribe: () => void = () => undefined;
    let settle!: () => void;
    const first = new Promise<void>((resolve) => (settle = resolve));
    const finish = (then: () => void) => {
      settle();
      if (done) return;
      done = true;
      unsubscribe();
      then();
    };
    unsubscribe = linksOf(this.ctx, workspaceId)
      .doc(linkId)
      .onSnapshot(
        (snap) => {
          settle();
          if (!snap.exists) finish(onGone);
        },
        (error) => finish(() => onError(mapGoogleError(error))),
      );
    // Resolve once the listener has its first snapshot: a delete after that is never missed.
    await first;
    if (done) unsubscribe();
    return () => {
      done = true;
      unsubscribe();
    };
  }
}

export function linkTransaction(ctx: FirestoreContext, t: Transaction): LinkTransaction {
  return {
    putLink: (link) => {
      t.create(linksOf(ctx, link.workspaceId).doc(link.id), linkToDoc(link));
    },
  };
}
