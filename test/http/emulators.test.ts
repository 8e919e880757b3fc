import { apiSuite } from './api.suite';
import { emulatorTarget } from '../support/targets';

describe('HTTP API as the `api` function in the Functions emulator (Firestore + Auth emulators)', () => {
  apiSuite(emulatorTarget);
});
