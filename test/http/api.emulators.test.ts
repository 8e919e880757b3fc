import { apiSuite } from './api.suite';
import { filesSuite } from './files.suite';
import { collabSuite } from './collab.suite';
import { historySuite } from './history.suite';
import { emulatorTarget } from '../support/targets';

describe('HTTP API as the `api` function in the Functions emulator (Firestore + Auth emulators)', () => {
  describe('workspaces', () => apiSuite(emulatorTarget));
  describe('files', () => filesSuite(emulatorTarget));
  describe('collaboration state', () => collabSuite(emulatorTarget));
  describe('history', () => historySuite(emulatorTarget, { uploadUrls: false }));
});
