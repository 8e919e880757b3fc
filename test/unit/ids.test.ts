import { strict as assert } from 'node:assert';
import { newId } from '@functions/domain/shared/ids';
import { WorkspaceId } from '@functions/schemas/common';

describe('workspace ids', () => {
  it('are 20 letters and digits, valid for the API and unique', () => {
    const ids = new Set(Array.from({ length: 2000 }, newId));
    assert.equal(ids.size, 2000);
    for (const id of ids) assert.ok(WorkspaceId.safeParse(id).success, id);
  });
});
