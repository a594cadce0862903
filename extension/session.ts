import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { loadLanguageClient, type LoadedClient } from './clientLoader.js';
import { CrashPolicy } from './crashPolicy.js';
import { Scope } from './scope.js';
import { ServerProcesses } from './serverProcess.js';
import { readServerSettings } from './settings.js';
import { describeFirstDiagnostics, firstDiagnostics, type ActivationStart, type DocumentMarks, type FirstDiagnostics, type StartupMarks } from './startupTimeline.js';
import { LANGUAGE_ID } from '../server/protocol/language.js';

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
  /** Documents the current server has published complete diagnostics for at least once. */
  private checked = new Set<string>();
  /** Documents whose next diagnostics are partial (syntax and rules; the data-aware check follows). */
  private partial = new Set<string>();
  /** Marks for the first-diagnostics figure, until it is taken. */
  private readonly startup: StartupMarks;
  private docMarks: Map<string, DocumentMarks> | undefined = new Map();
  private readonly opens: vscode.Disposable;
  private readonly measured = new vscode.EventEmitter<FirstDiagnostics>();
  /** The first pipeline's first-diagnostics figure, once its complete check arrived. */
  firstDiagnostics: FirstDiagnostics | undefined;
  readonly onDidMeasureFirstDiagnostics = this.measured.event;
  private stopping = false;
  private current: ServerState = { kind: 'stopped', reason: 'not started yet' };
  /** Serialises start/stop so a restart clicked twice cannot run two servers. */
  private queue: Promise<unknown> = Promise.resolve();

  readonly onDidChangeState = this.changed.event;
  /** Fires when a document's diagnostics arrive from the server (its check is done). */
  readonly onDidCheck = this.checkedDoc.event;

  private readonly processes: ServerProcesses;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly output: vscode.OutputChannel,
    activation: ActivationStart = { at: performance.now(), bundleMs: 0, fromCache: false },
    /** The server's processes; the loader starts the first one as activation begins. */
    processes?: ServerProcesses,
  ) {
    this.processes = processes ?? new ServerProcesses(context.asAbsolutePath('dist/server.js'));
    this.startup = { activation };
    // Already open (the window restored it, or opening it activated us): open since activation began.
    for (const d of vscode.workspace.textDocuments) if (d.languageId === LANGUAGE_ID) this.docMarks?.set(d.uri.toString(), { opened: activation.at });
    this.opens = vscode.workspace.onDidOpenTextDocument((d) => {
      if (d.languageId === LANGUAGE_ID && !this.docMarks?.has(d.uri.toString())) this.docMarks?.set(d.uri.toString(), { opened: performance.now() });
    });
  }

  /** Activation is done (main.ts): the first-diagnostics figure counts it. */
  activated(): void {
    this.startup.activated ??= performance.now();
  }

  private markDoc(uri: vscode.Uri, mark: (d: DocumentMarks, now: number) => void): void {
    const marks = this.docMarks;
    if (!marks) return;
    const key = uri.toString();
    const now = performance.now();
    let d = marks.get(key);
    if (!d) marks.set(key, (d = { opened: now }));
    mark(d, now);
    const figure = firstDiagnostics(vscode.workspace.asRelativePath(uri), this.startup, d);
    if (!figure) return;
    this.docMarks = undefined;
    this.opens.dispose();
    this.firstDiagnostics = figure;
    this.output.appendLine(`[client] ${describeFirstDiagnostics(figure)}`);
    this.measured.fire(figure);
  }

  get state(): ServerState {
    return this.current;
  }

  /** Whether the running server has checked this document yet (until then, no result is an all-clear). */
  hasChecked(uri: vscode.Uri): boolean {
    return this.checked.has(uri.toString());
  }

  /** Resolves once the server process of the last stop has exited. */
  get lastServerExit(): Promise<void> {
    return this.processes.lastExit;
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
    this.measured.dispose();
    this.opens.dispose();
    this.processes.dispose();
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

  /** Resolves once a start in progress has ended (ready or stopped); at once otherwise. */
  whenStarted(): Promise<void> {
    if (this.current.kind !== 'starting') return Promise.resolve();
    return new Promise((resolve) => {
      const sub = this.onDidChangeState((s) => {
        if (s.kind === 'starting') return;
        sub.dispose();
        resolve();
      });
    });
  }

  private async doStart(): Promise<void> {
    this.serverScope = new Scope();
    this.checked = new Set();
    let gaveUp: string | undefined;
    // The client's bundle loads after activation (clientLoader.ts); commands wait meanwhile.
    this.set({ kind: 'starting' });
    // Before the client's bundle loads: the server starts meanwhile (at once if not started ahead).
    this.processes.startEarly();
    this.startup.serverSpawn ??= this.processes.startedAt;
    let loaded: LoadedClient;
    try {
      loaded = await loadLanguageClient(this.context.globalStorageUri.fsPath);
    } catch (e) {
      const reason = `the language client could not be loaded: ${e instanceof Error ? e.message : String(e)}`;
      this.output.appendLine(`[client] ${reason}`);
      return this.set({ kind: 'stopped', reason });
    }
    this.startup.clientBundle ??= { ms: loaded.ms, fromCache: loaded.fromCache };
    const { createLanguageClient, State } = loaded.module;
    const client: LanguageClient = createLanguageClient(this.output, {
      serverProcess: () => this.processes.take(),
      crashes: this.crashes,
      stopping: () => this.stopping,
      superseded: () => this.client !== client,
      onGaveUp: (reason) => (gaveUp = reason),
      onPartial: (uri) => {
        if (this.client === client) this.partial.add(uri.toString());
      },
      onDidOpen: (uri) => {
        if (this.client === client) this.markDoc(uri, (d, now) => (d.didOpen ??= now));
      },
      onDiagnostics: (uri) => {
        if (this.client !== client) return;
        // Partial diagnostics are shown, but the check is not done: no all-clear from them.
        if (this.partial.delete(uri.toString())) return void this.markDoc(uri, (d, now) => (d.partial ??= now));
        this.markDoc(uri, (d, now) => (d.complete ??= now));
        this.checked.add(uri.toString());
        this.checkedDoc.fire(uri);
      },
    });
    this.client = client;
    this.partial = new Set();
    this.startup.clientStart ??= performance.now();
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
    try {
      await client.start();
      this.startup.clientReady ??= performance.now();
      const info = client.initializeResult?.serverInfo;
      this.output.appendLine(`[client] ${info?.name ?? 'the language server'} ${info?.version ?? ''} ready in ${Date.now() - started} ms`);
      this.set({ kind: 'ready' });
      // Once started, so what starting compiled is cached too; off the start's path.
      setImmediate(() => loaded.save());
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
        this.processes.stopped();
      }
      this.output.appendLine(`[client] the language server stopped (${reason})`);
    }
    this.set({ kind: 'stopped', reason });
  }
}
