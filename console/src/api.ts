/**
 * The console's data layer: every call it makes to the API, in one module,
 * named after the OpenAPI operation ids (workspaces.list, files.put, ...).
 * Requests go through `request()`, which turns the contract's error body into
 * an ApiError the views can explain.
 */

import type { Agent, FileEntry, Page, StateEntry, Workspace } from './types';

export type * from './types';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface ApiOptions {
  /** Origin the API is served from ('' = this page's origin). */
  baseUrl: string;
  token: () => string | undefined;
}

const enc = encodeURIComponent;
/** A file path in a URL: each segment encoded, `/` kept raw (the contract accepts both). */
export const encodePath = (path: string) => path.split('/').map(enc).join('/');

export type Api = ReturnType<typeof createApi>;

export function createApi(options: ApiOptions) {
  const url = (path: string, query?: Record<string, string | number | undefined>) => {
    const search = new URLSearchParams();
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== '') search.set(k, String(v));
    const qs = search.toString();
    return `${options.baseUrl}${path}${qs ? `?${qs}` : ''}`;
  };
  const authHeaders = (): Record<string, string> => {
    const token = options.token();
    return token ? { Authorization: `Bearer ${token}` } : {};
  };

  async function request<T>(
    method: string,
    path: string,
    init: { query?: Record<string, string | number | undefined>; body?: unknown } = {},
  ): Promise<T> {
    const headers: Record<string, string> = authHeaders();
    if (init.body !== undefined) headers['Content-Type'] = 'application/json';
    let res: Response;
    try {
      res = await fetch(url(path, init.query), {
        method,
        headers,
        ...(init.body !== undefined && { body: JSON.stringify(init.body) }),
      });
    } catch {
      throw new ApiError(0, 'network', 'The server cannot be reached. Is `npm start` running?');
    }
    return parse<T>(res);
  }

  const ws = (id: string) => `/v1/workspaces/${enc(id)}`;

  async function listAll<T>(fetchPage: (pageToken?: string) => Promise<Page<T>>): Promise<T[]> {
    const items: T[] = [];
    let token: string | undefined;
    do {
      const page = await fetchPage(token);
      items.push(...page.items);
      token = page.nextPageToken;
    } while (token);
    return items;
  }

  return {
    url,
    authHeaders,
    listAll,
    workspaces: {
      list: (q: { status?: 'active' | 'archived'; limit?: number; pageToken?: string } = {}) =>
        request<Page<Workspace>>('GET', '/v1/workspaces', { query: q }),
      create: (body: { name: string; description?: string }) => request<Workspace>('POST', '/v1/workspaces', { body }),
      get: (id: string) => request<Workspace>('GET', ws(id)),
      patch: (id: string, body: { name?: string; status?: 'active' | 'archived'; description?: string }) =>
        request<Workspace>('PATCH', ws(id), { body }),
      delete: (id: string) => request<unknown>('DELETE', ws(id)),
      members: {
        put: (id: string, uid: string, role: 'editor' | 'viewer') =>
          request<Workspace>('PUT', `${ws(id)}/members/${enc(uid)}`, { body: { role } }),
        delete: (id: string, uid: string) => request<unknown>('DELETE', `${ws(id)}/members/${enc(uid)}`),
      },
    },
    files: {
      list: (id: string, q: { prefix?: string; delimiter?: string; limit?: number; pageToken?: string } = {}) =>
        request<Page<FileEntry>>('GET', `${ws(id)}/files`, { query: q }),
      /** The bytes, as a Blob (the caller picks text or image). */
      get: async (id: string, path: string): Promise<Blob> => {
        const res = await fetch(url(`${ws(id)}/files/${encodePath(path)}`), { headers: authHeaders() });
        if (!res.ok) await parse(res);
        return res.blob();
      },
      delete: (id: string, path: string) => request<unknown>('DELETE', `${ws(id)}/files/${encodePath(path)}`),
      deleteFolder: (id: string, prefix: string) =>
        request<unknown>('DELETE', `${ws(id)}/files`, { query: { prefix } }),
      move: (id: string, from: string, to: string) =>
        request<unknown>('POST', `${ws(id)}/move`, { body: { from, to } }),
      createUpload: (id: string, body: { path: string; contentType: string; size: number }) =>
        request<{ url: string; method: string; headers: Record<string, string>; expiresAt: string }>(
          'POST',
          `${ws(id)}/uploads`,
          { body },
        ),
      /** PUT raw bytes with upload progress (fetch cannot report it, XMLHttpRequest can). */
      put: (id: string, path: string, file: Blob, onProgress: (fraction: number) => void) =>
        sendWithProgress(
          'PUT',
          url(`${ws(id)}/files/${encodePath(path)}`),
          file,
          {
            ...authHeaders(),
            'Content-Type': file.type || 'application/octet-stream',
          },
          onProgress,
        ),
    },
    agents: {
      list: (id: string, q: { limit?: number; pageToken?: string } = {}) =>
        request<Page<Agent>>('GET', `${ws(id)}/agents`, { query: q }),
    },
    state: {
      list: (id: string, q: { limit?: number; pageToken?: string } = {}) =>
        request<Page<StateEntry>>('GET', `${ws(id)}/state`, { query: q }),
    },
    /** The preview of a workspace for an iframe: the token goes in the query (iframes cannot send headers). */
    previewUrl: (id: string, path = '') =>
      url(`${ws(id)}/preview/${encodePath(path)}`, { access_token: options.token() }),
    eventsUrl: (id: string) => url(`${ws(id)}/events`, { access_token: options.token() }),
  };
}

async function parse<T>(res: Response): Promise<T> {
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  if (!res.ok) {
    const error = (body as { error?: { code?: string; message?: string } } | undefined)?.error;
    throw new ApiError(res.status, error?.code ?? 'unknown', error?.message ?? `HTTP ${res.status}`);
  }
  return body as T;
}

export function sendWithProgress(
  method: string,
  target: string,
  body: Blob,
  headers: Record<string, string>,
  onProgress: (fraction: number) => void,
): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(method, target);
    for (const [k, v] of Object.entries(headers)) xhr.setRequestHeader(k, v);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(1);
        resolve(xhr.responseText ? JSON.parse(xhr.responseText) : undefined);
      } else {
        let error: { code?: string; message?: string } | undefined;
        try {
          error = JSON.parse(xhr.responseText).error;
        } catch {
          error = undefined;
        }
        reject(new ApiError(xhr.status, error?.code ?? 'unknown', error?.message ?? `HTTP ${xhr.status}`));
      }
    };
    xhr.onerror = () =>
      reject(new ApiError(0, 'network', 'The upload was interrupted: check the connection and retry.'));
    xhr.send(body);
  });
}

/** What a person should do about an error, in the console's words. */
export function explain(error: unknown): string {
  if (!(error instanceof ApiError)) return error instanceof Error ? error.message : String(error);
  switch (error.status) {
    case 0:
      return error.message;
    case 401:
      return 'Your sign-in has expired: sign in again.';
    case 403:
      return 'You are a viewer of this workspace: ask its owner for the editor role to change it.';
    case 404:
      return 'Not found: it may have been deleted, or you are not a member of this workspace.';
    case 412:
      return 'Someone else changed this meanwhile: reload and try again.';
    case 413:
      return `Too large: ${error.message}`;
    case 415:
      return `This type of file is not allowed: ${error.message}`;
    case 429:
      return `Quota or rate limit reached: ${error.message} Wait a moment and retry.`;
    default:
      return error.message;
  }
}
