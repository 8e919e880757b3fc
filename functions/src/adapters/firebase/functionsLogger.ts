import type { Logger } from '../../ports/logger';

/** Logs through firebase-functions' logger (Cloud Logging structured entries), loaded on first use. */
export function functionsLogger(): Logger {
  const load = () => require('firebase-functions/logger') as typeof import('firebase-functions/logger');
  return {
    info: (m, f) => load().info(m, f ?? {}),
    warn: (m, f) => load().warn(m, f ?? {}),
    error: (m, f) => load().error(m, f ?? {}),
  };
}
