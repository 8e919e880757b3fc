import { randomBytes } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A 20-character random id, the same shape as a Firestore auto-id (about 119 bits). */
export function newId(): string {
  const bytes = randomBytes(40);
  let id = '';
  // Rejection sampling keeps the distribution uniform over the 62 letters.
  for (const b of bytes) {
    if (b < 248) id += ALPHABET[b % 62];
    if (id.length === 20) return id;
  }
  return id + newId().slice(0, 20 - id.length);
}
