/** Files, folders, copies and direct uploads. */
import { z } from 'zod';
import { LIMITS } from '../domain/shared/limits';
import { WorkspaceId } from './common';

export const FileResourceSchema = z
  .object({
    path: z.string(),
    size: z.number().int(),
    contentType: z.string(),
    md5: z.string().meta({ description: 'Base64 MD5 of the bytes.' }),
    generation: z.string(),
    updatedAt: z.string().meta({ format: 'date-time' }),
    etag: z.string(),
  })
  .meta({ id: 'File' });

export const FileListSchema = z
  .object({
    items: z.array(FileResourceSchema),
    prefixes: z.array(z.string()).optional(),
    nextPageToken: z.string().optional(),
  })
  .meta({ id: 'FileList' });

/** A file (or, for the preview, a folder) of a workspace: `{path+}` takes the rest of the URL path. */
export const FileParams = z.strictObject({ workspaceId: WorkspaceId, path: z.string() });
export const GetFileQuery = z.strictObject({
  alt: z.enum(['media', 'json']).optional(),
  generation: z
    .string()
    .max(25)
    .optional()
    .meta({ description: 'Read this kept version (see .../versions); 404 once it is gone.' }),
});
export const ListFilesQuery = z.strictObject({
  prefix: z.string().max(1024).optional(),
  delimiter: z.literal('/').optional(),
  limit: z.coerce.number().int().min(1).max(LIMITS.listLimitMax).default(LIMITS.listLimitDefault),
  pageToken: z.string().min(1).max(4096).optional(),
});
export const DeleteFolderQuery = z.strictObject({ prefix: z.string().min(1).max(1024) });

export const CopyBody = z
  .strictObject({
    from: z.string().min(1).max(1024).meta({ description: 'A file path, or a folder ending in /.' }),
    to: z.string().min(1).max(1024).meta({ description: 'The destination file path, or folder ending in /.' }),
  })
  .meta({ id: 'CopyRequest' });
/** What the local upload target answers for a staged upload: the bytes are kept, not yet a file. */
export const StagedUploadResult = z
  .object({
    staged: z.literal(true),
    size: z.number().int().nonnegative(),
    md5: z.string().meta({ description: 'Base64 MD5 of the bytes.' }),
  })
  .meta({ id: 'StagedUpload' });
export const CopyResult = z.object({ items: z.array(FileResourceSchema) }).meta({ id: 'CopyResult' });

export const CreateUploadBody = z
  .strictObject({
    path: z.string().min(1).max(1024),
    contentType: z.string().min(3).max(255),
    size: z.number().int().min(0),
    staged: z.boolean().optional().meta({
      description: 'Stage the bytes for a commit ({path, uploadId}): invisible until a commit names the upload.',
    }),
  })
  .meta({ id: 'CreateUploadRequest' });

export const UploadTargetSchema = z
  .object({
    url: z.string(),
    method: z.literal('PUT'),
    headers: z.record(z.string(), z.string()),
    expiresAt: z.string().meta({ format: 'date-time' }),
    uploadId: z.string().optional().meta({ description: 'For staged uploads: what a commit change names.' }),
  })
  .meta({ id: 'UploadTarget' });

/** The local backend's upload URLs: /v1/uploads/{token}. */
export const UploadTokenParams = z.strictObject({ token: z.string() });
