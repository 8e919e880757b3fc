// Stand-in for the Storage emulator's Java rules runtime, which firebase-tools
// downloads at start and which cannot be had offline (see ../shared/ENVIRONMENT.md).
//
// Preloaded (node --require) into the firebase CLI process by
// scripts/emulators-exec.mjs ONLY when the real runtime jar is not in the
// firebase-tools cache. It evaluates every client request as DENIED. That is
// exactly what storage.rules says (no client access at all), and admin SDK
// traffic ("Bearer owner") never consults rules. It refuses to load a
// ruleset that allows anything, since it would then no longer be equivalent.
'use strict';
const path = require('node:path');

const PATCHED_FOR = '15.34.2';
const entry = process.argv[1] ?? '';

if (/firebase-tools[\\/]lib[\\/]bin[\\/]firebase\.js$/.test(entry)) {
  const root = path.join(path.dirname(entry), '..', '..');
  const version = require(path.join(root, 'package.json')).version;
  if (version !== PATCHED_FOR) {
    throw new Error(
      `storage-rules-standin.cjs was written against firebase-tools ${PATCHED_FOR}, found ${version}: ` +
        're-check lib/emulator/storage/rules/runtime.js and update the stand-in (or put the real rules jar in the cache).',
    );
  }
  const runtime = require(path.join(root, 'lib', 'emulator', 'storage', 'rules', 'runtime.js'));
  const { StorageRulesRuntime, StorageRulesIssues } = runtime;

  /** Every `allow` must be `if false`: anything else this stand-in could not evaluate faithfully. */
  function permissiveStatements(source) {
    const withoutComments = source.replace(/\/\/.*$/gm, '').replace(/\/\*[\s\S]*?\*\//g, '');
    const allows = withoutComments.match(/allow\s+[^;]*;/g) ?? [];
    return allows.filter(
      (statement) => !/^allow\s+[a-z,\s]+:\s*if\s+false\s*;$/.test(statement.replace(/\s+/g, ' ').trim()),
    );
  }

  StorageRulesRuntime.prototype.start = async function start() {
    this._alive = true;
  };
  StorageRulesRuntime.prototype.stop = async function stop() {
    this._alive = false;
  };
  StorageRulesRuntime.prototype.loadRuleset = async function loadRuleset(source) {
    const text = (source.files ?? []).map((f) => f.content).join('\n');
    const offending = permissiveStatements(text);
    if (offending.length > 0) {
      const issues = new StorageRulesIssues([
        `storage-rules-standin: these rules allow client access (${offending.join(' | ')}); ` +
          'the deny-all stand-in cannot evaluate them. Put the real rules runtime jar in the firebase-tools cache.',
      ]);
      return { issues };
    }
    return {
      issues: new StorageRulesIssues(),
      ruleset: {
        verify: async () => ({ permitted: false, issues: new StorageRulesIssues() }),
        unload() {},
      },
    };
  };
}
