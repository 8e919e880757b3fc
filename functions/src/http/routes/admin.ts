import { permissionDenied } from '../../domain/shared/errors';
import { UsageQuery, UsageReportSchema } from '../../schemas/usage';
import type { ApiDeps } from '../deps';
import { errorResponses as errors, route, type Route } from '../route';

type AdminDeps = Pick<ApiDeps, 'usage' | 'adminUids'>;

/** Operators only: bytes, files and operation counts per workspace and in total, with a cost estimate. */
export function adminUsageRoute(): Route<AdminDeps> {
  return route<AdminDeps>()({
    method: 'GET',
    path: '/v1/admin/usage',
    operationId: 'admin.usage',
    summary:
      'Operators only (admin claim or WEBSPLAT_ADMIN_UIDS): usage over a period (default the last 30 days) and an estimated monthly cost.',
    auth: true,
    query: UsageQuery,
    responses: {
      200: { description: 'The usage report (see docs/operations.md)', schema: UsageReportSchema },
      ...errors(400, 401, 403),
    },
    async handle({ deps, caller, query }) {
      if (!caller.admin && !deps.adminUids().includes(caller.uid)) {
        throw permissionDenied('Only operators may read usage (admin claim or WEBSPLAT_ADMIN_UIDS).');
      }
      return { status: 200, body: await deps.usage.report(query) };
    },
  });
}
