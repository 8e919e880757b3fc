/** History: commits, file versions and diffs (docs/history.md). */
import { z } from 'zod';
import { ListLimit, NO_CONTROL_CHARS, Timestamp, WorkspaceId } from './common';

const Generation = z
  .string()
  .regex(/^\d{1,25}$/)
  .meta({ description: 'A file generation (decimal); "0" means the path does not exist.' });

export const CommitChangeInput = z
  .strictObject({
    path: z.string().min(1).max(1024),
    content: z.string().optional().meta({ description: 'The new bytes as UTF-8 text.' }),
    contentBase64: z.string().optional().meta({ description: 'The new bytes, base64.' }),
    contentType: z.string().min(3).max(255).optional().meta({ description: 'Required with content/contentBase64.' }),
    uploadId: z
      .string()
      .min(1)
      .max(4096)
      .optional()
      .meta({ description: 'Bytes staged with POST .../uploads and "staged": true.' }),
    delete: z.literal(true).optional(),
    fromGeneration: Generation.optional().meta({ description: 'Bring back this kept version of the path.' }),
    ifGeneration: Generation.optional().meta({
      description: 'The generation this change replaces ("0": the path must not exist); 412 otherwise.',
    }),
  })
  .meta({ id: 'CommitChange' });

export const CommitBody = z
  .strictObject({
    message: z.string().max(4096).optional(),
    agentId: z.string().min(1).max(128).optional(),
    changes: z.array(CommitChangeInput).min(1).max(100_000),
    checkpoint: z
      .strictObject({ label: z.string().max(256).regex(NO_CONTROL_CHARS).optional() })
      .optional()
      .meta({ description: 'Take a checkpoint right after the commit; its id is in the answer (`checkpointId`).' }),
  })
  .meta({
    id: 'CommitRequest',
    description:
      'All or nothing. At most WEBSPLAT_COMMIT_MAX_CHANGES changes (default 1,000) and ' +
      'WEBSPLAT_COMMIT_MAX_BODY_BYTES of inline content (default 32 MiB).',
  });

export const CommitSchema = z
  .object({
    id: z.string(),
    kind: z.string().meta({ description: 'commit, put, delete, copy, move, upload, direct, restore, clone, ...' }),
    message: z.string(),
    agentId: z.string().optional(),
    author: z.string(),
    createdAt: Timestamp,
    changes: z.array(
      z.object({ path: z.string(), generation: z.string().optional(), deleted: z.literal(true).optional() }),
    ),
    checkpointId: z
      .string()
      .optional()
      .meta({ description: 'The checkpoint this commit asked for, or (a restore) the automatic one before it.' }),
    workspace: z
      .object({ fileCount: z.number().int(), totalBytes: z.number().int(), etag: z.string() })
      .optional()
      .meta({ description: 'The workspace right after the commit (only in the answer to POST).' }),
  })
  .meta({ id: 'Commit' });

export const CommitList = z
  .object({ items: z.array(CommitSchema), nextPageToken: z.string().optional() })
  .meta({ id: 'CommitList' });

export const CommitParams = z.strictObject({ workspaceId: WorkspaceId, commitId: z.string().min(1).max(64) });

export const VersionSchema = z
  .object({
    path: z.string(),
    generation: z.string(),
    size: z.number().int(),
    contentType: z.string(),
    md5: z.string(),
    createdAt: Timestamp,
    commitId: z.string().optional(),
    author: z.string().optional(),
    deleted: z.boolean(),
  })
  .meta({ id: 'FileVersion' });

export const VersionList = z
  .object({ items: z.array(VersionSchema), nextPageToken: z.string().optional() })
  .meta({ id: 'FileVersionList' });

export const VersionsQuery = z.strictObject({
  path: z.string().min(1).max(1024),
  limit: ListLimit,
  pageToken: z.string().min(1).max(4096).optional(),
});

export const DiffQuery = z.strictObject({
  path: z.string().min(1).max(1024),
  from: Generation,
  to: Generation.optional().meta({ description: 'Default: the current version.' }),
});

export const DiffSchema = z
  .object({
    path: z.string(),
    from: z.string(),
    to: z.string(),
    diff: z.string().meta({ description: 'A unified diff (jsdiff), from `from` to `to`.' }),
  })
  .meta({ id: 'FileDiff' });
