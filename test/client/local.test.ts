import { clientSuite } from './client.suite';
import { generatedTypesSuite } from './generated.suite';
import { localTarget } from '../support/targets';

describe('@websplat/client on the local backend', () => {
  describe('against the local server', () => clientSuite(localTarget, { directUploads: true }));
  describe('generated types', () => generatedTypesSuite());
});
