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
  /** The current token, for URLs built synchronously (EventSource, the viewer's preview). */
  token: () => string | undefined;
  /** The token for a request, refreshed first when it is about to expire. */
  freshToken?: () => Promise<string | undefined>;
}

export type Api = ReturnType<typeof createApi>;

/** A preview link lives 2 hours, and is replaced once less than 15 minutes are left. */
const PREVIEW_LINK_SECONDS = 2 * 3600;
export const PREVIEW_LINK_MARGIN_MS = 15 * 60_000;

export function createApi(options: ApiOptions) {
  const client = createClient({
    baseUrl: options.baseUrl,
    token: options.freshToken ?? options.token,
    retry: { retries: 2 },
  });
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
    /**
     * The preview through a preview link (editors): its token is in the URL path, so the site's
     * relative sub-resources (style.css, images) load in the sandboxed frame, where no cookie is
     * sent. One link per workspace and user, kept in sessionStorage and replaced before it expires.
     * Returned as a path on the API's origin (the link names the API's public base URL, which on
     * Hosting is a rewrite of this origin and the page's CSP allows frames from 'self' only).
     */
    async previewLink(id: string, uid: string): Promise<{ url: string; expiresAt: number }> {
      const key = `websplat.console.preview.${uid}.${id}`;
      try {
        const kept = JSON.parse(sessionStorage.getItem(key) ?? 'null') as { url: string; expiresAt: number } | null;
        if (kept && kept.expiresAt - Date.now() > PREVIEW_LINK_MARGIN_MS) return kept;
      } catch {
        // make a new one
      }
      const link = await client.links.create(id, {
        scope: 'preview',
        expiresIn: PREVIEW_LINK_SECONDS,
        label: 'console preview',
      });
      const path = new URL(link.url, location.href).pathname;
      const fresh = {
        url: `${options.baseUrl}${path.slice(Math.max(0, path.indexOf('/v1/p/')))}`,
        expiresAt: Date.parse(link.expiresAt),
      };
      sessionStorage.setItem(key, JSON.stringify(fresh));
      return fresh;
    },
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
