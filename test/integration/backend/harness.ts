import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { BackendRpc } from '../../../extension/backend/rpcClient.js';
import type { BackendEvent } from '../../../server/protocol/backend.js';

export const REPO = join(__dirname, '../../..');
/** MLPIPE_BACKEND_JS tests another build, e.g. the one inside the platform .vsix. */
export const BACKEND = process.env.MLPIPE_BACKEND_JS || join(REPO, 'dist/backend.js');

export interface RunningBackend {
  rpc: BackendRpc;
  child: ChildProcess;
  events: BackendEvent[];
  stderr: () => string;
  /** Resolves with the first event (already received or still to come) that `pick` accepts. */
  next<T>(pick: (e: BackendEvent) => T | undefined, what: string, ms?: number): Promise<T>;
  close(): Promise<void>;
}

/** Starts the built backend (`npm test` builds first) as the extension does: JSON-RPC over stdio. */
export function startBackend(cwd: string, script = BACKEND): RunningBackend {
  if (!existsSync(script)) throw new Error(`${script} is missing: run 'npm run build' first`);
  const child = spawn(process.execPath, [script], { cwd, env: { ...process.env, MLPIPE_HOME: '' }, stdio: ['pipe', 'pipe', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const rpc = new BackendRpc(connection);
  const events: BackendEvent[] = [];
  const waiters = new Set<(e: BackendEvent) => void>();
  rpc.onEvent((e) => {
    events.push(e);
    for (const w of [...waiters]) w(e);
  });
  connection.listen();
  return {
    rpc,
    child,
    events,
    stderr: () => err,
    next<T>(pick: (e: BackendEvent) => T | undefined, what: string, ms = 60_000): Promise<T> {
      for (const e of events) {
        const v = pick(e);
        if (v !== undefined) return Promise.resolve(v);
      }
      return new Promise<T>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(w);
          reject(new Error(`timed out waiting for ${what}; stderr:\n${err}`));
        }, ms);
        const w = (e: BackendEvent) => {
          const v = pick(e);
          if (v === undefined) return;
          clearTimeout(timer);
          waiters.delete(w);
          resolve(v);
        };
        waiters.add(w);
      });
    },
    async close() {
      const exited = new Promise((r) => child.once('exit', r));
      connection.dispose();
      child.stdin!.end();
      if (child.exitCode === null) await exited;
    },
  };
}

/** A throwaway copy of the churn example, trained for `epochs` epochs so it takes seconds. */
export function fixtureWorkspace(epochs = 5): { dir: string; file: string; dispose(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'mlpipe-backend-'));
  cpSync(join(REPO, 'examples/churn'), dir, { recursive: true, filter: (src) => !src.endsWith('.mlpipe') || src.endsWith('churn.mlpipe') });
  const file = join(dir, 'churn.mlpipe');
  writeFileSync(file, readFileSync(file, 'utf8').replace(/epochs(\s*)=\s*\d+/, `epochs$1= ${epochs}`));
  // Its own run store, whatever folders above it hold.
  mkdirSync(join(dir, '.mlpipe'));
  return { dir, file, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * A fixture workspace and a backend started in it, for the tests of one file: both are gone after
 * them (the backend closed, then the folder removed).
 */
export function backendInFixture(): { ws: ReturnType<typeof fixtureWorkspace>; backend: RunningBackend } {
  const ws = fixtureWorkspace();
  const backend = startBackend(ws.dir);
  after(async () => {
    await backend.close();
    ws.dispose();
  });
  return { ws, backend };
}
