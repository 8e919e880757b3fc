/**
 * The console's data layer: @websplat/client (typed, with retries and upload
 * progress), plus the few things a page needs on top of it: listings
 * collected whole, file bytes as a Blob, URLs an iframe or EventSource can
 * load (the token in the query, as they cannot send headers), and errors
 * explained in the console's words.
 */
import { createClient } from '@websplat/client';

export type * from './types';

export interface ApiOptions {
  /** Where the API is served ('' = this page's origin, as on Hosting and `npm start`). */
  baseUrl: string;
  token: () => string | undefined;
}

export type Api = ReturnType<typeof createApi>;

export function createApi(options: ApiOptions) {
  const client = createClient({ baseUrl: options.baseUrl, token: options.token, retry: { retries: 2 } });
  const ws = (id: string) => `/v1/workspaces/${encodeURIComponent(id)}`;
  const withToken = () => {
    const token = options.token();
    return token ? { access_token: token } : {};
  };
  return {
    ...client,
    /** Every item of a paginated listing. */
    async collect<T>(items: AsyncIterable<T>): Promise<T[]> {
      const out: T[] = [];
      for await (const item of items) out.push(item);
      return out;
    },
    blob: async (id: string, path: string): Promise<Blob> => (await client.files.read(id, path)).blob(),
    previewUrl: (id: string, path = '') => client.files.previewUrl(id, path, options.token()),
    eventsUrl: (id: string) => client.request.url(`${ws(id)}/events`, withToken()),
  };
}

/** What a person should do about an error, in the console's words. */
export function explain(error: unknown): string {
  const e = error as { status?: unknown; message?: unknown };
  if (typeof e?.status !== 'number') return error instanceof Error ? error.message : String(error);
  const message = String(e.message ?? '');
  switch (e.status) {
    case 0:
      return 'The server cannot be reached: check that it is running (npm start) and retry.';
    case 401:
      return 'Your sign-in has expired: sign out and sign in again.';
    case 403:
      return 'You are a viewer of this workspace: ask its owner for the editor role to change it.';
    case 404:
      return 'Not found: it may have been deleted, or you are not a member of this workspace.';
    case 409:
      return `${message} Choose another name or path.`;
    case 412:
      return 'Someone else changed this meanwhile: reload and try again.';
    case 413:
      return `Too large: ${message}`;
    case 415:
      return `This type of file is not allowed here: ${message}`;
    case 429:
      return `Quota or rate limit reached: ${message} Wait a moment and retry.`;
    default:
      return message || `The server answered ${e.status}.`;
  }
}
