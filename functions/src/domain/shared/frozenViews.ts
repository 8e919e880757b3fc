/**
 * API views of records a store hands out frozen (the local backend's
 * remembered reads): such a record is the same object, unchanged, for as long
 * as the store remembers it, so its view is made once, deep-frozen (so the
 * response writer can remember its text too: http/jsonText.ts), and handed out
 * again. A mutable record may still change, so its view is made afresh.
 */
export function viewOfFrozen<R extends object, V extends object>(make: (record: R) => V): (record: R) => V {
  const views = new WeakMap<R, V>();
  return (record) => {
    if (!Object.isFrozen(record)) return make(record);
    let view = views.get(record);
    if (!view) views.set(record, (view = deepFreeze(make(record))));
    return view;
  };
}

/** Freezes `value` and everything inside it (what is frozen already is taken as frozen through). */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
