/**
 * zod schemas for everything that crosses the API edge, one module per
 * resource. The HTTP layer parses with them and the OpenAPI document is
 * generated from them, so the two can never disagree. This module: what
 * every resource shares.
 */
import { z } from 'zod';
import { LIMITS } from '../domain/shared/limits';

export const NO_CONTROL_CHARS = /^[^\p{Cc}]*$/u;

export const WorkspaceId = z
  .string()
  .regex(/^[A-Za-z0-9]{20}$/, 'must be a workspace id (20 letters and digits)')
  .meta({ description: 'Server-generated workspace id.' });

/** Firebase Auth uids are 1..128 characters; we also refuse `/` and control characters. */
export const Uid = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[^/\p{Cc}\s]+$/u, 'must be a user id without slashes, spaces or control characters')
  .refine((uid) => !LIMITS.reservedName.test(uid), 'must not have the reserved form __name__');

/** Path parameters of everything under one workspace. */
/** Checkpoint ids are the history's; here only their shape is checked (an unknown one is 404). */
export const CheckpointId = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,128}$/, 'must be a checkpoint id (1..128 of A-Z a-z 0-9 _ -)');

export const WorkspaceParams = z.strictObject({ workspaceId: WorkspaceId });

/** The key of an agent, a state value, a session or a cache entry. */
export const Key = (what: string) =>
  z
    .string()
    .regex(/^[A-Za-z0-9._~:=+-]{1,256}$/, `${what} is 1..256 of A-Z a-z 0-9 . _ ~ : = + -`)
    .refine((k) => k !== '.' && k !== '..', `${what} must not be . or ..`);

export const ListLimit = z.coerce.number().int().min(1).max(LIMITS.listLimitMax).default(LIMITS.listLimitDefault);

/** ?limit and ?pageToken of a plain listing. */
export const PageQuery = z.strictObject({
  limit: ListLimit,
  pageToken: z.string().min(1).max(2048).optional(),
});

/** A page of `item`s, named `id` in the OpenAPI document. */
export const listOf = <T extends z.ZodType>(item: T, id: string) =>
  z.object({ items: z.array(item), nextPageToken: z.string().optional() }).meta({ id });

export const IdempotencyKey = z
  .string()
  .min(1)
  .max(LIMITS.idempotencyKeyMax)
  .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces');

export const Timestamp = z.string().meta({ format: 'date-time', description: 'RFC 3339, UTC.' });

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
