/**
 * Single-document reads over Firestore's REST API (documents.get) with node's
 * own HTTP client, for the read every authorized request starts with: its
 * workspace. A cold instance's first answer then does not wait for the
 * Firestore SDK (@google-cloud/firestore, google-gax and their protos: most of
 * a cold authenticated GET, see bench/results.md); the SDK is loaded by the
 * first write, query or transaction instead.
 *
 * Used only where credentials need no SDK (see `restDocumentReader` in
 * ../app.ts): the emulator, which takes `Bearer owner`, and Cloud Functions,
 * whose metadata server hands out the service account's access token.
 * Documents decode to what the SDK's `data()` gives, except that timestamps
 * are `RestTimestamp`s (toMillis, like the SDK's Timestamp, which is all the
 * codecs use); test/contract/documentReader.emulators.test.ts compares both.
 */
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { DocumentData } from 'firebase-admin/firestore';
import { requestText, type TextAnswer } from '../nodeRequest';

/** The part of a DocumentSnapshot the codecs read. */
export interface DocumentSnap {
  readonly id: string;
  data(): DocumentData | undefined;
}

export interface DocumentReader {
  /** The document at `collection/id/...`, or a snapshot whose data() is undefined when there is none. */
  get(...segments: string[]): Promise<DocumentSnap>;
}

/** A Firestore timestamp as REST spells it (RFC 3339, up to nanoseconds). */
export class RestTimestamp {
  constructor(
    readonly seconds: number,
    readonly nanoseconds: number,
  ) {}

  static parse(text: string): RestTimestamp {
    const match = /^(.*T\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d)$/.exec(text);
    const seconds = match ? Date.parse(`${match[1]}${match[3]}`) / 1000 : NaN;
    if (!match || !Number.isFinite(seconds)) throw new Error(`Firestore REST: not a timestamp: ${text}`);
    return new RestTimestamp(seconds, Number((match[2] ?? '').padEnd(9, '0')));
  }

  /** As the SDK's Timestamp.toMillis: whole milliseconds, rounded down. */
  toMillis(): number {
    return this.seconds * 1000 + Math.floor(this.nanoseconds / 1e6);
  }
}

/** One value of the REST API's `Value` union. */
export type RestValue = {
  nullValue?: null;
  booleanValue?: boolean;
  integerValue?: string;
  doubleValue?: number | string;
  timestampValue?: string;
  stringValue?: string;
  bytesValue?: string;
  referenceValue?: string;
  geoPointValue?: { latitude?: number; longitude?: number };
  arrayValue?: { values?: RestValue[] };
  mapValue?: { fields?: Record<string, RestValue> };
};

/** A REST value as the SDK's data() gives it (integers as numbers, as the SDK does without useBigInt). */
export function decodeValue(value: RestValue): unknown {
  if ('stringValue' in value) return value.stringValue;
  if ('integerValue' in value) return Number(value.integerValue);
  if ('doubleValue' in value) return Number(value.doubleValue);
  if ('booleanValue' in value) return value.booleanValue;
  if ('nullValue' in value) return null;
  if ('mapValue' in value) return decodeFields(value.mapValue?.fields);
  if ('arrayValue' in value) return (value.arrayValue?.values ?? []).map(decodeValue);
  if ('timestampValue' in value) return RestTimestamp.parse(value.timestampValue!);
  if ('bytesValue' in value) return Buffer.from(value.bytesValue!, 'base64');
  // No codec stores these; they decode to plain data rather than the SDK's classes.
  if ('referenceValue' in value) return value.referenceValue;
  if ('geoPointValue' in value) {
    return { latitude: value.geoPointValue?.latitude ?? 0, longitude: value.geoPointValue?.longitude ?? 0 };
  }
  throw new Error(`Firestore REST: unknown value ${Object.keys(value).join(',')}`);
}

export function decodeFields(fields: Record<string, RestValue> | undefined): DocumentData {
  const data: DocumentData = {};
  for (const [key, value] of Object.entries(fields ?? {})) data[key] = decodeValue(value);
  return data;
}

/** An HTTP failure with the gRPC status number the SDK would have thrown, so mapGoogleError maps both alike. */
export class RestReadError extends Error {
  constructor(
    message: string,
    readonly code: number | string,
    readonly status?: number,
  ) {
    super(message);
  }
}

const GRPC_OF_STATUS: Record<number, number> = {
  400: 3,
  401: 16,
  403: 7,
  409: 10,
  429: 8,
  499: 1,
  500: 13,
  503: 14,
  504: 4,
};

/** Transient failures a get is retried on, as the SDK retries them (a get is idempotent). */
const transient = (error: unknown): boolean => {
  const code = (error as { code?: unknown }).code;
  return code === 14 || code === 4 || code === 13 || code === 'ETIMEDOUT' || code === 'ECONNRESET' || code === 'EPIPE';
};

export interface RestReaderOptions {
  /** `https://firestore.googleapis.com`, or `http://<FIRESTORE_EMULATOR_HOST>`. */
  baseUrl: string;
  project: string;
  database?: string;
  /** The Authorization header's value for the next request. */
  authorization: () => Promise<string>;
  timeoutMs?: number;
  /** Pause before attempt n (1-based) after a transient failure. */
  backoffMs?: (attempt: number) => number;
  attempts?: number;
}

/** Reads documents with documents.get over keep-alive connections. */
export class RestDocumentReader implements DocumentReader {
  private readonly secure: boolean;
  private readonly agent: HttpAgent;
  private readonly root: string;

  constructor(private readonly options: RestReaderOptions) {
    this.secure = options.baseUrl.startsWith('https:');
    this.agent = this.secure ? new HttpsAgent({ keepAlive: true }) : new HttpAgent({ keepAlive: true });
    const database = encodeURIComponent(options.database ?? '(default)');
    this.root = `${options.baseUrl}/v1/projects/${encodeURIComponent(options.project)}/databases/${database}/documents/`;
  }

  async get(...segments: string[]): Promise<DocumentSnap> {
    // As the SDK's doc(): a document path has an even number of valid ids (else the URL names a collection).
    if (segments.length % 2 !== 0 || segments.some((s) => s === '' || s === '.' || s === '..' || s.includes('/'))) {
      throw new Error(`Firestore REST: not a document path: ${JSON.stringify(segments)}`);
    }
    const path = segments.join('/');
    const id = segments.at(-1)!;
    const url = this.root + segments.map(encodeURIComponent).join('/');
    const attempts = this.options.attempts ?? 3;
    for (let attempt = 1; ; attempt += 1) {
      try {
        const answer = await this.send(url);
        if (answer.status === 404) return { id, data: () => undefined };
        if (answer.status !== 200) {
          const code = GRPC_OF_STATUS[answer.status] ?? 2;
          throw new RestReadError(
            `Firestore REST get ${path}: HTTP ${answer.status} ${answer.text.slice(0, 300)}`,
            code,
            answer.status,
          );
        }
        const fields = decodeFields((JSON.parse(answer.text) as { fields?: Record<string, RestValue> }).fields);
        return { id, data: () => fields };
      } catch (error) {
        if (attempt >= attempts || !transient(error)) throw error;
        await new Promise((resolve) => setTimeout(resolve, (this.options.backoffMs ?? ((n) => 100 * 2 ** n))(attempt)));
      }
    }
  }

  private async send(url: string): Promise<TextAnswer> {
    return requestText(url, {
      agent: this.agent,
      headers: { Authorization: await this.options.authorization() },
      timeoutMs: this.options.timeoutMs ?? 60_000,
    });
  }

  /** Closes idle keep-alive connections (the admin app's close). */
  close(): void {
    this.agent.destroy();
  }
}

/**
 * The service account's access tokens from the metadata server of Cloud
 * Functions / Cloud Run (what google-auth-library does there), each kept
 * until a minute before it expires; one request at a time however many wait.
 */
export function metadataServerToken(host: string, now: () => number = Date.now): () => Promise<string> {
  let token: { value: string; until: number } | undefined;
  let pending: Promise<string> | undefined;
  const fetchToken = async () => {
    const answer = await requestText(`http://${host}/computeMetadata/v1/instance/service-accounts/default/token`, {
      headers: { 'Metadata-Flavor': 'Google' },
    });
    const body = (answer.status === 200 ? JSON.parse(answer.text) : {}) as {
      access_token?: unknown;
      expires_in?: unknown;
    };
    if (typeof body.access_token !== 'string') {
      throw new RestReadError(`metadata server token: HTTP ${answer.status}`, 14, answer.status);
    }
    const seconds = typeof body.expires_in === 'number' ? body.expires_in : 300;
    token = { value: `Bearer ${body.access_token}`, until: now() + Math.max(0, seconds - 60) * 1000 };
    return token.value;
  };
  return async () => {
    if (token && token.until > now()) return token.value;
    pending ??= fetchToken().finally(() => (pending = undefined));
    return pending;
  };
}
