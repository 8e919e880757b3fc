import type { Body } from './http.js';

/** What a file upload can read its bytes from. */
export type UploadSource = Blob | ReadableStream<Uint8Array> | Uint8Array | ArrayBuffer | string;

export interface Progress {
  /** Bytes handed to the network so far. */
  loaded: number;
  /** The whole size, when known. */
  total?: number;
}

const CHUNK = 64 * 1024;

/** The size of a source, when it can be known without reading it. */
export function sizeOf(source: UploadSource): number | undefined {
  if (typeof source === 'string') return new TextEncoder().encode(source).byteLength;
  if (source instanceof ArrayBuffer || ArrayBuffer.isView(source)) return source.byteLength;
  if (source instanceof ReadableStream) return undefined;
  return source.size;
}

/** A fresh readable of the source's bytes, in chunks of at most 64 KiB. */
function chunks(source: Exclude<UploadSource, ReadableStream>): ReadableStream<Uint8Array> {
  if (typeof source !== 'string' && !(source instanceof ArrayBuffer) && !ArrayBuffer.isView(source)) {
    return source.stream() as ReadableStream<Uint8Array>;
  }
  const bytes =
    typeof source === 'string'
      ? new TextEncoder().encode(source)
      : source instanceof ArrayBuffer
        ? new Uint8Array(source)
        : source;
  let at = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (at >= bytes.byteLength) return controller.close();
      controller.enqueue(bytes.subarray(at, (at += CHUNK)));
    },
  });
}

/** Passes the bytes through, reporting how many were read (that is, handed to the request). */
function counted(stream: ReadableStream<Uint8Array>, total: number | undefined, onProgress: (p: Progress) => void) {
  let loaded = 0;
  const reader = stream.getReader();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { done, value } = await reader.read();
      if (done) {
        onProgress(total === undefined ? { loaded } : { loaded, total });
        return controller.close();
      }
      // Chunks of a Blob's stream may be large: split them, so progress moves smoothly.
      for (let i = 0; i < value.byteLength; i += CHUNK) controller.enqueue(value.subarray(i, i + CHUNK));
      loaded += value.byteLength;
      if (loaded < (total ?? Infinity)) onProgress(total === undefined ? { loaded } : { loaded, total });
    },
    cancel: (reason) => reader.cancel(reason),
  });
}

/**
 * The request body for an upload: the source itself when nobody watches
 * progress, else a counting stream. A function when the source can be read
 * again (so a retried PUT sends it whole); a caller's stream is read once.
 */
export function uploadBody(source: UploadSource, onProgress?: (p: Progress) => void): Body | (() => Body) {
  const total = sizeOf(source);
  if (source instanceof ReadableStream) return onProgress ? counted(source, total, onProgress) : source;
  if (!onProgress) return source as Body;
  return () => counted(chunks(source), total, onProgress);
}

interface Xhr {
  open(method: string, url: string): void;
  setRequestHeader(name: string, value: string): void;
  getAllResponseHeaders(): string;
  send(body?: unknown): void;
  abort(): void;
  upload: { onprogress: ((e: { loaded: number; total: number }) => void) | null };
  onload: (() => void) | null;
  onerror: (() => void) | null;
  onabort: (() => void) | null;
  status: number;
  responseText: string;
}

/**
 * In a browser, fetch cannot report upload progress (streamed request bodies
 * need HTTP/2 there), XMLHttpRequest can: a fetch-shaped function over it, for
 * sources it can send (not a caller's stream).
 */
export function xhrFetch(onProgress: (p: Progress) => void, source: UploadSource) {
  const Ctor = (globalThis as unknown as { XMLHttpRequest?: new () => Xhr }).XMLHttpRequest;
  if (!Ctor || source instanceof ReadableStream) return undefined;
  return (url: string, init: RequestInit) =>
    new Promise<Response>((resolve, reject) => {
      const xhr = new Ctor();
      xhr.open(init.method ?? 'GET', url);
      for (const [k, v] of Object.entries((init.headers ?? {}) as Record<string, string>)) {
        // The browser sets Content-Length itself and refuses to be told.
        if (k.toLowerCase() !== 'content-length') xhr.setRequestHeader(k, v);
      }
      xhr.upload.onprogress = (e) => onProgress({ loaded: e.loaded, total: e.total });
      xhr.onload = () => {
        const headers = new Headers();
        for (const line of xhr
          .getAllResponseHeaders()
          .trim()
          .split(/[\r\n]+/)) {
          const at = line.indexOf(':');
          if (at > 0) headers.append(line.slice(0, at).trim(), line.slice(at + 1).trim());
        }
        const empty = xhr.status === 204 || xhr.status === 304;
        resolve(new Response(empty ? null : xhr.responseText, { status: xhr.status, headers }));
      };
      xhr.onerror = () => reject(new TypeError('network error'));
      xhr.onabort = () => reject(init.signal?.reason ?? new Error('aborted'));
      init.signal?.addEventListener('abort', () => xhr.abort(), { once: true });
      xhr.send(source);
    });
}
