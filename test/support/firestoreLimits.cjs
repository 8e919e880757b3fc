'use strict';
/**
 * TEST CODE: the production limits of Firestore, checked on every document
 * write of the process that preloads this module (`--require`, through
 * NODE_OPTIONS: scripts/emulators-exec.mjs sets it for the whole emulator
 * run, so the mocha process of the cloud suites and the Functions emulator's
 * workers running `api` and the triggers are all checked). The emulator
 * accepts documents that production refuses (arrays in arrays, 21 levels of
 * maps, `__x__` field names, ...); here such a write throws before it is
 * sent, and is logged to WEBSPLAT_STRICT_FIRESTORE_LOG (JSON lines), which
 * test/support/emulatorHooks.ts checks at the end of the run, so a test fails
 * where the cloud would have failed. The limits are the ones docs/limits.md
 * lists for Firestore; documents of an `update` are checked for the fields
 * written (the stored rest is not known here).
 *
 * Nothing is loaded until the process itself requires @google-cloud/firestore
 * (through firebase-admin): then WriteBatch.create/set/update are wrapped,
 * which every write path of the SDK goes through (DocumentReference,
 * Transaction, WriteBatch, BulkWriter).
 */
const Module = require('node:module');
const { appendFileSync, readFileSync } = require('node:fs');
const { join } = require('node:path');

const LIMITS = {
  documentBytes: 1024 * 1024,
  depth: 20,
  fieldNameBytes: 1500,
  documentIdBytes: 1500,
  stringBytes: 1024 * 1024 - 89,
  indexEntries: 40000,
};

const RESERVED = /^__.*__$/s;
const bytes = (s) => Buffer.byteLength(s, 'utf8');

/** `collectionGroup/fieldPath` of every single-field index exemption in firestore.indexes.json. */
function loadExemptions() {
  try {
    const spec = JSON.parse(readFileSync(join(__dirname, '..', '..', 'firestore.indexes.json'), 'utf8'));
    return new Set(
      (spec.fieldOverrides || [])
        .filter((o) => Array.isArray(o.indexes) && o.indexes.length === 0 && !(o.arrayConfig || o.order))
        .map((o) => `${o.collectionGroup}/${o.fieldPath}`),
    );
  } catch {
    return new Set();
  }
}
const exemptions = loadExemptions();

function isPlainObject(v) {
  if (v === null || typeof v !== 'object') return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/**
 * The production-limit violations of writing `data` to the document at
 * `path` (`collection/id/...`). `kind`: 'set' | 'create' (whole document or
 * merge: keys are field names) or 'update' (keys are dotted field paths).
 * `sdk` (optional) is the loaded @google-cloud/firestore module, for its
 * Timestamp/GeoPoint/DocumentReference/FieldValue classes.
 */
function violations(path, data, kind = 'set', sdk) {
  const out = [];
  const segments = String(path).split('/');
  const collectionGroup = segments[segments.length - 2] || '';
  for (const segment of segments) {
    if (segment === '' || segment === '.' || segment === '..')
      out.push(`document path segment "${segment}" is not allowed`);
    if (RESERVED.test(segment)) out.push(`document path segment ${segment} has the reserved form __x__`);
    if (bytes(segment) > LIMITS.documentIdBytes)
      out.push(`a document path segment is over ${LIMITS.documentIdBytes} bytes`);
  }
  if (!isPlainObject(data)) {
    out.push('the document data is not a plain object');
    return out;
  }
  const is = (name, v) => sdk && typeof sdk[name] === 'function' && v instanceof sdk[name];
  const nameRules = (name, where) => {
    if (name === '') out.push(`${where}: empty field name`);
    else if (RESERVED.test(name)) out.push(`${where}: field name ${JSON.stringify(name)} has the reserved form __x__`);
    if (bytes(name) > LIMITS.fieldNameBytes) out.push(`${where}: field name over ${LIMITS.fieldNameBytes} bytes`);
  };
  // Document name: each segment's bytes + 1, plus 16; a document: name + fields + 32.
  let size = segments.reduce((n, s) => n + bytes(s) + 1, 16) + 32;
  let indexEntries = 0;
  const stack = [];
  for (const [key, value] of Object.entries(data)) {
    const names = kind === 'update' ? key.split('.') : [key];
    for (const name of names) nameRules(name, key);
    size += bytes(key) + 1;
    stack.push({ value, field: key, depth: 0, inArray: false, indexed: !exemptions.has(`${collectionGroup}/${key}`) });
  }
  while (stack.length > 0) {
    const { value, field, depth, inArray, indexed } = stack.pop();
    if (value === null || value === undefined || typeof value === 'boolean') {
      size += 1;
    } else if (typeof value === 'number' || typeof value === 'bigint') {
      size += 8;
    } else if (typeof value === 'string') {
      size += bytes(value) + 1;
      if (typeof value.isWellFormed === 'function' && !value.isWellFormed()) {
        out.push(`${field}: a string with an unpaired surrogate (stored altered)`);
      }
      if (bytes(value) > LIMITS.stringBytes) out.push(`${field}: a string over ${LIMITS.stringBytes} bytes`);
    } else if (Buffer.isBuffer(value) || value instanceof Uint8Array) {
      size += value.length;
    } else if (is('Timestamp', value) || is('FieldValue', value)) {
      size += 8;
    } else if (is('GeoPoint', value)) {
      size += 16;
    } else if (is('DocumentReference', value)) {
      size += bytes(value.path) + 16;
    } else if (Array.isArray(value)) {
      if (depth + 1 > LIMITS.depth) out.push(`${field}: nested deeper than ${LIMITS.depth} maps/arrays`);
      if (inArray) out.push(`${field}: an array directly inside an array`);
      if (indexed && !inArray) indexEntries += value.length;
      value.forEach((v, i) =>
        stack.push({ value: v, field: `${field}[${i}]`, depth: depth + 1, inArray: true, indexed: false }),
      );
      continue;
    } else if (isPlainObject(value)) {
      if (depth + 1 > LIMITS.depth) out.push(`${field}: nested deeper than ${LIMITS.depth} maps/arrays`);
      for (const [k, v] of Object.entries(value)) {
        nameRules(k, `${field}.${k}`);
        size += bytes(k) + 1;
        const sub = `${field}.${k}`;
        stack.push({
          value: v,
          field: sub,
          depth: depth + 1,
          inArray: false,
          indexed: indexed && !exemptions.has(`${collectionGroup}/${sub}`),
        });
      }
      continue;
    } else {
      out.push(`${field}: a value Firestore cannot store (${Object.prototype.toString.call(value)})`);
      continue;
    }
    // A scalar outside arrays: an ascending and a descending single-field index entry.
    if (indexed && !inArray) indexEntries += 2;
    if (out.length > 50) break;
  }
  if (size > LIMITS.documentBytes) out.push(`document size about ${size} bytes, over ${LIMITS.documentBytes}`);
  if (indexEntries > LIMITS.indexEntries) {
    out.push(
      `about ${indexEntries} index entries, over ${LIMITS.indexEntries} (exempt the field in firestore.indexes.json)`,
    );
  }
  return out;
}

function report(entry) {
  const file = process.env.WEBSPLAT_STRICT_FIRESTORE_LOG;
  if (!file) return;
  try {
    appendFileSync(file, `${JSON.stringify({ pid: process.pid, ...entry })}\n`);
  } catch {
    // the log is a convenience; the throw below is what fails the write
  }
}

const role = () =>
  process.env.FUNCTIONS_EMULATOR === 'true' ? `functions:${process.env.FUNCTION_TARGET || '?'}` : 'test';

class ProductionLimitError extends Error {
  constructor(path, found) {
    super(`production Firestore limit: ${path}: ${found.join('; ')}`);
    this.name = 'ProductionLimitError';
  }
}

const patched = new WeakSet();

/** Wraps WriteBatch.create/set/update of a loaded @google-cloud/firestore module; returns the undo. */
function patch(sdk) {
  const proto = sdk && sdk.WriteBatch && sdk.WriteBatch.prototype;
  if (!proto || patched.has(proto)) return () => {};
  patched.add(proto);
  const originals = { create: proto.create, set: proto.set, update: proto.update };
  const check = (ref, data, kind) => {
    if (!ref || typeof ref.path !== 'string' || typeof data !== 'object' || data === null) return;
    const found = violations(ref.path, data, kind, sdk);
    if (found.length === 0) return;
    report({ event: 'violation', role: role(), path: ref.path, found });
    throw new ProductionLimitError(ref.path, found);
  };
  proto.create = function (ref, data) {
    check(ref, data, 'create');
    return originals.create.apply(this, arguments);
  };
  proto.set = function (ref, data) {
    check(ref, data, 'set');
    return originals.set.apply(this, arguments);
  };
  proto.update = function (ref, dataOrField) {
    if (typeof dataOrField === 'string' || (sdk.FieldPath && dataOrField instanceof sdk.FieldPath)) {
      const fields = {};
      const args = Array.prototype.slice.call(arguments, 1);
      for (let i = 0; i + 1 < args.length; i += 2) fields[String(args[i])] = args[i + 1];
      check(ref, fields, 'update');
    } else {
      check(ref, dataOrField, 'update');
    }
    return originals.update.apply(this, arguments);
  };
  report({ event: 'armed', role: role() });
  return () => {
    Object.assign(proto, originals);
    patched.delete(proto);
  };
}

// Preloaded (--require, here or through NODE_OPTIONS): patch @google-cloud/firestore when (and if) this
// process loads it. A plain require (the unit test) only gets the exports.
const preloaded = [process.env.NODE_OPTIONS || '', ...process.execArgv].join(' ').includes('firestoreLimits.cjs');
if (preloaded && process.env.WEBSPLAT_STRICT_FIRESTORE !== '0' && !global.__websplatStrictFirestore) {
  global.__websplatStrictFirestore = true;
  const load = Module._load;
  Module._load = function (request) {
    const exports = load.apply(this, arguments);
    if (request === '@google-cloud/firestore' && exports && exports.WriteBatch) patch(exports);
    return exports;
  };
}

module.exports = { LIMITS, violations, patch, ProductionLimitError };
