import type { StoredRecord } from './records';

/** A user's session records (keyed by the user's id and the session id; they expire). */
export interface SessionStore {
  getSession(uid: string, key: string): Promise<StoredRecord | null>;
}

/** The session part of a Transaction. */
export interface SessionTransaction {
  getSession(uid: string, key: string): Promise<StoredRecord | null>;
  putSession(uid: string, record: StoredRecord): void;
  deleteSession(uid: string, key: string): void;
}
