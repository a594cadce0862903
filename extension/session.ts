import * as vscode from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';
import { CrashPolicy } from './crashPolicy.js';
import { createLanguageClient } from './languageClient.js';
import { Scope } from './scope.js';
import { readServerSettings } from './settings.js';

export type ServerState =
  | { kind: 'starting' }
  | { kind: 'ready' }
  | { kind: 'stopped'; reason: string };

/**
 * The language server's lifetime inside the extension: start, stop, restart (stop, dispose
 * the server scope, start again), and the state the status bar and commands follow.
 */
export class ServerSession implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private serverScope = new Scope();
  private readonly crashes = new CrashPolicy();
  private readonly changed = new vscode.EventEmitter<ServerState>();
  private readonly checkedDoc = new vscode.EventEmitter<vscode.Uri>();
  /** Documents the current server has published diagnostics for at least once. */
  private checked = new Set<string>();
  private stopping = false;
  private current: ServerState = { kind: 'stopped', reason: 'not started yet' };
  /** Serialises start/stop so a restart clicked twice cannot run two servers. */
  private queue: Promise<unknown> = Promise.resolve();

  readonly onDidChangeState = this.changed.event;
  /** Fires when a document's diagnostics arrive from the server (its check is done). */
  readonly onDidCheck = this.checkedDoc.event;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly output: vscode.OutputChannel,
  ) {}

  get state(): ServerState {
    return this.current;
  }

  /** Whether the running server has checked this document yet (until then, no result is an all-clear). */
  hasChecked(uri: vscode.Uri): boolean {
    return this.checked.has(uri.toString());
  }

  get languageClient(): LanguageClient | undefined {
    return this.current.kind === 'ready' ? this.client : undefined;
  }

  start(): Promise<void> {
    return this.enqueue(() => this.doStart());
  }

  stop(reason: string): Promise<void> {
    return this.enqueue(() => this.doStop(reason));
  }

  restart(): Promise<void> {
    return this.enqueue(async () => {
      this.output.appendLine('[client] restarting the language server');
      await this.doStop('restarting');
      this.crashes.reset();
      await this.doStart();
    });
  }

  dispose(): void {
    void this.stop('the extension was deactivated');
    this.changed.dispose();
    this.checkedDoc.dispose();
  }

  private enqueue(step: () => Promise<void>): Promise<void> {
    const next = this.queue.then(step, step);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private set(state: ServerState): void {
    this.current = state;
    this.changed.fire(state);
  }

  private async doStart(): Promise<void> {
    this.serverScope = new Scope();
    this.checked = new Set();
    let gaveUp: string | undefined;
    const client: LanguageClient = createLanguageClient(this.context, this.output, {
      crashes: this.crashes,
      stopping: () => this.stopping,
      superseded: () => this.client !== client,
      onGaveUp: (reason) => (gaveUp = reason),
      onDiagnostics: (uri) => {
        if (this.client !== client) return;
        this.checked.add(uri.toString());
        this.checkedDoc.fire(uri);
      },
    });
    this.client = client;
    const started = Date.now();
    this.output.appendLine(`[client] starting the language server (${this.context.asAbsolutePath('dist/server.js')}) with settings ${JSON.stringify(readServerSettings())}`);
    this.serverScope.add(
      client.onDidChangeState((e) => {
        if (this.client !== client) return;
        if (e.newState === State.Running) this.set({ kind: 'ready' });
        else if (e.newState === State.Starting) this.set({ kind: 'starting' });
        else if (this.current.kind !== 'stopped') this.set({ kind: 'stopped', reason: gaveUp ?? 'the language server stopped' });
      }),
    );
    this.set({ kind: 'starting' });
    try {
      await client.start();
      const info = client.initializeResult?.serverInfo;
      this.output.appendLine(`[client] ${info?.name ?? 'the language server'} ${info?.version ?? ''} ready in ${Date.now() - started} ms`);
      this.set({ kind: 'ready' });
    } catch (e) {
      const reason = `the language server did not start: ${e instanceof Error ? e.message : String(e)}`;
      this.output.appendLine(`[client] ${reason}`);
      this.set({ kind: 'stopped', reason });
    }
  }

  private async doStop(reason: string): Promise<void> {
    const client = this.client;
    this.client = undefined;
    this.serverScope.dispose();
    this.checked = new Set();
    if (client) {
      this.stopping = true;
      try {
        if (client.needsStop()) await client.stop(5000);
      } catch (e) {
        this.output.appendLine(`[client] stopping the language server failed: ${e instanceof Error ? e.message : String(e)}`);
      }
      try {
        await client.dispose(2000);
      } catch {
        // Already stopped: nothing left to release.
      } finally {
        this.stopping = false;
      }
      this.output.appendLine(`[client] the language server stopped (${reason})`);
    }
    this.set({ kind: 'stopped', reason });
  }
}
