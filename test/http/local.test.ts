import { apiSuite } from './api.suite';
import { filesSuite } from './files.suite';
import { collabSuite } from './collab.suite';
import { limitsSuite } from './limits.suite';
import { linksSuite } from './links.suite';
import { localUploadsSuite } from './uploads.suite';
import { heartbeatSuite } from './heartbeat.suite';
import { burstSuite } from './burst.suite';
import { historySuite } from './history.suite';
import { checkpointsSuite } from './checkpoints.suite';
import { localTarget } from '../support/targets';

describe('HTTP API on the local backend (node:http + SQLite + disk)', () => {
  describe('workspaces', () => apiSuite(localTarget));
  describe('files', () => filesSuite(localTarget));
  describe('collaboration state', () => collabSuite(localTarget));
  describe('hostile JSON bodies and production limits', () => limitsSuite(localTarget));
  describe('links: scopes, revocation, the preview by link', () => linksSuite(localTarget));
  describe('history', () => historySuite(localTarget, { uploadUrls: true }));
  describe('checkpoints', () => checkpointsSuite(localTarget));
  describe('direct uploads (local one-time URLs)', () => localUploadsSuite());
  describe('event stream keep-alive', () => heartbeatSuite());
  describe('agent write bursts', () => burstSuite(localTarget));
});
