import { apiSuite } from './api.suite';
import { filesSuite } from './files.suite';
import { collabSuite } from './collab.suite';
import { localUploadsSuite } from './uploads.suite';
import { heartbeatSuite } from './heartbeat.suite';
import { historySuite } from './history.suite';
import { localTarget } from '../support/targets';

describe('HTTP API on the local backend (functions-framework + SQLite + disk)', () => {
  describe('workspaces', () => apiSuite(localTarget));
  describe('files', () => filesSuite(localTarget));
  describe('collaboration state', () => collabSuite(localTarget));
  describe('history', () => historySuite(localTarget, { uploadUrls: true }));
  describe('direct uploads (local one-time URLs)', () => localUploadsSuite());
  describe('event stream keep-alive', () => heartbeatSuite());
});
