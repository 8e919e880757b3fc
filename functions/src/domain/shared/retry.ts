import { ApiError } from './errors';

/** Contention (`aborted`) and a backend that is briefly down (`unavailable`): worth another try. */
export const isTransient = (error: unknown) =>
  error instanceof ApiError && (error.code === 'aborted' || error.code === 'unavailable');

/**
 * Runs `work` again after a transient failure, up to `attempts` times in
 * all, waiting a random, growing delay in between so that writers contending
 * for one document spread out. Only for idempotent work.
 */
export async function withRetries<T>(
  work: () => Promise<T>,
  options: { attempts?: number; baseDelayMs?: number } = {},
): Promise<T> {
  const attempts = options.attempts ?? 4;
  const base = options.baseDelayMs ?? 100;
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= attempts || !isTransient(error)) throw error;
      await new Promise((r) => setTimeout(r, base * 2 ** (attempt - 1) * (0.5 + Math.random())));
    }
  }
}
