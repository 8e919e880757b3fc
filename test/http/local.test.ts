import { apiSuite } from './api.suite';
import { filesSuite } from './files.suite';
import { localTarget } from '../support/targets';

describe('HTTP API on the local backend (functions-framework + SQLite + disk)', () => {
  describe('workspaces', () => apiSuite(localTarget));
  describe('files', () => filesSuite(localTarget));
});
