import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { join } from 'node:path';
import { ApiError, notFound } from '../../domain/shared/errors';
import type { UploadGrant, UploadGrants, UploadTarget } from '../../ports/blobs';
import { AsyncMutex, immediateTransaction, openDatabase, type SqliteDatabase } from './sqlite/database';

/** What a local upload URL allows: one PUT of exactly this object, type and size, before expiry. */
export interface SignedUploadGrant extends UploadGrant {
  expiresAt: number;
}

const MIGRATIONS = [`CREATE TABLE used_uploads (nonce TEXT PRIMARY KEY, used_at INTEGER NOT NULL);`];

/**
 * The local stand-in for V4 signed URLs: `/v1/uploads/<token>`, an HMAC-signed
 * grant that works once (its nonce is recorded when used).
 */
export class LocalUploads implements UploadGrants {
  private readonly db: SqliteDatabase;
  private readonly mutex = new AsyncMutex();

  constructor(
    dataDir: string,
    private readonly key: Buffer,
    private readonly now: () => number = Date.now,
  ) {
    this.db = openDatabase(join(dataDir, 'uploads.sqlite'), MIGRATIONS);
  }

  sign(grant: SignedUploadGrant): UploadTarget {
    const payload = Buffer.from(JSON.stringify({ ...grant, nonce: randomBytes(12).toString('base64url') })).toString(
      'base64url',
    );
    return {
      url: `/v1/uploads/${payload}.${this.mac(payload)}`,
      method: 'PUT',
      // Only headers a browser may set (never Content-Length); the receiver checks the size.
      headers: { 'Content-Type': grant.contentType },
    };
  }

  /** Checks the token and spends it; throws 404 for anything not a live, unused grant of ours. */
  async redeem(token: string): Promise<SignedUploadGrant> {
    const [payload, mac, ...rest] = token.split('.');
    const gone = () => notFound('This upload URL is not valid (expired, already used, or not ours).');
    if (!payload || !mac || rest.length) throw gone();
    const expected = Buffer.from(this.mac(payload));
    if (expected.length !== mac.length || !timingSafeEqual(expected, Buffer.from(mac))) throw gone();
    const grant = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as SignedUploadGrant & {
      nonce: string;
    };
    if (grant.expiresAt <= this.now()) throw gone();
    await immediateTransaction(this.db, this.mutex, async () => {
      const used = this.db.prepare('SELECT 1 FROM used_uploads WHERE nonce = ?').get(grant.nonce);
      if (used) throw new ApiError('failed_precondition', 'This upload URL was already used.');
      this.db.prepare('INSERT INTO used_uploads (nonce, used_at) VALUES (?, ?)').run(grant.nonce, this.now());
    });
    return { name: grant.name, contentType: grant.contentType, size: grant.size, expiresAt: grant.expiresAt };
  }

  async close(): Promise<void> {
    await this.mutex.run(async () => this.db.close());
  }

  private mac(payload: string): string {
    return createHmac('sha256', this.key).update(`upload\n${payload}`).digest('base64url');
  }
}
