import { randomBytes } from 'node:crypto';

/** Lower-case base32 in an order that sorts like the numbers it encodes. */
const B32 = '0123456789abcdefghijklmnopqrstuv';

function base32(n: bigint, width: number): string {
  let out = '';
  for (let i = 0; i < width; i++) {
    out = B32[Number(n & 31n)] + out;
    n >>= 5n;
  }
  return out;
}

/** The id prefix of commits made at `ms`: `c` + 11 base32 digits of the time. */
export const commitIdFloor = (ms: number): string => `c${base32(BigInt(Math.max(0, Math.floor(ms))), 11)}`;

/** A time-ordered commit id: ids sort by creation time, so listing newest first is a scan by id. */
export const newCommitId = (ms: number): string =>
  commitIdFloor(ms) + base32(BigInt(`0x${randomBytes(5).toString('hex')}`), 8);

/** Shape of the ids newCommitId makes (anything else is a forged id: 404 without a read). */
export const isCommitId = (id: string): boolean => /^c[0-9a-v]{19}$/.test(id);

/** A fresh name for an immutable blob (never reused, so no precondition is needed to keep it immutable). */
export const newBlobId = (): string => base32(BigInt(`0x${randomBytes(13).toString('hex')}`), 20);

/** The object holding an immutable blob. */
export const blobObjectName = (workspaceId: string, blob: string): string => `workspaces/${workspaceId}/blobs/${blob}`;

/**
 * The generation of a path's next version: later than its previous one and
 * than now, in the bucket's own unit, so it orders against the generations
 * the bucket gives objects written straight to it (Cloud Storage and the disk
 * store count microseconds, the Storage emulator milliseconds).
 */
export function nextGeneration(previous: string | undefined, micros: boolean): string {
  const now = micros ? BigInt(Math.floor((performance.timeOrigin + performance.now()) * 1000)) : BigInt(Date.now());
  const after = previous !== undefined && /^\d+$/.test(previous) ? BigInt(previous) + 1n : 0n;
  return String(now > after ? now : after);
}

/** Whether generations seen from a bucket count microseconds (16+ digits) rather than milliseconds. */
export const countsMicros = (seen: (string | undefined)[]): boolean => {
  const known = seen.filter((g): g is string => g !== undefined && /^\d+$/.test(g) && g !== '0');
  return known.length === 0 || known.some((g) => g.length >= 16);
};

/** A time-ordered checkpoint id (`k` + the commit id's shape), so listing newest first is a scan by id. */
export const newCheckpointId = (ms: number): string => `k${newCommitId(ms).slice(1)}`;

/** Shape of the ids newCheckpointId makes (anything else is forged: 404 without a read). */
export const isCheckpointId = (id: string): boolean => /^k[0-9a-v]{19}$/.test(id);

/** The immutable manifest object of a checkpoint. */
export const manifestObjectName = (workspaceId: string, checkpointId: string): string =>
  `workspaces/${workspaceId}/checkpoints/${checkpointId}.json`;
