/**
 * A check of a JSON request body's text before anything parses it: one pass,
 * no recursion (an explicit stack), so no body of any shape can overflow the
 * call stack here or later (JSON.stringify, the stores, the response). It
 * refuses, with a 400 naming the field:
 *  - nesting deeper than JSON_MAX_DEPTH objects/arrays;
 *  - a key given twice in one object (parsers disagree on which one wins);
 *  - a `\uD800`..`\uDFFF` escape that is not half of a surrogate pair (not
 *    Unicode text: the stores would silently replace it);
 *  - a number outside the range of a double (JSON.parse makes it Infinity,
 *    which JSON.stringify writes back as null);
 *  - a `__proto__` key (zod would drop it silently; code that merges objects
 *    could pollute a prototype with it);
 * and anything that is not JSON at all ("not valid JSON", like JSON.parse).
 */
import { invalidArgument } from '../domain/shared/errors';

/** Objects and arrays nest at most this deep in a request body (the body itself is level 1). */
export const JSON_MAX_DEPTH = 64;

interface Frame {
  array: boolean;
  /** The current element's index (arrays) or key (objects). */
  at: number | string;
  /** The keys seen so far (objects). */
  keys?: string[] | Set<string>;
}

const HEX4 = /[0-9a-fA-F]{4}/y;
const FIELD_MAX_CHARS = 300;
const SURROGATE = 'contains an unpaired surrogate (\\ud800-\\udfff)';

// Character codes.
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;

export function scanJson(text: string, where = 'body'): void {
  const n = text.length;
  const stack: Frame[] = [];
  let i = 0;

  const field = () => {
    const path = [where, ...stack.map((f) => String(f.at))].join('.');
    return path.length > FIELD_MAX_CHARS ? `${path.slice(0, FIELD_MAX_CHARS)}…` : path;
  };
  const refuse = (reason: string): never => {
    const at = field();
    throw invalidArgument(`Invalid ${where}: ${at}: ${reason}.`, [{ field: at, reason }]);
  };
  const syntax = (): never => {
    throw invalidArgument('The request body is not valid JSON.');
  };
  const ws = () => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) i++;
      else break;
    }
  };
  const hex4 = (at: number): number => {
    HEX4.lastIndex = at;
    if (!HEX4.test(text)) syntax();
    return parseInt(text.slice(at, at + 4), 16);
  };
  /** Reads the string token at i (an opening quote); returns its decoded text when `decode`. */
  const string = (decode: boolean): string => {
    const start = i;
    i++;
    let escaped = false;
    for (;;) {
      let c = text.charCodeAt(i);
      while (c !== QUOTE && c !== BACKSLASH && c >= 0x20) c = text.charCodeAt(++i);
      if (c === QUOTE) break;
      if (c !== BACKSLASH) syntax(); // a control character, or the end (NaN)
      escaped = true;
      const e = text.charCodeAt(i + 1);
      if (e === 0x75 /* u */) {
        const unit = hex4(i + 2);
        i += 6;
        if (unit >= 0xd800 && unit <= 0xdbff) {
          const low = text.charCodeAt(i) === BACKSLASH && text.charCodeAt(i + 1) === 0x75 ? hex4(i + 2) : -1;
          if (low < 0xdc00 || low > 0xdfff) refuse(SURROGATE);
          i += 6;
        } else if (unit >= 0xdc00 && unit <= 0xdfff) {
          refuse(SURROGATE);
        }
      } else if (
        e === QUOTE ||
        e === BACKSLASH ||
        e === 0x2f /* / */ ||
        e === 0x62 /* b */ ||
        e === 0x66 /* f */ ||
        e === 0x6e /* n */ ||
        e === 0x72 /* r */ ||
        e === 0x74 /* t */
      ) {
        i += 2;
      } else {
        syntax();
      }
    }
    i++;
    if (!decode) return '';
    return escaped ? (JSON.parse(text.slice(start, i)) as string) : text.slice(start + 1, i - 1);
  };
  /** Reads `"key":` into the object frame on top of the stack. */
  const key = (frame: Frame) => {
    ws();
    if (text.charCodeAt(i) !== QUOTE) syntax();
    frame.at = '(a key)';
    const name = string(true);
    frame.at = name;
    // zod drops a `__proto__` key without a word, and merging code may pollute a prototype with it.
    if (name === '__proto__') refuse('is a reserved key (__proto__)');
    // Small objects: a list; from 16 keys on, a set.
    let keys = frame.keys!;
    if (Array.isArray(keys)) {
      if (keys.includes(name)) refuse('is given more than once in its object');
      keys.push(name);
      if (keys.length === 16) frame.keys = keys = new Set(keys);
    } else {
      if (keys.has(name)) refuse('is given more than once in its object');
      keys.add(name);
    }
    ws();
    if (text.charCodeAt(i) !== COLON) syntax();
    i++;
  };
  const digits = (at: number): number => {
    let j = at;
    for (let d = text.charCodeAt(j); d >= 0x30 && d <= 0x39; d = text.charCodeAt(++j));
    return j;
  };
  /** The end of the number token at `start`: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? */
  const number = (start: number): number => {
    let j = start;
    if (text.charCodeAt(j) === 0x2d) j++;
    const first = text.charCodeAt(j);
    if (first === 0x30) j++;
    else if (first >= 0x31 && first <= 0x39) j = digits(j);
    else syntax();
    if (text.charCodeAt(j) === 0x2e) {
      const end = digits(j + 1);
      if (end === j + 1) syntax();
      j = end;
    }
    const e = text.charCodeAt(j);
    if (e === 0x65 || e === 0x45) {
      j++;
      const sign = text.charCodeAt(j);
      if (sign === 0x2b || sign === 0x2d) j++;
      const end = digits(j);
      if (end === j) syntax();
      j = end;
    }
    // Only an exponent or 300+ digits can leave the range of a double.
    if ((e === 0x65 || e === 0x45 || j - start > 300) && !Number.isFinite(Number(text.slice(start, j)))) {
      refuse('is a number beyond the range of a double');
    }
    return j;
  };
  const literal = (word: string) => {
    if (!text.startsWith(word, i)) syntax();
    i += word.length;
  };

  for (;;) {
    // A value starts at i.
    ws();
    const c = text.charCodeAt(i);
    let closed = false;
    if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      if (stack.length >= JSON_MAX_DEPTH) refuse(`nests objects and arrays deeper than ${JSON_MAX_DEPTH} levels`);
      i++;
      const array = c === OPEN_ARRAY;
      const frame: Frame = array ? { array, at: 0 } : { array, at: '', keys: [] };
      stack.push(frame);
      ws();
      if (text.charCodeAt(i) === (array ? CLOSE_ARRAY : CLOSE_OBJECT)) {
        i++;
        stack.pop();
        closed = true;
      } else if (!array) {
        key(frame);
      }
      if (!closed) continue;
    } else if (c === QUOTE) {
      string(false);
    } else if (c === 0x2d /* - */ || (c >= 0x30 && c <= 0x39)) {
      i = number(i);
    } else if (c === 0x74 /* t */) literal('true');
    else if (c === 0x66 /* f */) literal('false');
    else if (c === 0x6e /* n */) literal('null');
    else syntax();

    // After a value: close containers until one continues with `,`.
    for (;;) {
      ws();
      const top = stack[stack.length - 1];
      if (!top) {
        if (i !== n) syntax();
        return;
      }
      const d = text.charCodeAt(i);
      if (d === COMMA) {
        i++;
        if (top.array) top.at = (top.at as number) + 1;
        else key(top);
        break;
      }
      if (d === (top.array ? CLOSE_ARRAY : CLOSE_OBJECT)) {
        i++;
        stack.pop();
        continue;
      }
      syntax();
    }
  }
}
