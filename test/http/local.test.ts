import { apiSuite } from './api.suite';
import { localTarget } from '../support/targets';

describe('HTTP API on the local backend (functions-framework + SQLite + disk)', () => {
  apiSuite(localTarget);
});
