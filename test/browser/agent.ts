/**
 * An "agent": a separate process that writes to a workspace through the API
 * client, as WebSplat's generators do, while a person watches in the console.
 * It reads one JSON command per line on stdin and answers "ok" (or
 * "error <message>") per command on stdout, so a test can step it.
 *
 *   {"op": "put", "path": "index.html", "content": "...", "contentType": "text/html"}
 *   {"op": "agent", "agentId": "a1", "status": "running", "step": "...", "progress": 0.5}
 *   {"op": "state", "key": "plan", "value": {...}}
 *   {"op": "commit", "message": "...", "changes": [{"path": "...", "content": "...", "contentType": "..."}]}
 */
import { createInterface } from 'node:readline';
import { createClient } from '@websplat/client';

const [baseUrl, token, workspaceId] = process.argv.slice(2);
if (!baseUrl || !token || !workspaceId) {
  console.error('usage: agent <baseUrl> <token> <workspaceId>');
  process.exit(2);
}
const api = createClient({ baseUrl, token });

type Command =
  | { op: 'put'; path: string; content: string; contentType: string }
  | {
      op: 'agent';
      agentId: string;
      status: 'queued' | 'running' | 'succeeded' | 'failed';
      step: string;
      progress: number;
    }
  | { op: 'state'; key: string; value: unknown }
  | { op: 'commit'; message: string; changes: { path: string; content: string; contentType: string }[] };

const lines = createInterface({ input: process.stdin });
let queue = Promise.resolve();
lines.on('line', (line) => {
  queue = queue.then(async () => {
    try {
      const command = JSON.parse(line) as Command;
      if (command.op === 'put') {
        await api.files.put(workspaceId, command.path, command.content, { contentType: command.contentType });
      } else if (command.op === 'agent') {
        const { op: _op, agentId, ...report } = command;
        await api.agents.put(workspaceId, agentId, report);
      } else if (command.op === 'commit') {
        await api.commits.create(workspaceId, { message: command.message, changes: command.changes });
      } else await api.state.put(workspaceId, command.key, command.value);
      process.stdout.write('ok\n');
    } catch (error) {
      process.stdout.write(`error ${(error as Error).message}\n`);
    }
  });
});
