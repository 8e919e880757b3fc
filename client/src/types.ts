/** Friendly names for the generated OpenAPI types (src/generated/openapi.ts, `npm run generate:client`). */
import type { components, operations } from './generated/openapi.js';

type Schemas = components['schemas'];
type QueryOf<Op extends keyof operations> = NonNullable<operations[Op]['parameters']['query']>;

export type Workspace = Schemas['Workspace'];
export type WorkspaceList = Schemas['WorkspaceList'];
export type CreateWorkspaceRequest = Schemas['CreateWorkspaceRequest'];
export type PatchWorkspaceRequest = Schemas['PatchWorkspaceRequest'];
export type Role = Schemas['PutMemberRequest']['role'];
export type FileResource = Schemas['File'];
export type FileList = Schemas['FileList'];
export type UploadTarget = Schemas['UploadTarget'];
export type Agent = Schemas['Agent'];
export type AgentReport = Schemas['AgentReport'];
export type AgentList = Schemas['AgentList'];
export type StateEntry = Schemas['StateEntry'];
export type StateList = Schemas['StateList'];
export type Session = Schemas['Session'];
export type CacheEntry = Schemas['CacheEntry'];
export type UsageReport = Schemas['UsageReport'];
export type Health = Schemas['Health'];
export type CommitRequest = Schemas['CommitRequest'];
export type Commit = Schemas['Commit'];
export type CommitList = Schemas['CommitList'];
export type FileVersionList = Schemas['FileVersionList'];
export type FileDiff = Schemas['FileDiff'];
export type CreateLinkRequest = Schemas['CreateLinkRequest'];
export type Link = Schemas['Link'];
export type LinkList = Schemas['LinkList'];
export type Checkpoint = Schemas['Checkpoint'];
export type CheckpointList = Schemas['CheckpointList'];
export type CheckpointDiff = Schemas['CheckpointDiff'];
export type RestoreCommit = Schemas['RestoreCommit'];

export type ListWorkspacesQuery = QueryOf<'workspaces.list'>;
export type ListFilesQuery = QueryOf<'files.list'>;
export type PageQuery = QueryOf<'agents.list'>;
export type UsageQuery = QueryOf<'admin.usage'>;
export type VersionsQuery = QueryOf<'versions.list'>;
export type DiffQuery = QueryOf<'versions.diff'>;
export type CheckpointDiffQuery = QueryOf<'checkpoints.diff'>;

export type { components, operations, paths } from './generated/openapi.js';
