/** The route table: one module per resource. */
import type { ApiDeps } from '../deps';
import type { Route } from '../route';
import { adminUsageRoute } from './admin';
import { collabRoutes } from './collaboration';
import { eventsRoute } from './events';
import { fileRoutes, uploadRoutes } from './files';
import { linkRoutes } from './links';
import { previewRoutes } from './preview';
import { historyRoutes } from './history';
import { checkpointRoutes } from './checkpoints';
import { userDataRoutes } from './userData';
import { cloneRoute, workspaceRoutes } from './workspaces';

export { systemRoutes } from './system';

/** Every authenticated route, in matching order. */
export function apiRoutes(): Route<ApiDeps>[] {
  return [
    ...workspaceRoutes(),
    ...fileRoutes(),
    ...uploadRoutes(),
    ...historyRoutes(),
    ...checkpointRoutes(),
    cloneRoute(),
    ...collabRoutes(),
    ...userDataRoutes(),
    eventsRoute(),
    ...linkRoutes(),
    ...previewRoutes(),
    adminUsageRoute(),
  ];
}
