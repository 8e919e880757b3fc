/** Workspaces and their members. */
import { z } from 'zod';
import { LIMITS } from '../domain/shared/limits';
import { ROLES, WORKSPACE_STATUSES } from '../ports/workspaces';
import { CheckpointId, ListLimit, listOf, NO_CONTROL_CHARS, Timestamp, Uid, WorkspaceId } from './common';

export const Role = z.enum(ROLES);
export const WorkspaceStatus = z.enum(WORKSPACE_STATUSES);

const Name = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(LIMITS.nameMax)
  .regex(NO_CONTROL_CHARS, 'must not contain control characters');
const Description = z
  .string()
  .max(LIMITS.descriptionMax)
  .regex(NO_CONTROL_CHARS, 'must not contain control characters');
const Metadata = z
  .record(
    z
      .string()
      .regex(LIMITS.metadataKeyPattern, 'keys are 1..128 of A-Z a-z 0-9 _ . -')
      .refine((key) => !LIMITS.reservedName.test(key), 'keys must not have the reserved form __name__'),
    z.string().max(LIMITS.metadataValueMax),
  )
  .refine((m) => Object.keys(m).length <= LIMITS.metadataKeysMax, {
    message: `at most ${LIMITS.metadataKeysMax} keys`,
  })
  .meta({ description: 'Free-form string labels; a PATCH replaces the whole map.' });

export const CreateWorkspaceBody = z
  .strictObject({ name: Name, description: Description.optional(), metadata: Metadata.optional() })
  .meta({ id: 'CreateWorkspaceRequest' });
export type CreateWorkspaceBody = z.infer<typeof CreateWorkspaceBody>;

export const PatchWorkspaceBody = z
  .strictObject({
    name: Name.optional(),
    description: Description.optional(),
    status: z
      .enum(['active', 'archived'], { message: "must be 'active' or 'archived' (use DELETE to delete)" })
      .optional(),
    metadata: Metadata.optional(),
  })
  .refine((b) => Object.keys(b).length > 0, { message: 'must name at least one field to change' })
  .meta({ id: 'PatchWorkspaceRequest' });
export type PatchWorkspaceBody = z.infer<typeof PatchWorkspaceBody>;

export const PutMemberBody = z
  .strictObject({
    role: z.enum(['editor', 'viewer'], {
      message: "must be 'editor' or 'viewer' (ownership cannot be granted)",
    }),
  })
  .meta({ id: 'PutMemberRequest' });
export type PutMemberBody = z.infer<typeof PutMemberBody>;

export const ListWorkspacesQuery = z.strictObject({
  status: z.enum(['active', 'archived']).optional(),
  limit: ListLimit,
  pageToken: z.string().min(1).max(2048).optional(),
});
export type ListWorkspacesQuery = z.infer<typeof ListWorkspacesQuery>;

export const Workspace = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string(),
    status: WorkspaceStatus,
    ownerId: z.string(),
    members: z.record(z.string(), Role),
    metadata: z.record(z.string(), z.string()),
    fileCount: z.number().int(),
    totalBytes: z.number().int(),
    versionBytes: z.number().int().meta({
      description: 'Bytes kept only for history (older versions); not counted against the workspace quota.',
    }),
    createdAt: Timestamp,
    updatedAt: Timestamp,
    lastAccessedAt: Timestamp,
    etag: z.string(),
  })
  .meta({ id: 'Workspace' });
export type Workspace = z.infer<typeof Workspace>;

export const WorkspaceList = listOf(Workspace, 'WorkspaceList');

export const MemberParams = z.strictObject({ workspaceId: WorkspaceId, uid: Uid });

export const CloneBody = z
  .strictObject({
    name: CreateWorkspaceBody.shape.name,
    checkpointId: CheckpointId.optional().meta({ description: 'Fork from this checkpoint instead of the live files.' }),
  })
  .meta({ id: 'CloneWorkspaceRequest' });
