/** Stored records for tests that write to the metadata ports directly. */
import { randomBytes } from 'node:crypto';
import { newId } from '@functions/domain/shared/ids';
import type { WorkspaceRecord } from '@functions/ports/workspaces';

export const uid = (label: string) => `${label}-${randomBytes(4).toString('hex')}`;

export function workspaceRecord(overrides: Partial<WorkspaceRecord> = {}): WorkspaceRecord {
  const owner = overrides.ownerId ?? uid('owner');
  const t = overrides.createdAt ?? Date.UTC(2026, 0, 1);
  return {
    id: newId(),
    name: 'Site',
    description: '',
    status: 'active',
    ownerId: owner,
    members: { [owner]: 'owner' },
    metadata: {},
    fileCount: 0,
    totalBytes: 0,
    createdAt: t,
    updatedAt: t,
    lastAccessedAt: t,
    deletedAt: null,
    deletedBy: null,
    version: 1,
    ...overrides,
  };
}
