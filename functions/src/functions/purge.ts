import { onSchedule } from 'firebase-functions/v2/scheduler';
import { PURGE_TIMEOUT_SECONDS, purgeScheduleAtDeploy, REGION } from '../config';
import type { PurgeReport, PurgeService, PurgeSettings } from '../domain/lifecycle/purge';
import { cloudPurge } from '../runtime/cloudPurge';

/** One purge pass (deleted and stale workspaces, expired sessions and cache, a reconcile sample). */
export const handlePurge = (settings: PurgeSettings, service: PurgeService): Promise<PurgeReport> =>
  service.runPass(settings);

// One instance at a time: passes never overlap (leases would make overlap safe, only wasteful).
export const purge = onSchedule(
  {
    schedule: purgeScheduleAtDeploy(),
    region: REGION,
    timeoutSeconds: PURGE_TIMEOUT_SECONDS,
    memory: '512MiB',
    maxInstances: 1,
    retryCount: 0,
  },
  () => handlePurge(cloudPurge().settings(), cloudPurge().service).then(() => undefined),
);
