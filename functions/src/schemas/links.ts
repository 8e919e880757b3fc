/** Links: scoped, revocable access to one workspace (or checkpoint) without the user's token. */
import { z } from 'zod';
import { LINK_TTL_MAX_SECONDS, LINK_TTL_MIN_SECONDS } from '../domain/links/links';
import { LINK_SCOPES } from '../ports/links';
import { CheckpointId, listOf, NO_CONTROL_CHARS, Timestamp, WorkspaceId } from './common';

/** Server-generated, like workspace ids. */
export const LinkId = z.string().regex(/^[A-Za-z0-9]{20}$/, 'must be a link id (20 letters and digits)');

export { CheckpointId } from './common';

export const LinkParams = z.strictObject({ workspaceId: WorkspaceId, linkId: LinkId });

export const CreateLinkBody = z
  .strictObject({
    scope: z.enum(LINK_SCOPES).meta({
      description:
        'preview: the site under /v1/p/{token}/; events: the event stream; read: file reads, the file list and export.zip.',
    }),
    checkpointId: CheckpointId.optional().meta({ description: 'Grant the checkpoint instead of the live workspace.' }),
    expiresIn: z
      .number()
      .int()
      .min(LINK_TTL_MIN_SECONDS)
      .max(LINK_TTL_MAX_SECONDS)
      .meta({ description: `Seconds until the link expires (${LINK_TTL_MIN_SECONDS}..${LINK_TTL_MAX_SECONDS}).` }),
    label: z.string().max(200).regex(NO_CONTROL_CHARS, 'must not contain control characters').optional(),
  })
  .meta({ id: 'CreateLinkRequest' });

export const LinkSchema = z
  .object({
    id: z.string(),
    url: z.string().meta({ description: 'Works with no other credential, for its scope only.' }),
    scope: z.enum(LINK_SCOPES),
    checkpointId: z.string().nullable(),
    label: z.string(),
    createdAt: Timestamp,
    expiresAt: Timestamp,
    createdBy: z.string(),
  })
  .meta({ id: 'Link' });
export const LinkList = listOf(LinkSchema, 'LinkList');

/** The token segment of /v1/p/{linkToken}/…, and the rest of the path (the site's own). */
export const PreviewLinkParams = z.strictObject({
  linkToken: z.string().min(1).max(2048),
  path: z.string(),
});
