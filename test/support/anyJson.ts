/**
 * Any-JSON values a Firestore document could not hold as native fields:
 * arrays in arrays, more than 20 levels, reserved and dotted keys. Stores
 * must keep them (as text) and give them back exactly.
 */
export function nested(depth: number, leaf: unknown, wrap: (inner: unknown) => unknown): unknown {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = wrap(value);
  return value;
}

export const HARD_JSON: Record<string, unknown> = {
  'arrays in arrays': { palette: [[255, 0, 0], [0, 0, 255], [[[]]]] },
  'arrays 60 deep': nested(60, 'leaf', (v) => [v]),
  'objects 60 deep': nested(60, 'leaf', (v) => ({ a: v })),
  'reserved and odd keys': JSON.parse('{"__proto__": {"x": 1}, "__name__": 2, "a.b": 3, "": 4, "constructor": [5]}'),
  'big and small numbers': [1.7976931348623157e308, -5e-324, 9007199254740991, 0, -1],
  'unicode text': 'emoji \u{1F600}, NUL-free ✓, paired \ud83d\ude00',
};
