import { client, type Request } from './http';
import type { ApiTarget } from './targets';

/** Starts the suite's target before its tests (handing it over with a client) and closes it after. */
export function withTarget(
  makeTarget: () => Promise<ApiTarget>,
  ready: (target: ApiTarget, request: Request) => void,
): void {
  let target: ApiTarget | undefined;
  before(async function () {
    this.timeout(60_000);
    target = await makeTarget();
    ready(target, client(target.baseUrl));
  });
  after(async () => target?.close());
}
