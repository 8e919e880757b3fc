/** The operators' usage report. */
import { z } from 'zod';
import { WorkspaceId } from './common';

export const UsageQuery = z.strictObject({
  from: z.string().optional().meta({ description: 'First UTC day, YYYY-MM-DD (default: 29 days before `to`).' }),
  to: z.string().optional().meta({ description: 'Last UTC day, YYYY-MM-DD (default: today).' }),
  workspaceId: WorkspaceId.optional(),
  top: z.coerce.number().int().min(1).max(1000).optional(),
});

const OperationCounts = z
  .record(z.string(), z.number().int())
  .meta({ description: 'Requests by operationId (as in this document) in the period.' });

export const UsageReportSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    days: z.number().int(),
    totals: z.object({
      workspaces: z.number().int(),
      files: z.number().int(),
      bytes: z.number().int(),
      operations: OperationCounts,
      operationCount: z.number().int(),
    }),
    workspaces: z.array(
      z.object({
        workspaceId: z.string(),
        name: z.string(),
        ownerId: z.string(),
        status: z.string(),
        fileCount: z.number().int(),
        totalBytes: z.number().int(),
        operations: OperationCounts,
        operationCount: z.number().int(),
      }),
    ),
    estimate: z.object({
      currency: z.string(),
      pricesAsOf: z.string(),
      monthlyTotal: z.number(),
      lines: z.array(z.object({ item: z.string(), quantity: z.number(), unit: z.string(), monthlyCost: z.number() })),
    }),
  })
  .meta({ id: 'UsageReport' });
