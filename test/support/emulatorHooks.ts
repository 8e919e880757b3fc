// Root hooks of the emulator tier: release the firebase-admin app at the end,
// so mocha exits as soon as the last test is done.
import { closeAdminApp } from '@functions/adapters/firebase/app';

export const mochaHooks = {
  async afterAll() {
    await closeAdminApp();
  },
};
