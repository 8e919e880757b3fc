/** The API's resources as the console reads them: the client's types, by the names the views use. */
import type { FileVersionList } from '@websplat/client';

export type {
  Agent,
  Checkpoint,
  CheckpointDiff,
  Commit,
  FileDiff,
  FileResource as FileEntry,
  Role,
  StateEntry,
  Workspace,
} from '@websplat/client';
export type FileVersion = FileVersionList['items'][number];
