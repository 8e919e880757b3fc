/**
 * The agent's calls to the API. TODO(client): replace with @websplat/client
 * once the client branch lands.
 */
export function createApiClient(baseUrl: string, token: string) {
  const call = async (method: string, path: string, body: BodyInit, contentType: string) => {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': contentType },
      body,
    });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return res.json() as Promise<unknown>;
  };
  const ws = (id: string) => `/v1/workspaces/${encodeURIComponent(id)}`;
  return {
    putFile: (id: string, path: string, content: string, contentType: string) =>
      call('PUT', `${ws(id)}/files/${path.split('/').map(encodeURIComponent).join('/')}`, content, contentType),
    putAgent: (id: string, agentId: string, body: Record<string, unknown>) =>
      call('PUT', `${ws(id)}/agents/${encodeURIComponent(agentId)}`, JSON.stringify(body), 'application/json'),
    putState: (id: string, key: string, value: unknown) =>
      call('PUT', `${ws(id)}/state/${encodeURIComponent(key)}`, JSON.stringify({ value }), 'application/json'),
  };
}
