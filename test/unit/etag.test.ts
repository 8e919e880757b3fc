import { strict as assert } from 'node:assert';
import { etagMatches, parseEtagList, workspaceEtag } from '@functions/domain/shared/etag';

describe('etags', () => {
  it('differ per workspace and per version, and are stable', () => {
    assert.equal(workspaceEtag('a', 1), workspaceEtag('a', 1));
    assert.notEqual(workspaceEtag('a', 1), workspaceEtag('a', 2));
    assert.notEqual(workspaceEtag('a', 1), workspaceEtag('b', 1));
  });

  it('parse If-Match lists with quotes, weak prefixes and *', () => {
    assert.deepEqual(parseEtagList('"x", W/"y" ,z'), ['x', 'y', 'z']);
    assert.equal(parseEtagList(undefined), undefined);
    assert.ok(etagMatches(['*'], 'anything'));
    assert.ok(etagMatches(['a', 'b'], 'b'));
    assert.ok(!etagMatches(['a'], 'b'));
    assert.ok(!etagMatches([], 'b'));
  });
});
