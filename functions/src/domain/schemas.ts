/**
 * zod schemas for everything that crosses the API edge. The HTTP layer parses
 * with them and the OpenAPI document is generated from them, so the two can
 * never disagree.
 */
import { z } from 'zod';
import { LIMITS } from './limits';
import { ROLES, WORKSPACE_STATUSES } from './model';

const NO_CONTROL_CHARS = /^[^\p{Cc}]*$/u;

export { LIMITS };

export const WorkspaceId = z
  .string()
  .regex(/^[A-Za-z0-9]{20}$/, 'must be a workspace id (20 letters and digits)')
  .meta({ description: 'Server-generated workspace id.' });

/** Firebase Auth uids are 1..128 characters; we also refuse `/` and control characters. */
export const Uid = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[^/\p{Cc}\s]+$/u, 'must be a user id without slashes, spaces or control characters');

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
    z.string().regex(LIMITS.metadataKeyPattern, 'keys are 1..128 of A-Z a-z 0-9 _ . -'),
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

const ListLimit = z.coerce.number().int().min(1).max(LIMITS.listLimitMax).default(LIMITS.listLimitDefault);

export const ListWorkspacesQuery = z.strictObject({
  status: z.enum(['active', 'archived']).optional(),
  limit: ListLimit,
  pageToken: z.string().min(1).max(2048).optional(),
});
export type ListWorkspacesQuery = z.infer<typeof ListWorkspacesQuery>;

export const IdempotencyKey = z
  .string()
  .min(1)
  .max(LIMITS.idempotencyKeyMax)
  .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces');

const Timestamp = z.string().meta({ format: 'date-time', description: 'RFC 3339, UTC.' });

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
    createdAt: Timestamp,
    updatedAt: Timestamp,
    lastAccessedAt: Timestamp,
    etag: z.string(),
  })
  .meta({ id: 'Workspace' });
export type Workspace = z.infer<typeof Workspace>;

export const WorkspaceList = z
  .object({ items: z.array(Workspace), nextPageToken: z.string().optional() })
  .meta({ id: 'WorkspaceList' });

export const ErrorBody = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      details: z.array(z.object({ field: z.string().optional(), reason: z.string() })),
    }),
  })
  .meta({ id: 'Error' });

export const Health = z
  .object({ status: z.literal('ok'), backend: z.enum(['local', 'firebase']) })
  .meta({ id: 'Health' });

const OperationCounts = z
  .record(z.string(), z.number().int())
  .meta({ description: 'Requests by operationId (as in this document) in the period.' });

export const UsageReportSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    days: z.number().int(),
    totals: z.object({
      workspaces: z.number().int(),
      files: z.number().int(),
      bytes: z.number().int(),
      operations: OperationCounts,
      operationCount: z.number().int(),
    }),
    workspaces: z.array(
      z.object({
        workspaceId: z.string(),
        name: z.string(),
        ownerId: z.string(),
        status: z.string(),
        fileCount: z.number().int(),
        totalBytes: z.number().int(),
        operations: OperationCounts,
        operationCount: z.number().int(),
      }),
    ),
    estimate: z.object({
      currency: z.string(),
      pricesAsOf: z.string(),
      monthlyTotal: z.number(),
      lines: z.array(z.object({ item: z.string(), quantity: z.number(), unit: z.string(), monthlyCost: z.number() })),
    }),
  })
  .meta({ id: 'UsageReport' });
