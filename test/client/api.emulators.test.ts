import { clientSuite } from './client.suite';
import { emulatorTarget } from '../support/targets';

describe('@websplat/client against the `api` function in the Functions emulator', () => {
  clientSuite(emulatorTarget);
});
