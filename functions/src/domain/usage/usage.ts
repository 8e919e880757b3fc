/**
 * Usage and cost. `UsageMeter` counts API operations per UTC day and
 * workspace in memory and flushes them as increments (at most once a minute
 * per instance, and before every report), so metering adds no write to a
 * request. `UsageService` reports per-workspace and total bytes, files and
 * operation counts over a period, with an estimated monthly cost from the
 * list prices in functions/pricing.json.
 *
 * The counts are estimates: an instance that is shut down between flushes
 * loses up to a minute of its counts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { invalidArgument } from '../shared/errors';
import type { WorkspaceRecord } from '../../ports/workspaces';
import { mapWithConcurrency } from '../shared/pool';
import type { MetadataPorts } from '../../ports';

export const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The UTC day of `ms`, remembered for the day: the meter asks on every request. */
let today = { from: 0, to: 0, day: '' };
function dayOf(ms: number): string {
  if (ms < today.from || ms >= today.to) {
    const from = ms - (ms % DAY_MS);
    today = { from, to: from + DAY_MS, day: isoDay(ms) };
  }
  return today.day;
}

export class UsageMeter {
  /** "day\nworkspaceId" -> operation -> count */
  private pending = new Map<string, Map<string, number>>();
  private lastFlush: number;
  private flushing: Promise<void> | undefined;

  constructor(
    private readonly stores: Pick<MetadataPorts, 'usage'>,
    private readonly options: { flushEveryMs: number; now?: () => number; onError?: (error: unknown) => void },
  ) {
    this.lastFlush = this.now();
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  count(operation: string, workspaceId = ''): void {
    const key = `${dayOf(this.now())}\n${workspaceId}`;
    let ops = this.pending.get(key);
    if (!ops) this.pending.set(key, (ops = new Map()));
    ops.set(operation, (ops.get(operation) ?? 0) + 1);
    if (this.now() - this.lastFlush >= this.options.flushEveryMs) {
      this.flush().catch((error: unknown) => this.options.onError?.(error));
    }
  }

  /** Writes what is pending; counts that fail to write stay pending for the next flush. */
  async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
    this.lastFlush = this.now();
    const batch = this.pending;
    if (batch.size === 0) return;
    this.pending = new Map();
    this.flushing = (async () => {
      const failed: [string, Map<string, number>][] = [];
      await mapWithConcurrency([...batch], 8, async ([key, ops]) => {
        const [day, workspaceId] = key.split('\n') as [string, string];
        try {
          await this.stores.usage.recordUsage(day, workspaceId, Object.fromEntries(ops));
        } catch {
          failed.push([key, ops]);
        }
      });
      for (const [key, ops] of failed) {
        const merged = this.pending.get(key) ?? new Map<string, number>();
        for (const [op, n] of ops) merged.set(op, (merged.get(op) ?? 0) + n);
        this.pending.set(key, merged);
      }
      if (failed.length) throw new Error(`could not record usage for ${failed.length} workspace-days`);
    })();
    try {
      await this.flushing;
    } finally {
      this.flushing = undefined;
    }
  }
}

/** What one operation costs, from functions/pricing.json. */
export interface OperationProfile {
  firestoreReads?: number;
  firestoreWrites?: number;
  storageClassA?: number;
  storageClassB?: number;
  /** Storage trigger invocations it causes. */
  triggerRequests?: number;
}

export interface Pricing {
  asOf: string;
  currency: string;
  region: string;
  sources: string[];
  firestore: {
    readsPer100k: number;
    writesPer100k: number;
    deletesPer100k: number;
    storagePerGiBMonth: number;
    bytesPerIndexEntry: number;
    bytesPerWorkspace: number;
  };
  storage: { standardPerGiBMonth: number; classAPer10k: number; classBPer10k: number };
  functions: {
    requestsPerMillion: number;
    vcpuSecondsPerRequest: number;
    vcpuSecond: number;
    gibSecondsPerRequest: number;
    gibSecond: number;
  };
  operations: Record<string, OperationProfile>;
  defaultOperation: OperationProfile;
}

/** The price list deployed with the functions (functions/pricing.json). */
export function loadPricing(file = join(__dirname, '..', '..', '..', 'pricing.json')): Pricing {
  return JSON.parse(readFileSync(file, 'utf8')) as Pricing;
}

export interface WorkspaceUsage {
  workspaceId: string;
  name: string;
  ownerId: string;
  status: string;
  fileCount: number;
  totalBytes: number;
  operations: Record<string, number>;
  operationCount: number;
}

export interface CostLine {
  item: string;
  quantity: number;
  unit: string;
  monthlyCost: number;
}

export interface UsageReport {
  from: string;
  to: string;
  days: number;
  totals: {
    workspaces: number;
    files: number;
    bytes: number;
    operations: Record<string, number>;
    operationCount: number;
  };
  /** The workspaces with the most bytes (at most `top`), then any other with operations in the period, up to `top`. */
  workspaces: WorkspaceUsage[];
  estimate: {
    currency: string;
    pricesAsOf: string;
    /** Stored bytes as they are now, plus the period's operations scaled to 30 days. */
    monthlyTotal: number;
    lines: CostLine[];
  };
}

const GiB = 1024 ** 3;
const DAY_MS = 24 * 3600_000;

export function parseDay(text: string, field: string): number {
  const ms = /^\d{4}-\d{2}-\d{2}$/.test(text) ? Date.parse(`${text}T00:00:00Z`) : NaN;
  if (!Number.isFinite(ms) || isoDay(ms) !== text) {
    throw invalidArgument(`${field} must be a date like 2026-11-01.`, [{ field, reason: 'not a YYYY-MM-DD date' }]);
  }
  return ms;
}

export class UsageService {
  constructor(
    private readonly stores: Pick<MetadataPorts, 'usage' | 'workspaces' | 'lifecycle'>,
    private readonly pricing: () => Pricing,
    private readonly meter?: UsageMeter,
    private readonly now: () => number = Date.now,
  ) {}

  /** Usage of the days from..to (inclusive; default: the last 30 days including today). */
  async report(query: { from?: string; to?: string; workspaceId?: string; top?: number }): Promise<UsageReport> {
    const to = query.to ?? isoDay(this.now());
    const toMs = parseDay(to, 'to');
    const from = query.from ?? isoDay(toMs - 29 * DAY_MS);
    const fromMs = parseDay(from, 'from');
    if (fromMs > toMs) throw invalidArgument('from must not be after to.', [{ field: 'from', reason: 'after to' }]);
    const days = Math.round((toMs - fromMs) / DAY_MS) + 1;
    if (days > 366)
      throw invalidArgument('A report covers at most 366 days.', [{ field: 'from', reason: 'too early' }]);
    const top = query.top ?? 20;
    // This instance's own recent counts first, so a report right after activity includes it.
    await this.meter?.flush().catch(() => undefined);

    const operationsByWorkspace = new Map<string, Record<string, number>>();
    const totalOps: Record<string, number> = {};
    let after: { day: string; workspaceId: string } | undefined;
    for (;;) {
      const page = await this.stores.usage.listUsage({ from, to, limit: 500, ...(after && { after }) });
      for (const row of page) {
        if (query.workspaceId !== undefined && row.workspaceId !== query.workspaceId) continue;
        const ops = operationsByWorkspace.get(row.workspaceId) ?? {};
        for (const [op, n] of Object.entries(row.operations)) {
          ops[op] = (ops[op] ?? 0) + n;
          totalOps[op] = (totalOps[op] ?? 0) + n;
        }
        operationsByWorkspace.set(row.workspaceId, ops);
      }
      if (page.length < 500) break;
      const last = page[page.length - 1]!;
      after = { day: last.day, workspaceId: last.workspaceId };
    }

    const totals = { workspaces: 0, files: 0, bytes: 0, operations: totalOps, operationCount: sumOf(totalOps) };
    const biggest: WorkspaceUsage[] = [];
    const row = (w: WorkspaceRecord): WorkspaceUsage => {
      const operations = operationsByWorkspace.get(w.id) ?? {};
      return {
        workspaceId: w.id,
        name: w.name,
        ownerId: w.ownerId,
        status: w.status,
        fileCount: w.fileCount,
        totalBytes: w.totalBytes,
        operations,
        operationCount: sumOf(operations),
      };
    };
    const consider = (w: WorkspaceRecord) => {
      totals.workspaces++;
      totals.files += w.fileCount;
      totals.bytes += w.totalBytes;
      // Top N by bytes, without sorting everything: most workspaces are smaller than the current Nth.
      if (biggest.length >= top && w.totalBytes <= biggest[biggest.length - 1]!.totalBytes) return;
      biggest.push(row(w));
      biggest.sort((a, b) => b.totalBytes - a.totalBytes);
      if (biggest.length > top) biggest.pop();
    };
    if (query.workspaceId !== undefined) {
      const w = await this.stores.workspaces.getWorkspace(query.workspaceId);
      if (!w) throw invalidArgument('No such workspace.', [{ field: 'workspaceId', reason: 'not found' }]);
      consider(w);
    } else {
      let afterId: string | undefined;
      for (;;) {
        const page = await this.stores.lifecycle.listAllWorkspaces({ limit: 200, ...(afterId && { after: afterId }) });
        for (const w of page) if (w.status !== 'deleted') consider(w);
        if (page.length < 200) break;
        afterId = page[page.length - 1]!.id;
      }
    }
    // Busy workspaces that are not among the biggest still deserve a row.
    const listed = new Set(biggest.map((w) => w.workspaceId));
    const busiest = [...operationsByWorkspace.entries()]
      .filter(([id]) => id !== '' && !listed.has(id))
      .sort(([, a], [, b]) => sumOf(b) - sumOf(a))
      .slice(0, top);
    const extra = await mapWithConcurrency(busiest, 8, async ([id]) => this.stores.workspaces.getWorkspace(id));
    const workspaces = [...biggest, ...extra.filter((w): w is WorkspaceRecord => w !== null).map(row)];

    return { from, to, days, totals, workspaces, estimate: estimate(this.pricing(), totals, days) };
  }
}

const sumOf = (ops: Record<string, number>) => Object.values(ops).reduce((a, b) => a + b, 0);

/** Monthly cost: storage as it is now, operations of the period scaled to 30 days. */
export function estimate(
  prices: Pricing,
  totals: { workspaces: number; files: number; bytes: number; operations: Record<string, number> },
  days: number,
): UsageReport['estimate'] {
  const perMonth = 30 / days;
  const used = { firestoreReads: 0, firestoreWrites: 0, storageClassA: 0, storageClassB: 0, requests: 0 };
  for (const [op, n] of Object.entries(totals.operations)) {
    const profile = prices.operations[op] ?? prices.defaultOperation;
    const monthly = n * perMonth;
    used.firestoreReads += monthly * (profile.firestoreReads ?? 0);
    used.firestoreWrites += monthly * (profile.firestoreWrites ?? 0);
    used.storageClassA += monthly * (profile.storageClassA ?? 0);
    used.storageClassB += monthly * (profile.storageClassB ?? 0);
    used.requests += monthly * (1 + (profile.triggerRequests ?? 0));
  }
  const indexBytes =
    totals.files * prices.firestore.bytesPerIndexEntry + totals.workspaces * prices.firestore.bytesPerWorkspace;
  const f = prices.functions;
  const lines: CostLine[] = [
    line('Cloud Storage: stored file bytes', totals.bytes / GiB, 'GiB-month', prices.storage.standardPerGiBMonth),
    line(
      'Firestore: stored documents (estimated size)',
      indexBytes / GiB,
      'GiB-month',
      prices.firestore.storagePerGiBMonth,
    ),
    line('Firestore: document reads', used.firestoreReads / 100_000, '100k reads', prices.firestore.readsPer100k),
    line('Firestore: document writes', used.firestoreWrites / 100_000, '100k writes', prices.firestore.writesPer100k),
    line('Cloud Storage: class A operations', used.storageClassA / 10_000, '10k ops', prices.storage.classAPer10k),
    line('Cloud Storage: class B operations', used.storageClassB / 10_000, '10k ops', prices.storage.classBPer10k),
    line(
      'Cloud Functions: requests and compute',
      used.requests / 1_000_000,
      'million requests',
      f.requestsPerMillion +
        1_000_000 * (f.vcpuSecondsPerRequest * f.vcpuSecond + f.gibSecondsPerRequest * f.gibSecond),
    ),
  ];
  const monthlyTotal = lines.reduce((sum, l) => sum + l.monthlyCost, 0);
  return { currency: prices.currency, pricesAsOf: prices.asOf, monthlyTotal: round(monthlyTotal), lines };
}

const round = (n: number) => Math.round(n * 100) / 100;
const line = (item: string, quantity: number, unit: string, price: number): CostLine => ({
  item,
  quantity: Math.round(quantity * 1000) / 1000,
  unit,
  monthlyCost: round(quantity * price),
});
