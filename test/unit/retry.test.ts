/** Retrying idempotent work after contention or a brief outage, and never after a real error. */
import { strict as assert } from 'node:assert';
import { ApiError } from '@functions/domain/shared/errors';
import { withRetries } from '@functions/domain/shared/retry';

describe('withRetries', () => {
  it('retries aborted and unavailable until it succeeds, up to the attempt limit', async () => {
    let calls = 0;
    const flaky = async () => {
      calls++;
      if (calls < 3) throw new ApiError(calls === 1 ? 'aborted' : 'unavailable', 'busy');
      return 'done';
    };
    assert.equal(await withRetries(flaky, { baseDelayMs: 1 }), 'done');
    assert.equal(calls, 3);

    calls = 0;
    const always = async () => {
      calls++;
      throw new ApiError('aborted', 'busy');
    };
    await assert.rejects(withRetries(always, { attempts: 3, baseDelayMs: 1 }), /busy/);
    assert.equal(calls, 3);
  });

  it('does not retry other errors', async () => {
    let calls = 0;
    const broken = async () => {
      calls++;
      throw new ApiError('invalid_argument', 'bad');
    };
    await assert.rejects(withRetries(broken, { baseDelayMs: 1 }), /bad/);
    assert.equal(calls, 1);
  });
});
