import { apiSuite } from './api.suite';
import { filesSuite } from './files.suite';
import { collabSuite } from './collab.suite';
import { limitsSuite } from './limits.suite';
import { burstSuite } from './burst.suite';
import { linksSuite } from './links.suite';
import { historySuite } from './history.suite';
import { checkpointsSuite } from './checkpoints.suite';
import { emulatorTarget } from '../support/targets';

describe('HTTP API as the `api` function in the Functions emulator (Firestore + Auth emulators)', () => {
  describe('workspaces', () => apiSuite(emulatorTarget));
  describe('files', () => filesSuite(emulatorTarget));
  describe('collaboration state', () => collabSuite(emulatorTarget));
  describe('hostile JSON bodies and production limits', () => limitsSuite(emulatorTarget));
  describe('agent write bursts', () => burstSuite(emulatorTarget));
  describe('links: scopes, revocation, the preview by link', () => linksSuite(emulatorTarget));
  describe('history', () => historySuite(emulatorTarget, { uploadUrls: false }));
  describe('checkpoints', () => checkpointsSuite(emulatorTarget));
});
