/** Agent progress and shared state under a workspace. */
import { z } from 'zod';
import { AGENT_STATUSES } from '../domain/collaboration/collab';
import { Key, listOf, WorkspaceId } from './common';

export const AgentParams = z.strictObject({ workspaceId: WorkspaceId, agentId: Key('an agent id') });
export const StateParams = z.strictObject({ workspaceId: WorkspaceId, key: Key('a state key') });

export const AgentBody = z
  .strictObject({
    status: z.enum(AGENT_STATUSES),
    step: z.string().max(200).optional(),
    progress: z.number().min(0).max(1).optional(),
    message: z.string().max(4000).optional(),
    sequence: z
      .number()
      .int()
      .min(0)
      .optional()
      .meta({ description: 'Grows with every report of a run; an older or equal one is ignored.' }),
  })
  .meta({ id: 'AgentReport' });

export const AgentSchema = z
  .object({
    agentId: z.string(),
    status: z.enum(AGENT_STATUSES),
    step: z.string(),
    progress: z.number(),
    message: z.string(),
    sequence: z.number().int(),
    updatedAt: z.string(),
    updatedBy: z.string(),
  })
  .meta({ id: 'Agent' });
export const AgentList = listOf(AgentSchema, 'AgentList');

// An object wrapper: JSON body parsers in front of Cloud Functions accept only objects and arrays.
export const StatePutBody = z
  .strictObject({ value: z.unknown().refine((v) => v !== undefined, 'is required') })
  .meta({ id: 'StatePutRequest', description: '{"value": any JSON, at most 256 KiB}' });

export const StateEntrySchema = z
  .object({
    key: z.string(),
    value: z.unknown(),
    version: z.number().int(),
    updatedAt: z.string(),
    updatedBy: z.string(),
    etag: z.string(),
  })
  .meta({ id: 'StateEntry' });
export const StateList = listOf(StateEntrySchema, 'StateList');
