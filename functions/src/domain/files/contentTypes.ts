/** Media types of the files generated sites are made of, by file extension (for imports). */
const BY_EXTENSION: Record<string, string> = {
  html: 'text/html',
  htm: 'text/html',
  css: 'text/css',
  js: 'text/javascript',
  mjs: 'text/javascript',
  cjs: 'text/javascript',
  jsx: 'text/javascript',
  ts: 'application/typescript',
  tsx: 'application/typescript',
  json: 'application/json',
  map: 'application/json',
  webmanifest: 'application/manifest+json',
  jsonld: 'application/ld+json',
  txt: 'text/plain',
  md: 'text/markdown',
  csv: 'text/csv',
  xml: 'application/xml',
  yaml: 'text/yaml',
  yml: 'text/yaml',
  svg: 'image/svg+xml',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  avif: 'image/avif',
  ico: 'image/x-icon',
  woff: 'font/woff',
  woff2: 'font/woff2',
  ttf: 'font/ttf',
  otf: 'font/otf',
  mp3: 'audio/mpeg',
  wav: 'audio/wav',
  ogg: 'audio/ogg',
  mp4: 'video/mp4',
  webm: 'video/webm',
  pdf: 'application/pdf',
  wasm: 'application/wasm',
  zip: 'application/zip',
};

/** The media type for a path's extension, or undefined when the extension is unknown. */
export function typeByExtension(path: string): string | undefined {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  return dot >= 0 ? BY_EXTENSION[name.slice(dot + 1).toLowerCase()] : undefined;
}

/** The media type for a path by its extension; application/octet-stream when unknown. */
export function contentTypeFor(path: string): string {
  return typeByExtension(path) ?? 'application/octet-stream';
}

/** True for types a browser decodes as text (they get an explicit charset when served). */
export function isTextual(type: string): boolean {
  return type.startsWith('text/') || /^application\/(json|.+\+json|javascript|typescript|xml)$/.test(type);
}
