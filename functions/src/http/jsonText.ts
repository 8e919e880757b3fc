/**
 * JSON.stringify for response bodies, remembering the text of objects that can
 * never change. The local store hands out its remembered entries frozen, and
 * the file resources made from them are frozen too (domain/files), so a listing
 * page of 100 files is mostly the same 100 texts joined again. Only the body
 * and its arrays (and their direct elements) are walked here, and only when
 * an array holds frozen items; everything else is JSON.stringify's own work,
 * with its exact output.
 */
const textOfFrozen = new WeakMap<object, string>();
const bytesOfFrozen = new WeakMap<object, Buffer>();
/** Buffer.from takes texts shorter than half its pool size (8 KiB) from the pool. */
const REMEMBERED_BYTES_MIN = 4096;

/**
 * The body as it goes on the wire: its UTF-8 bytes, remembered for a large
 * body that can never change (a remembered listing page, answered again and
 * again, is then written without encoding its text each time); else its text.
 * A short text costs little to encode, and its bytes would hold a slice of
 * Buffer's shared pool alive, so it stays text.
 */
export function jsonPayload(body: unknown): string | Buffer {
  if (!isFrozenObject(body)) return jsonText(body);
  const known = bytesOfFrozen.get(body);
  if (known !== undefined) return known;
  const text = frozenText(body);
  if (text.length < REMEMBERED_BYTES_MIN || !textOfFrozen.has(body)) return text;
  const bytes = Buffer.from(text);
  bytesOfFrozen.set(body, bytes);
  return bytes;
}

export function jsonText(body: unknown): string {
  if (isFrozenObject(body)) return frozenText(body);
  if (Array.isArray(body)) return arrayText(body);
  if (!isPlainObject(body) || !Object.values(body).some(hasFrozenItems)) return JSON.stringify(body);
  let out = '';
  for (const key of Object.keys(body)) {
    const value = body[key];
    if (value === undefined || typeof value === 'function' || typeof value === 'symbol') continue;
    const text = Array.isArray(value)
      ? arrayText(value)
      : isFrozenObject(value)
        ? frozenText(value)
        : JSON.stringify(value);
    out += `${out === '' ? '' : ','}${JSON.stringify(key)}:${text}`;
  }
  return `{${out}}`;
}

const hasFrozenItems = (value: unknown) => Array.isArray(value) && value.some(isFrozenObject);

function arrayText(items: unknown[]): string {
  if (!items.some(isFrozenObject)) return JSON.stringify(items);
  // As JSON.stringify writes them: undefined, functions and symbols in an array become null.
  return `[${items.map((item) => (isFrozenObject(item) ? frozenText(item) : (JSON.stringify(item) ?? 'null'))).join(',')}]`;
}

/** The text of a frozen object, remembered when nothing inside it can change either. */
function frozenText(value: object): string {
  const known = textOfFrozen.get(value);
  if (known !== undefined) return known;
  const text = JSON.stringify(value);
  if (isDeepFrozen(value)) textOfFrozen.set(value, text);
  return text;
}

function isFrozenObject(value: unknown): value is object {
  return value !== null && typeof value === 'object' && Object.isFrozen(value) && !hasToJson(value);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return (
    value !== null &&
    typeof value === 'object' &&
    Object.getPrototypeOf(value) === Object.prototype &&
    !hasToJson(value)
  );
}

const hasToJson = (value: object) => typeof (value as { toJSON?: unknown }).toJSON === 'function';

function isDeepFrozen(value: object): boolean {
  if (!Object.isFrozen(value)) return false;
  for (const child of Object.values(value)) {
    if (child !== null && typeof child === 'object' && !isDeepFrozen(child)) return false;
  }
  return true;
}
