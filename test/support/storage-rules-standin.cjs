// Stand-in for the Storage emulator's Java rules runtime.
//
// Why: firebase-tools downloads that runtime jar when the Storage emulator starts;
// offline (CI machines here) the download fails and stops the whole suite.
// When: scripts/emulators-exec.mjs preloads this file (node --require) into the
// firebase CLI process only, and only when the real jar is not in firebase-tools'
// cache. With the jar cached it is not loaded at all; in any other process
// (the functions runtime, the test command) it does nothing.
// Equivalent to: the real runtime evaluating a storage.rules that denies every
// client request, which is what ours says. Every request that consults rules is
// denied; admin SDK traffic ("Bearer owner") never consults rules. It refuses to
// load rules with any `allow` other than `allow ...: if false`, since it would
// then no longer be equivalent. Written against firebase-tools 15.34.2.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const PATCHED_FOR = '15.34.2';
const CLI_ENTRY = /[\\/]firebase-tools[\\/]lib[\\/]bin[\\/]firebase\.js$/;

function realpath(file) {
  try {
    return fs.realpathSync(file);
  } catch {
    return file;
  }
}

const entry = realpath(process.argv[1] ?? '');
if (CLI_ENTRY.test(entry)) patch(path.join(path.dirname(entry), '..', '..'));

/** `allow` statements that are not `allow <methods>: if false` (comments ignored; errs on refusing). */
function permissiveAllows(source) {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/\/\/.*$/gm, ' ');
  return code
    .split(/\ballow\b/)
    .slice(1)
    .map((rest) => `allow${rest.split(/[;}]/)[0]}`.replace(/\s+/g, ' ').trim())
    .filter((statement) => !/^allow [a-z]+( ?, ?[a-z]+)* ?: ?if false$/.test(statement));
}

function patch(firebaseToolsDir) {
  const version = require(path.join(firebaseToolsDir, 'package.json')).version;
  if (version !== PATCHED_FOR) {
    throw new Error(
      `test/support/storage-rules-standin.cjs was written against firebase-tools ${PATCHED_FOR} but ${version} is installed. ` +
        'Re-check lib/emulator/storage/rules/runtime.js (StorageRulesRuntime start/stop/loadRuleset and the shapes ' +
        'they return), then update PATCHED_FOR; or put the real rules runtime jar in the firebase-tools cache.',
    );
  }
  const runtime = require(path.join(firebaseToolsDir, 'lib', 'emulator', 'storage', 'rules', 'runtime.js'));
  const { StorageRulesRuntime, StorageRulesIssues } = runtime;

  StorageRulesRuntime.prototype.start = async function start() {
    this._alive = true;
  };
  StorageRulesRuntime.prototype.stop = async function stop() {
    this._alive = false;
  };
  StorageRulesRuntime.prototype.loadRuleset = async function loadRuleset(source) {
    const files = source.files ?? [];
    const offending = permissiveAllows(files.map((file) => file.content ?? '').join('\n'));
    if (offending.length > 0) {
      // Thrown, not returned as issues: the emulator would only log those and keep running.
      const message =
        `storage-rules-standin: ${files.map((file) => file.name).join(', ')} allows client access ` +
        `(${offending.join(' | ')}). The deny-all stand-in cannot evaluate that; put the real Storage rules ` +
        'runtime jar in the firebase-tools cache (~/.cache/firebase/emulators) to test such rules.';
      process.stderr.write(`${message}\n`);
      throw new Error(message);
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
