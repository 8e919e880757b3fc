/**
 * Entry module for serving the local backend through functions-framework
 * (`functions-framework --source=lib/server.js --target=api`). It defines no
 * Storage triggers, which would need a bucket at load time.
 */
import { localDataDir } from './config';
import { createLocalRuntime } from './runtime/local';

export const api = createLocalRuntime({ dataDir: localDataDir() }).handler;
