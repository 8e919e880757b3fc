// The deployed functions. Wiring only: each function lives in its own file.
//
// Each export is a getter that loads its file on first access. Cloud
// Functions loads this module for one function at a time (FUNCTION_TARGET),
// so the api function's cold start never loads the Storage or Scheduler
// providers; `firebase deploy` reads every export and so loads them all.
import type * as Api from './functions/api';
import type * as Deleted from './functions/onFileDeleted';
import type * as Finalized from './functions/onFileFinalized';
import type * as Purge from './functions/purge';

const lazy = <T>(load: () => T) => ({ enumerable: true, configurable: false, get: load });

Object.defineProperties(exports, {
  api: lazy(() => (require('./functions/api') as typeof Api).api),
  onFileFinalized: lazy(() => (require('./functions/onFileFinalized') as typeof Finalized).onFileFinalized),
  onFileDeleted: lazy(() => (require('./functions/onFileDeleted') as typeof Deleted).onFileDeleted),
  purge: lazy(() => (require('./functions/purge') as typeof Purge).purge),
});
