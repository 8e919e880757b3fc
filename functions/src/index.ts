// The deployed functions. Wiring only: each function lives in its own file.
export { api } from './functions/api';
export { onFileFinalized } from './functions/onFileFinalized';
export { onFileDeleted } from './functions/onFileDeleted';
export { purge } from './functions/purge';
