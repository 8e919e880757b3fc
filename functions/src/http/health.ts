/** GET /v1/healthz (answered by the shell, and listed in the route table for the OpenAPI document). */
export const healthBody = (backend: 'local' | 'firebase') => ({ status: 'ok', backend });
