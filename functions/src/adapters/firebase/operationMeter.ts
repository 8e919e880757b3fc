/**
 * Counting the Firestore document reads and writes an adapter makes, the way
 * Firestore bills them: a document get is 1 read (found or not), a query 1
 * read per document returned and at least 1, each document written or
 * deleted 1 write. Used by the cost benchmark (`npm run bench`); without a
 * meter nothing is wrapped.
 */
import type { Firestore, Transaction } from 'firebase-admin/firestore';

export interface OperationMeter {
  reads(n: number): void;
  writes(n: number): void;
}

/** Billed reads of what a get returned: a document snapshot, a query snapshot, or a list of snapshots (getAll). */
function readsOf(result: unknown): number {
  if (Array.isArray(result)) return result.length;
  const size = (result as { size?: unknown } | undefined)?.size;
  return typeof size === 'number' ? Math.max(1, size) : 1;
}

/** Counts the reads of a non-transactional get or query once it has answered. */
export async function meteredRead<T>(meter: OperationMeter | undefined, read: Promise<T>): Promise<T> {
  const result = await read;
  meter?.reads(readsOf(result));
  return result;
}

/** Counts one write once a non-transactional create / update / set / delete has succeeded. */
export async function meteredWrite<T>(meter: OperationMeter | undefined, write: Promise<T>): Promise<T> {
  const result = await write;
  meter?.writes(1);
  return result;
}

const TRANSACTION_WRITES = new Set<PropertyKey>(['create', 'set', 'update', 'delete']);

/**
 * `db.runTransaction(work)`, counting reads as each attempt makes them (a
 * retried attempt's reads are billed too) and writes once the transaction
 * commits (only the committed attempt's writes are).
 */
export async function meteredTransaction<T>(
  db: Firestore,
  meter: OperationMeter | undefined,
  work: (t: Transaction) => Promise<T>,
): Promise<T> {
  if (!meter) return db.runTransaction(work);
  let writes = 0;
  const result = await db.runTransaction((t) => {
    writes = 0;
    const counted = new Proxy(t, {
      get(target, property) {
        const value = Reflect.get(target, property, target) as unknown;
        if (typeof value !== 'function') return value;
        if (property === 'get' || property === 'getAll') {
          return (...args: unknown[]) => meteredRead(meter, value.apply(target, args) as Promise<unknown>);
        }
        if (TRANSACTION_WRITES.has(property)) {
          return (...args: unknown[]) => {
            writes += 1;
            value.apply(target, args);
            return counted;
          };
        }
        return value.bind(target);
      },
    });
    return work(counted);
  });
  meter.writes(writes);
  return result;
}
