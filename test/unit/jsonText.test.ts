/** Response bodies: jsonText must write exactly what JSON.stringify writes, remembered parts or not. */
import { strict as assert } from 'node:assert';
import { deepFreeze } from '@functions/domain/shared/frozenViews';
import { jsonPayload, jsonText } from '@functions/http/jsonText';

class Point {
  constructor(
    readonly x: number,
    readonly y: number,
  ) {}
}

describe('jsonText (response bodies)', () => {
  const resource = (i: number) =>
    deepFreeze({ path: `src/f${i}.txt`, size: i, contentType: 'text/plain', etag: `g${i}`, meta: { tags: ['a'] } });

  const bodies: [string, () => unknown][] = [
    ['a listing page of frozen resources', () => ({ items: [resource(1), resource(2)], nextPageToken: 't' })],
    ['frozen and plain items mixed, with holes', () => ({ items: [resource(1), { a: 1 }, undefined, () => 1, null] })],
    ['fields that JSON leaves out', () => ({ a: undefined, b: () => 1, c: Symbol('s'), d: 0, e: '' })],
    ['numbers JSON writes as null', () => ({ n: [NaN, Infinity, -0, 1.5] })],
    ['values with toJSON, and class instances', () => ({ at: new Date(0), p: new Point(1, 2), m: new Map([[1, 2]]) })],
    ['a frozen body', () => resource(3)],
    ['a top-level array', () => [resource(4), 'x', 5]],
    ['strings that need escaping', () => ({ 'key "q"': 'line\nbreak \u2028 "quoted" \\', items: [resource(5)] })],
    ['integer-like keys', () => ({ b: 1, 2: 'two', a: 2, 1: 'one' })],
    ['primitives', () => 'text'],
    ['null', () => null],
  ];
  for (const [name, make] of bodies) {
    it(`writes ${name} exactly as JSON.stringify`, () => {
      const body = make();
      assert.equal(jsonText(body), JSON.stringify(body));
      assert.equal(jsonText(body), JSON.stringify(body), 'the second time, from what it remembered');
    });
  }

  it('does not remember a frozen object whose insides can still change', () => {
    const inner = { count: 1 };
    const shallow = Object.freeze({ inner });
    const body = { items: [shallow] };
    assert.equal(jsonText(body), '{"items":[{"inner":{"count":1}}]}');
    inner.count = 2;
    assert.equal(jsonText(body), '{"items":[{"inner":{"count":2}}]}');
  });

  it('gives a large frozen body as the same bytes each time, and anything else as its text', () => {
    const page = deepFreeze({ items: Array.from({ length: 100 }, (_, i) => resource(i)), nextPageToken: 'é' });
    const bytes = jsonPayload(page);
    assert.ok(Buffer.isBuffer(bytes));
    assert.ok(bytes.equals(Buffer.from(JSON.stringify(page))));
    assert.equal(jsonPayload(page), bytes, 'remembered');

    const small = resource(1);
    assert.equal(jsonPayload(small), JSON.stringify(small));
    const mutable = { items: [resource(1)] };
    assert.equal(jsonPayload(mutable), JSON.stringify(mutable));
    const inner = { count: 1, pad: 'x'.repeat(5000) };
    const shallow = Object.freeze({ inner });
    assert.equal(jsonPayload(shallow), JSON.stringify(shallow));
    inner.count = 2;
    assert.equal(jsonPayload(shallow), JSON.stringify(shallow), 'a frozen body with mutable insides is written afresh');
  });
});
