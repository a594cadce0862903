/**
 * The LSP client the language-server benches drive a spawned server with, over its stdio: it
 * initializes the server on the bench workspace with the bench's debounce, answers what a
 * server asks of a client, and tells when a document version's complete diagnostics arrive.
 */
import type { ChildProcess } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node.js';
import type { PublishDiagnosticsParams } from 'vscode-languageserver';
import type { PartialDiagnosticsParams } from '../../server/protocol/lspExtensions.js';

export interface BenchClient {
  rpc: MessageConnection;
  /**
   * Resolves when the complete diagnostics of `uri` at `version` are published, with when they
   * arrived (`performance.now()`). Ask before sending the change, so the publish cannot be missed.
   */
  published(uri: string, version: number): Promise<{ at: number; params: PublishDiagnosticsParams }>;
  /** Shutdown, exit, and the process's end (a server under `--cpu-prof` writes its profile on the way out). */
  close(): Promise<void>;
}

/** An initialized client of the server `child` (spawned with stdio pipes), rooted at `dir`. */
export async function benchClient(child: ChildProcess, dir: string, debounceMs: number): Promise<BenchClient> {
  const rpc = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const waiters = new Map<string, (at: number, p: PublishDiagnosticsParams) => void>();
  // A first check publishes its syntax-and-rules part first ('mlpipe/partialDiagnostics' says
  // which): an open is timed to the complete result, as every edit is.
  const partialNext = new Set<string>();
  rpc.onNotification('mlpipe/partialDiagnostics', (p: PartialDiagnosticsParams) => partialNext.add(p.uri));
  rpc.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
    if (partialNext.delete(p.uri)) return;
    const at = performance.now();
    const key = `${p.uri}#${p.version}`;
    const waiter = waiters.get(key);
    if (!waiter) return;
    waiters.delete(key);
    waiter(at, p);
  });
  rpc.onNotification('window/logMessage', () => {});
  rpc.onRequest('client/registerCapability', () => null);
  rpc.listen();
  await rpc.sendRequest('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(dir).href,
    workspaceFolders: null,
    capabilities: {},
    initializationOptions: { diagnostics: { debounceMs } },
  });
  await rpc.sendNotification('initialized', {});
  return {
    rpc,
    published: (uri, version) => new Promise((resolve) => waiters.set(`${uri}#${version}`, (at, params) => resolve({ at, params }))),
    async close() {
      await rpc.sendRequest('shutdown');
      const exited = new Promise((resolve) => child.once('exit', resolve));
      await rpc.sendNotification('exit');
      await exited;
      rpc.dispose();
    },
  };
}
