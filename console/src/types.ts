/** The API's resources as the console reads them (no DOM types here: unit tests import this from Node). */
export type Role = 'owner' | 'editor' | 'viewer';

export interface Workspace {
  id: string;
  name: string;
  description: string;
  status: 'active' | 'archived' | 'deleted';
  ownerId: string;
  members: Record<string, Role>;
  metadata: Record<string, string>;
  fileCount: number;
  totalBytes: number;
  createdAt: string;
  updatedAt: string;
  lastAccessedAt: string;
  etag: string;
}

export interface FileEntry {
  path: string;
  size: number;
  contentType: string;
  md5: string;
  generation: string;
  updatedAt: string;
  etag: string;
}

export interface Agent {
  agentId: string;
  status: 'queued' | 'running' | 'succeeded' | 'failed';
  step: string;
  progress: number;
  message: string;
  updatedAt: string;
}

export interface StateEntry {
  key: string;
  value: unknown;
  version: number;
  updatedAt: string;
  updatedBy: string;
  etag: string;
}

export interface Page<T> {
  items: T[];
  nextPageToken?: string;
  prefixes?: string[];
}
