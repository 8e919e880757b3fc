import { toApiEvent } from '../../domain/collaboration/events';
import { WorkspaceParams } from '../../schemas/common';
import type { ApiDeps } from '../deps';
import { raw } from '../headers';
import { errorResponses, route, type Reply, type Route } from '../route';

type EventsDeps = Pick<ApiDeps, 'workspaces' | 'changes' | 'links' | 'sseHeartbeatMs' | 'sseMaxMs' | 'streams'>;

/**
 * GET .../events: Server-Sent Events for workspace, file, agent and state
 * changes. EventSource cannot send headers, so `?access_token=` is accepted
 * (a user token or an events link). The stream ends (with `event: end`) when
 * the client goes away, the workspace is deleted, the caller's access or link
 * is revoked, the link expires, the time limit is reached, or the server shuts
 * down (`reason: "shutdown"`).
 */
export function eventsRoute(): Route<EventsDeps> {
  return route<EventsDeps>()({
    method: 'GET',
    path: '/v1/workspaces/{workspaceId}/events',
    operationId: 'events.stream',
    summary:
      'Server-Sent Events: workspace, file, agent and state changes as they happen; Last-Event-ID resumes; ?access_token= for EventSource.',
    auth: true,
    queryToken: 'user-or-link',
    linkScopes: ['events'],
    params: WorkspaceParams,
    headers: { 'Last-Event-ID': raw('Resume after this event (where the backend can replay).') },
    responses: {
      200: { description: 'The event stream', mediaType: 'text/event-stream' },
      ...errorResponses(400, 401, 404),
    },
    async handle({ req, res, deps, caller, params, headers }): Promise<Reply> {
      const { workspaceId } = params;
      const current = await deps.workspaces.get(caller, workspaceId);
      res.writeHead(200, {
        'Content-Type': 'text/event-stream; charset=utf-8',
        'Cache-Control': 'no-store',
        Connection: 'keep-alive',
        'X-Accel-Buffering': 'no',
      });
      res.write(`retry: 3000\nevent: ready\ndata: ${JSON.stringify(current)}\n\n`);
      let closed = false;
      let stop: () => void = () => undefined;
      let unregister: () => void = () => undefined;
      const timers: NodeJS.Timeout[] = [];
      const end = (reason: string) => {
        if (closed) return;
        closed = true;
        stop();
        unregister();
        timers.forEach(clearInterval);
        if (!res.writableEnded) res.end(`event: end\ndata: ${JSON.stringify({ reason })}\n\n`);
      };
      req.on('close', () => end('client closed'));
      unregister = deps.streams.add(end);
      timers.push(setInterval(() => res.write(': keep-alive\n\n'), deps.sseHeartbeatMs));
      timers.push(setTimeout(() => end('time limit; reconnect with Last-Event-ID'), deps.sseMaxMs));
      stop = await deps.changes.subscribe(
        workspaceId,
        headers['Last-Event-ID'],
        (event) => {
          if (closed) return;
          const { type, data } = toApiEvent(event.change);
          res.write(`id: ${event.id}\nevent: ${type}\ndata: ${JSON.stringify(data)}\n\n`);
          if (event.change.kind === 'workspace') {
            if (event.change.record.status === 'deleted') end('workspace deleted');
            else if (!caller.link && !Object.hasOwn(event.change.record.members, caller.uid)) end('access revoked');
          }
        },
        () => end('change feed failed; reconnect'),
      );
      if (caller.link) {
        const link = caller.link;
        // Capped by the stream's own limit (and so below setTimeout's 24.8-day maximum).
        const expiresIn = Math.min(Math.max(0, link.expiresAt - Date.now()), deps.sseMaxMs);
        timers.push(setTimeout(() => end('link expired'), expiresIn));
        const unwatch = await deps.links.watch(
          link,
          () => end('link revoked'),
          () => end('link check failed; reconnect'),
        );
        const stopFeed = stop;
        stop = () => {
          stopFeed();
          unwatch();
        };
      }
      if (closed) stop();
      return { status: 200, handled: true };
    },
  });
}
