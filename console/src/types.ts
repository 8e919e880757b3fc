/** The API's resources as the console reads them: the client's types, by the names the views use. */
export type { Agent, FileResource as FileEntry, Role, StateEntry, Workspace } from '@websplat/client';
