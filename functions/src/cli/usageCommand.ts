import { ApiError } from '../domain/shared/errors';
import { isoDay, loadPricing, UsageService, type UsageReport } from '../domain/usage/usage';
import { openStores } from '../runtime/stores';
import { parseArgs, UsageError } from './args';
import { allowOnly, backendOption } from './options';
import { formatBytes } from './output';

/** `websplat usage`: the same report as GET /v1/admin/usage, read from the stores directly. */
export async function usageCommand(argv: string[], dataDir: string): Promise<number> {
  const args = parseArgs(argv, ['json']);
  allowOnly(args, ['from', 'to', 'days', 'workspace', 'top', 'backend', 'json']);
  const str = (name: string) => (typeof args.options[name] === 'string' ? (args.options[name] as string) : undefined);
  let from = str('from');
  const to = str('to');
  if (str('days') !== undefined) {
    const days = Number(str('days'));
    if (!Number.isInteger(days) || days < 1 || days > 366) throw new UsageError('--days must be 1..366');
    if (from !== undefined) throw new UsageError('give --from or --days, not both');
    const end = to ? Date.parse(`${to}T00:00:00Z`) : Date.now();
    from = isoDay(end - (days - 1) * 24 * 3600_000);
  }
  const top = str('top') === undefined ? 20 : Number(str('top'));
  if (!Number.isInteger(top) || top < 1 || top > 1000) throw new UsageError('--top must be 1..1000');
  const stores = openStores(backendOption(args), dataDir);
  try {
    const service = new UsageService(stores.metadata, () => loadPricing());
    const report = await service
      .report({
        ...(from && { from }),
        ...(to && { to }),
        ...(str('workspace') && { workspaceId: str('workspace') }),
        top,
      })
      .catch((error: unknown) => {
        if (error instanceof ApiError && error.code === 'invalid_argument') throw new UsageError(error.message);
        throw error;
      });
    process.stdout.write(
      args.options.json ? `${JSON.stringify(report, null, 2)}\n` : describeUsage(report, stores.location),
    );
    return 0;
  } finally {
    await stores.close();
  }
}

const money = (n: number, currency: string) => `${n.toFixed(2)} ${currency}`;

export function describeUsage(report: UsageReport, location: string): string {
  const { totals, estimate } = report;
  const lines = [
    `Usage on ${location}, ${report.from} to ${report.to} (${report.days} days)`,
    '',
    `Totals: ${totals.workspaces} workspaces, ${totals.files} files, ${formatBytes(totals.bytes)}, ${totals.operationCount} API operations`,
  ];
  const busiest = Object.entries(totals.operations)
    .sort(([, a], [, b]) => b - a)
    .slice(0, 8)
    .map(([op, n]) => `${op} ${n}`);
  if (busiest.length) lines.push(`Operations: ${busiest.join(', ')}`);
  lines.push('', 'workspace             files        bytes   operations  name');
  for (const w of report.workspaces) {
    lines.push(
      `${w.workspaceId}  ${String(w.fileCount).padStart(6)} ${formatBytes(w.totalBytes).padStart(12)} ${String(w.operationCount).padStart(12)}  ${w.name}`,
    );
  }
  lines.push('', `Estimated monthly cost (list prices of ${estimate.pricesAsOf}, functions/pricing.json):`);
  for (const l of estimate.lines) {
    lines.push(
      `  ${l.item.padEnd(46)} ${String(l.quantity).padStart(12)} ${l.unit.padEnd(17)} ${money(l.monthlyCost, estimate.currency)}`,
    );
  }
  lines.push(`  ${'Total'.padEnd(77)} ${money(estimate.monthlyTotal, estimate.currency)}`);
  return `${lines.join('\n')}\n`;
}
