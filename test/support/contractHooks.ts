/**
 * Mocha root hooks (required by both tiers' mocharc): the title of the test
 * running now, so the validating proxy can say which test sent an exchange
 * that breaks the OpenAPI document.
 */
import type { Context } from 'mocha';

let current: string | undefined;

export const currentTestTitle = (): string | undefined => current;

export const mochaHooks = {
  beforeEach(this: Context) {
    current = this.currentTest?.fullTitle();
  },
  afterEach() {
    current = undefined;
  },
};
