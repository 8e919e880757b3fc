import { strict as assert } from 'node:assert';
import { authorize, type Capability } from '@functions/domain/workspaces/access';
import { ApiError } from '@functions/domain/shared/errors';
import type { WorkspaceRecord } from '@functions/ports/workspaces';

const ws = (status: WorkspaceRecord['status'] = 'active') =>
  ({ id: 'w', status, members: { o: 'owner', e: 'editor', v: 'viewer' } }) as unknown as WorkspaceRecord;

describe('roles', () => {
  const table: [string, Capability, string | null][] = [
    ['o', 'read', null],
    ['o', 'write', null],
    ['o', 'administer', null],
    ['e', 'read', null],
    ['e', 'write', null],
    ['e', 'administer', 'permission_denied'],
    ['v', 'read', null],
    ['v', 'write', 'permission_denied'],
    ['v', 'administer', 'permission_denied'],
    ['stranger', 'read', 'not_found'],
    ['stranger', 'administer', 'not_found'],
    // Names of Object.prototype are uids like any other: never a role.
    ['constructor', 'write', 'not_found'],
    ['__proto__', 'read', 'not_found'],
    ['toString', 'administer', 'not_found'],
    ['hasOwnProperty', 'read', 'not_found'],
  ];
  for (const [uid, capability, expected] of table) {
    it(`${uid} ${capability}: ${expected ?? 'allowed'}`, () => {
      if (expected === null) assert.equal(authorize(ws(), { uid }, capability).id, 'w');
      else
        assert.throws(
          () => authorize(ws(), { uid }, capability),
          (e: unknown) => (e as ApiError).code === expected,
        );
    });
  }

  it('hides deleted and missing workspaces even from their owner', () => {
    assert.throws(
      () => authorize(ws('deleted'), { uid: 'o' }, 'read'),
      (e: unknown) => (e as ApiError).code === 'not_found',
    );
    assert.throws(
      () => authorize(null, { uid: 'o' }, 'read'),
      (e: unknown) => (e as ApiError).code === 'not_found',
    );
  });
});
