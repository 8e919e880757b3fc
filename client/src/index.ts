/**
 * @websplat/client: the typed client of the WebSplat Workspaces API, for
 * frontends (evergreen browsers) and agents (Node 20+). No dependencies
 * beyond fetch.
 */
export { createClient, paginate, type WebSplatClient } from './client.js';
export type { Creating, IfMatch, PutOptions, ReadOptions, UploadOptions } from './client.js';
export type { ChangeEvent, ChangeStream, StreamOptions } from './changes.js';
export { WebSplatError, type ErrorCode, type ErrorDetail } from './errors.js';
export type { ClientOptions, RetryInfo, RetryOptions, TokenSource } from './http.js';
export type { Progress, UploadSource } from './uploads.js';
export type * from './types.js';
