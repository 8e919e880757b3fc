/**
 * `websplat serve` as a real child process on a temp data folder: what a developer runs,
 * so tests can send it SIGTERM and start it again on the same port and data.
 * Children are spawned asynchronously (a blocking spawnSync would stall this process's
 * sockets, and a keep-alive connection the server closed meanwhile would be reused dead).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const BIN = resolve(__dirname, '../../bin/websplat.js');

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** From the signal sent by stop() to the process's exit. */
  ms: number;
}

export class WebsplatProcess {
  private child: ChildProcess | undefined;
  private exited: Promise<Exit> | undefined;
  private stoppedAt = 0;
  url = '';
  output = '';

  private constructor(
    readonly dataDir: string,
    private port: number,
  ) {}

  /** Starts `websplat serve` on a fresh data folder (port 0: any free one, kept for restarts). */
  static async start(): Promise<WebsplatProcess> {
    const server = new WebsplatProcess(mkdtempSync(join(tmpdir(), 'websplat-serve-')), 0);
    await server.launch();
    return server;
  }

  private env(): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = { ...process.env, WEBSPLAT_DATA_DIR: this.dataDir };
    delete env.FIREBASE_AUTH_EMULATOR_HOST;
    delete env.PORT;
    return env;
  }

  private async launch(): Promise<void> {
    const child = spawn(process.execPath, [BIN, 'serve', '--port', String(this.port), '--host', '127.0.0.1'], {
      env: this.env(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    this.exited = new Promise((done) =>
      child.once('exit', (code, signal) => done({ code, signal, ms: Date.now() - this.stoppedAt })),
    );
    const collect = (chunk: Buffer) => (this.output = (this.output + chunk.toString()).slice(-20_000));
    child.stderr!.on('data', collect);
    this.url = await new Promise<string>((done, fail) => {
      const timer = setTimeout(() => fail(new Error(`websplat serve did not start:\n${this.output}`)), 30_000);
      child.stdout!.on('data', (chunk: Buffer) => {
        collect(chunk);
        const match = /serving the API at (http:\/\/\S+)\/v1/.exec(this.output);
        if (match) {
          clearTimeout(timer);
          done(match[1]!);
        }
      });
      void this.exited!.then(() => {
        clearTimeout(timer);
        fail(new Error(`websplat serve exited before serving:\n${this.output}`));
      });
    });
    this.port = Number(new URL(this.url).port);
  }

  get running(): boolean {
    return this.child !== undefined;
  }

  /** Sends `signal` and waits for the process to exit. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<Exit> {
    const child = this.child;
    if (!child) throw new Error('websplat serve is not running');
    this.stoppedAt = Date.now();
    child.kill(signal);
    const exit = await this.exited!;
    this.child = undefined;
    return exit;
  }

  /** Starts the server again on the same port and data folder. */
  async restart(): Promise<void> {
    if (this.child) await this.stop();
    this.output = '';
    await this.launch();
  }

  /** `websplat token <uid>` on this data folder. */
  async token(uid: string): Promise<string> {
    const child = spawn(process.execPath, [BIN, 'token', uid, '--ttl', '1h'], { env: this.env() });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const code = await new Promise<number | null>((done) => child.once('exit', done));
    if (code !== 0) throw new Error(`websplat token exited with ${code}`);
    return out.trim();
  }

  /** Stops the process if it still runs (SIGKILL) and removes the data folder. */
  async dispose(): Promise<void> {
    if (this.child) await this.stop('SIGKILL');
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}
