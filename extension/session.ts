import * as vscode from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';
import { CrashPolicy } from './crashPolicy.js';
import { createLanguageClient } from './languageClient.js';
import { Scope } from './scope.js';

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
  private current: ServerState = { kind: 'stopped', reason: 'not started yet' };
  /** Serialises start/stop so a restart clicked twice cannot run two servers. */
  private queue: Promise<unknown> = Promise.resolve();

  readonly onDidChangeState = this.changed.event;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly output: vscode.OutputChannel,
  ) {}

  get state(): ServerState {
    return this.current;
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
    let gaveUp: string | undefined;
    const client = createLanguageClient(this.context, this.output, this.crashes, (reason) => (gaveUp = reason));
    this.client = client;
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
    if (client) {
      try {
        if (client.needsStop()) await client.stop(5000);
      } catch (e) {
        this.output.appendLine(`[client] stopping the language server failed: ${e instanceof Error ? e.message : String(e)}`);
      }
      try {
        await client.dispose(2000);
      } catch {
        // Already stopped: nothing left to release.
      }
    }
    this.set({ kind: 'stopped', reason });
  }
}
