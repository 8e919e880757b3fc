import { notFound, permissionDenied } from '../shared/errors';
import type { Principal } from '../../ports/auth';
import type { Role, WorkspaceRecord } from '../../ports/workspaces';

const RANK: Record<Role, number> = { viewer: 1, editor: 2, owner: 3 };

/** What a role may do. Every workspace operation states the least role it needs. */
export type Capability = 'read' | 'write' | 'administer';
const NEEDS: Record<Capability, Role> = { read: 'viewer', write: 'editor', administer: 'owner' };

/**
 * Returns the workspace when `caller` may do `capability` on it. A workspace
 * the caller cannot see (not a member, or deleted) is not_found, so its
 * existence is never revealed; a member lacking the role gets permission_denied.
 */
export function authorize(
  workspace: WorkspaceRecord | null,
  caller: Principal,
  capability: Capability,
): WorkspaceRecord {
  if (caller.link) {
    // A link reads its own workspace only, and never writes; anything else does not exist for it.
    if (
      !workspace ||
      workspace.status === 'deleted' ||
      workspace.id !== caller.link.workspaceId ||
      capability !== 'read'
    ) {
      throw notFound('Workspace not found.');
    }
    return workspace;
  }
  // Own keys only: a uid such as `constructor` must not find Object.prototype's members.
  const role = workspace && Object.hasOwn(workspace.members, caller.uid) ? workspace.members[caller.uid] : undefined;
  if (!workspace || !role || workspace.status === 'deleted') {
    throw notFound('Workspace not found.');
  }
  if (RANK[role] < RANK[NEEDS[capability]]) {
    throw permissionDenied(
      `This needs the ${NEEDS[capability]} role; you are ${role === 'viewer' ? 'a' : 'an'} ${role}.`,
    );
  }
  return workspace;
}
