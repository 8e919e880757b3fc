import { strict as assert } from 'node:assert';
import { parseArgs, parseDuration, UsageError } from '@functions/cli/args';

describe('CLI argument parsing', () => {
  it('separates positionals, options and flags', () => {
    assert.deepEqual(parseArgs(['alice', '--email', 'a@x', '--ttl=2h', '--dry-run'], ['dry-run']), {
      positionals: ['alice'],
      options: { email: 'a@x', ttl: '2h', 'dry-run': true },
    });
    assert.throws(() => parseArgs(['--email']), UsageError);
  });

  it('reads durations', () => {
    assert.equal(parseDuration('90s'), 90);
    assert.equal(parseDuration('15m'), 900);
    assert.equal(parseDuration('1h'), 3600);
    assert.equal(parseDuration('7d'), 604800);
    for (const bad of ['', '1', 'h', '1w', '-1h', '0s']) assert.throws(() => parseDuration(bad), UsageError);
  });
});
