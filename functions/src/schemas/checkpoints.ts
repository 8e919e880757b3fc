/** Checkpoints (docs/history.md, "Checkpoints"). */
import { z } from 'zod';
import { CheckpointId, ListLimit, NO_CONTROL_CHARS, Timestamp, WorkspaceId } from './common';
import { CommitSchema } from './history';

export const CheckpointParams = z.strictObject({ workspaceId: WorkspaceId, checkpointId: CheckpointId });
export const CheckpointFileParams = z.strictObject({
  workspaceId: WorkspaceId,
  checkpointId: CheckpointId,
  path: z.string(),
});

export const CheckpointLabel = z
  .string()
  .max(256)
  .regex(NO_CONTROL_CHARS)
  .meta({ description: 'A name for people (may be empty).' });

export const CreateCheckpointBody = z
  .strictObject({ label: CheckpointLabel.optional() })
  .meta({ id: 'CreateCheckpointRequest' });

export const CheckpointSchema = z
  .object({
    id: z.string(),
    label: z.string(),
    createdAt: Timestamp,
    author: z.string(),
    commitId: z.string().nullable().meta({ description: 'The newest commit when it was taken (null: none yet).' }),
    fileCount: z.number().int(),
    totalBytes: z.number().int(),
    stateCount: z.number().int().meta({ description: 'Shared-state keys it holds.' }),
  })
  .meta({ id: 'Checkpoint' });

export const CheckpointList = z
  .object({ items: z.array(CheckpointSchema), nextPageToken: z.string().optional() })
  .meta({ id: 'CheckpointList' });

export const CheckpointDiffQuery = z.strictObject({
  against: z
    .string()
    .regex(/^(live|[A-Za-z0-9_-]{1,128})$/)
    .meta({ description: 'Another checkpoint id, or `live` for the live tree.' }),
  limit: ListLimit,
  pageToken: z.string().min(1).max(4096).optional(),
});

const DiffSide = z.object({ generation: z.string(), size: z.number().int() });
const DiffFile = z.object({ path: z.string(), generation: z.string(), size: z.number().int() });

export const CheckpointDiffSchema = z
  .object({
    added: z.array(DiffFile).meta({ description: 'Paths only `against` has.' }),
    removed: z.array(DiffFile).meta({ description: 'Paths only the checkpoint has.' }),
    changed: z
      .array(z.object({ path: z.string(), from: DiffSide, to: DiffSide }))
      .meta({ description: 'Paths whose bytes or type differ: `from` the checkpoint, `to` against.' }),
    nextPageToken: z.string().optional(),
  })
  .meta({ id: 'CheckpointDiff' });

export const RestoreSchema = CommitSchema.extend({
  checkpointId: z.string().meta({ description: 'The automatic checkpoint of what the restore replaced.' }),
}).meta({ id: 'RestoreCommit' });
