/** Views of frozen records: made once, deep-frozen, equal to a view made afresh; mutable records get a new view each time. */
import { strict as assert } from 'node:assert';
import { viewOfFrozen } from '@functions/domain/shared/frozenViews';
import { toWorkspace } from '@functions/domain/workspaces/workspaces';
import { toFileResource } from '@functions/domain/files/files';
import { jsonText } from '@functions/http/jsonText';
import { workspaceRecord } from '../support/records';

const deepFrozen = (value: unknown): boolean =>
  value === null ||
  typeof value !== 'object' ||
  (Object.isFrozen(value) && Object.values(value as object).every(deepFrozen));

describe('views of frozen records (domain/shared/frozenViews)', () => {
  it('makes the view of a frozen record once, deep-frozen, and a mutable record a new view each time', () => {
    const view = viewOfFrozen((r: { n: number }) => ({ n: r.n, nested: { twice: r.n * 2 } }));
    const frozen = Object.freeze({ n: 1 });
    const first = view(frozen);
    assert.equal(view(frozen), first);
    assert.ok(deepFrozen(first));
    const mutable = { n: 2 };
    const a = view(mutable);
    mutable.n = 3;
    const b = view(mutable);
    assert.notEqual(a, b);
    assert.deepEqual([a.n, b.n], [2, 3]);
    assert.ok(!Object.isFrozen(b));
  });

  it('gives a frozen workspace record and a file entry the same view, and body text, as a mutable copy', () => {
    const record = workspaceRecord({ metadata: { k: 'v' }, fileCount: 2, totalBytes: 9 });
    const frozen = Object.freeze({
      ...record,
      members: Object.freeze({ ...record.members }),
      metadata: Object.freeze({ k: 'v' }),
    });
    assert.deepEqual(toWorkspace(frozen), toWorkspace({ ...record }));
    assert.equal(toWorkspace(frozen), toWorkspace(frozen));
    assert.equal(jsonText(toWorkspace(frozen)), JSON.stringify(toWorkspace({ ...record })));

    const entry = { path: 'a.html', size: 3, contentType: 'text/html', md5: 'm', generation: '7', updatedAt: 0 };
    assert.deepEqual(toFileResource(Object.freeze({ ...entry })), toFileResource({ ...entry }));
  });
});
