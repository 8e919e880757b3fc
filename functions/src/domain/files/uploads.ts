import type { Readable } from 'node:stream';
import type { BlobStore, UploadGrants } from '../../ports/blobs';
import { ApiError, invalidArgument, notFound } from '../shared/errors';
import { indexWrite, type FileIndexer } from './fileIndexer';
import { mediaType, toFileResource, type FileResource } from './files';
import { parseObjectName } from './paths';

/**
 * The local backend's side of a direct upload (PUT /v1/uploads/{token}, the
 * equivalent of the signed-URL PUT to Cloud Storage): the bytes must be what
 * the URL was granted for; they land in the blob store and are indexed as an
 * API write is.
 */
export class UploadReceiver {
  constructor(private readonly options: { grants: UploadGrants; blobs: BlobStore; indexer: FileIndexer }) {}

  async receive(
    token: string,
    body: Readable,
    sent: { contentType: string | undefined; contentLength: string | undefined },
  ): Promise<FileResource | { staged: true; size: number; md5: string }> {
    const { blobs } = this.options;
    const grant = await this.options.grants.redeem(token);
    if (mediaType(sent.contentType) !== mediaType(grant.contentType)) {
      throw new ApiError('unsupported_media_type', `This upload URL is for Content-Type ${grant.contentType}.`);
    }
    if (sent.contentLength !== String(grant.size)) {
      throw invalidArgument(`This upload URL is for exactly ${grant.size} bytes (Content-Length).`);
    }
    const target = parseObjectName(grant.name);
    const staged = /^workspaces\/[A-Za-z0-9]{20}\/uploads\/[A-Za-z0-9_-]+$/.test(grant.name);
    if (!staged && (!target || !('path' in target))) throw notFound('This upload URL is not for a workspace file.');
    const info = await blobs.put(grant.name, body, { contentType: grant.contentType });
    if (info.size !== grant.size) {
      await blobs.delete(grant.name, { ifGenerationMatch: info.generation });
      throw invalidArgument(`The body was ${info.size} bytes, not the ${grant.size} announced.`);
    }
    // Staged bytes wait, invisible, for the commit that names them (docs/history.md).
    if (staged || !target || !('path' in target)) return { staged: true, size: info.size, md5: info.md5 };
    // The URL may be minutes old: the indexer checks that the workspace is still live.
    await indexWrite(this.options.indexer, blobs, target, info, { workspaceChecked: false });
    return toFileResource({ ...info, path: target.path });
  }
}
