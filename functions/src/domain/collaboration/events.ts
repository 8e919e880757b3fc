import { toAgent, toStateEntry } from './collab';
import { toFileResource } from '../files/files';
import { toCommit } from '../history/history';
import { toWorkspace } from '../workspaces/workspaces';
import type { Change } from '../../ports/changes';

/** The API view of a change, as sent on the events stream: `event: <type>` and JSON `data`. */
export function toApiEvent(change: Change): {
  type: 'workspace' | 'file' | 'agent' | 'state' | 'commit';
  data: unknown;
} {
  switch (change.kind) {
    case 'workspace':
      return { type: 'workspace', data: toWorkspace(change.record) };
    case 'file':
      return {
        type: 'file',
        data: change.entry.deleted ? { path: change.path, deleted: true } : toFileResource(change.entry),
      };
    case 'commit':
      return { type: 'commit', data: toCommit(change.commit) };
    case 'agents':
      return { type: 'agent', data: change.record ? toAgent(change.record) : { agentId: change.key, deleted: true } };
    case 'state':
      return { type: 'state', data: change.record ? toStateEntry(change.record) : { key: change.key, deleted: true } };
  }
}
