/**
 * `npm run generate:client`: writes client/src/generated/openapi.ts, the
 * types of the OpenAPI document the API serves, with openapi-typescript.
 * test/client/generated.suite.ts regenerates them in memory and fails when
 * the checked-in file is stale.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildOpenApi } from '../functions/src/http/openapi';
import { routeTable } from '../functions/src/http/pipeline';

export const GENERATED = join(__dirname, '..', 'client', 'src', 'generated', 'openapi.ts');

/**
 * The document both backends serve (the cloud one: the local backend adds only its own
 * upload target, whose URL clients are handed by POST .../uploads).
 */
export function openApiDocument(): Record<string, unknown> {
  return buildOpenApi(routeTable('firebase', () => undefined)) as Record<string, unknown>;
}

/** The generated module's text, formatted as the repository formats TypeScript. */
export async function generatedTypes(): Promise<string> {
  const { default: openapiTS, astToString } = await import('openapi-typescript');
  const prettier = await import('prettier');
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const ast = await openapiTS(openApiDocument() as any);
  return prettier.format(astToString(ast), { parser: 'typescript', ...(await prettier.resolveConfig(GENERATED)) });
}

if (require.main === module) {
  generatedTypes().then((text) => {
    writeFileSync(GENERATED, text);
    process.stderr.write(`wrote ${GENERATED}\n`);
  });
}
