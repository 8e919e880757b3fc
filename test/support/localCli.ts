/**
 * The CLI tests' harness on the local backend: a fresh data folder per test,
 * `websplat` run as a real process on it, and the same folder opened in this
 * process (once the CLI process has exited) to set up or check what it did.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { silentLogger } from '@functions/ports/logger';
import { createLocalRuntime, type LocalRuntime } from '@functions/runtime/local';

export const BIN = resolve(__dirname, '../../bin/websplat.js');

export function localCli(prefix: string) {
  let dataDir = '';
  let env: NodeJS.ProcessEnv = {};
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), `websplat-${prefix}-`));
    env = { ...process.env, WEBSPLAT_DATA_DIR: dataDir };
    delete env.FIREBASE_AUTH_EMULATOR_HOST;
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  return {
    /** The environment a CLI process of this test gets (for runs that must not block, with spawn). */
    env: () => env,
    /** `websplat <args>` to its end, with the folder (and `extraEnv`) in its environment. */
    run: (args: string[], extraEnv: NodeJS.ProcessEnv = {}) =>
      spawnSync(process.execPath, [BIN, ...args], { env: { ...env, ...extraEnv }, encoding: 'utf8' }),
    /** Opens the data folder in this process for `work`, then closes it. */
    async withRuntime<T>(work: (runtime: LocalRuntime) => Promise<T>): Promise<T> {
      const runtime = createLocalRuntime({ dataDir, logger: silentLogger });
      try {
        return await work(runtime);
      } finally {
        await runtime.close();
      }
    },
  };
}
