/** The client's generated types follow the OpenAPI document (regenerated in memory, compared with the file). */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { GENERATED, generatedTypes } from '../../scripts/generate-client-types';

export function generatedTypesSuite(): void {
  it('client/src/generated/openapi.ts is what openapi-typescript makes of the current document', async function () {
    this.timeout(60_000);
    const fresh = await generatedTypes();
    assert.ok(fresh.includes('export interface paths'), 'openapi-typescript produced the paths');
    assert.ok(
      readFileSync(GENERATED, 'utf8') === fresh,
      'the generated client types are stale: run `npm run generate:client` and commit the result',
    );
  });
}
