import { strict as assert } from 'node:assert';
import { ApiError } from '@functions/domain/shared/errors';
import { PageTokens } from '@functions/domain/shared/pageTokens';

describe('page tokens', () => {
  const tokens = new PageTokens(() => Buffer.from('key-one'));
  const invalid = (fn: () => unknown) =>
    assert.throws(fn, (e: unknown) => e instanceof ApiError && e.code === 'invalid_argument');

  it('round-trips a cursor for the same query', () => {
    const token = tokens.encode('q1', [123, 'abc']);
    assert.deepEqual(tokens.decode('q1', token), [123, 'abc']);
    assert.match(token, /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
  });

  it('refuses a token for another query, another key, or with any byte changed', () => {
    const token = tokens.encode('q1', [123, 'abc']);
    invalid(() => tokens.decode('q2', token));
    invalid(() => new PageTokens(() => Buffer.from('key-two')).decode('q1', token));
    for (let i = 0; i < token.length; i++) {
      if (token[i] === '.') continue;
      const changed = token.slice(0, i) + (token[i] === 'A' ? 'B' : 'A') + token.slice(i + 1);
      invalid(() => tokens.decode('q1', changed));
    }
  });

  it('refuses garbage', () => {
    for (const bad of ['', '.', 'a.b.c', 'no-dot', '%%%.%%%']) invalid(() => tokens.decode('q1', bad));
  });
});
