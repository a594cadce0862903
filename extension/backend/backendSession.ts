import { spawn, type ChildProcess } from 'node:child_process';
import * as vscode from 'vscode';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import type { BackendEvent, HelloResult } from '../../server/protocol/backend.js';
import { CrashPolicy } from '../crashPolicy.js';
import { Scope } from '../scope.js';
import { afterNodePathChange, nodeCandidates, unfit } from './nodeRuntime.js';
import { BackendRpc } from './rpcClient.js';
import { nodePathSetting } from '../settings.js';

export type BackendState =
  | { kind: 'starting' }
  | { kind: 'ready'; rpc: BackendRpc; hello: HelloResult; node: string }
  | { kind: 'stopped'; reason: string };

const HELLO_TIMEOUT_MS = 20_000;

interface Started {
  rpc: BackendRpc;
  child: ChildProcess;
  hello: HelloResult;
  scope: Scope;
}

/**
 * The backend process's lifetime: find a Node that fits the installed native modules, start
 * `dist/backend.js` on it, restart it after a crash with backoff (and say why), and stop it.
 * Views and commands follow `onDidChangeState` and `onEvent`.
 */
export class BackendSession implements vscode.Disposable {
  private current: BackendState = { kind: 'stopped', reason: 'not started yet' };
  private running: Started | undefined;
  private readonly crashes = new CrashPolicy();
  private readonly stateChanged = new vscode.EventEmitter<BackendState>();
  private readonly events = new vscode.EventEmitter<BackendEvent>();
  private queue: Promise<unknown> = Promise.resolve();
  private retry: NodeJS.Timeout | undefined;
  private disposed = false;
  private startedOnce = false;
  private readonly settingWatch: vscode.Disposable;

  readonly onDidChangeState = this.stateChanged.event;
  readonly onEvent = this.events.event;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly output: vscode.OutputChannel,
  ) {
    // The Node is chosen at start: a change is applied (a backend that gave up starts again) or
    // said to need a restart, never silently ignored until the next window.
    this.settingWatch = vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('mlpipe.nodePath') && void this.nodePathChanged());
  }

  get state(): BackendState {
    return this.current;
  }

  start(): Promise<void> {
    return this.enqueue(() => this.doStart());
  }

  restart(): Promise<void> {
    return this.enqueue(async () => {
      this.output.appendLine('[backend] restarting');
      this.crashes.reset();
      await this.doStop('the backend was restarted (mlpipe: Restart Backend)');
      await this.doStart();
    });
  }

  stop(reason: string): Promise<void> {
    return this.enqueue(() => this.doStop(reason));
  }

  dispose(): void {
    this.disposed = true;
    this.settingWatch.dispose();
    clearTimeout(this.retry);
    this.retry = undefined;
    void this.doStop('the extension was deactivated');
    this.stateChanged.dispose();
    this.events.dispose();
  }

  private enqueue(step: () => Promise<void>): Promise<void> {
    const next = this.queue.then(step, step);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private set(state: BackendState): void {
    this.current = state;
    if (!this.disposed) this.stateChanged.fire(state);
  }

  private async nodePathChanged(): Promise<void> {
    const s = this.current;
    const setting = nodePathSetting();
    const next = afterNodePathChange({ kind: s.kind, node: s.kind === 'ready' ? s.node : undefined, started: this.startedOnce, retrying: this.retry !== undefined }, setting);
    this.output.appendLine(`[backend] 'mlpipe.nodePath' changed to '${setting ?? ''}': ${next.do === 'start' ? 'starting the backend on it' : next.do === 'offerRestart' ? 'used at the next restart' : 'read at the next start'}`);
    if (next.do === 'start') {
      // A fresh choice of Node: the crashes counted against the old one do not count.
      this.crashes.reset();
      return this.start();
    }
    if (next.do !== 'offerRestart') return;
    if ((await vscode.window.showInformationMessage(next.text, 'Restart Backend')) === 'Restart Backend') await this.restart();
  }

  private async doStart(): Promise<void> {
    clearTimeout(this.retry);
    this.retry = undefined;
    this.startedOnce = true;
    if (this.running) return;
    this.set({ kind: 'starting' });
    const setting = nodePathSetting();
    const candidates = nodeCandidates(setting);
    if (!candidates.length) {
      return this.gaveUp(
        setting ? `'mlpipe.nodePath' is '${setting}', which does not run` : `no 'node' on PATH: install Node 20 or later, or set 'mlpipe.nodePath' to one`,
      );
    }
    const refusals: string[] = [];
    for (const node of candidates) {
      let started: Started;
      try {
        started = await this.launch(node);
      } catch (e) {
        refusals.push(`${node}: ${e instanceof Error ? e.message : String(e)}`);
        this.output.appendLine(`[backend] not using ${refusals[refusals.length - 1]}`);
        continue;
      }
      const why = unfit(started.hello);
      if (why) {
        refusals.push(`${node}: ${why}`);
        this.output.appendLine(`[backend] not using ${refusals[refusals.length - 1]}`);
        this.kill(started);
        continue;
      }
      this.running = started;
      this.output.appendLine(`[backend] ready on ${node} (Node ${started.hello.node}, pid ${started.hello.pid})`);
      this.set({ kind: 'ready', rpc: started.rpc, hello: started.hello, node });
      return;
    }
    const hint = setting ? `fix 'mlpipe.nodePath'` : `install the Node it names, or set 'mlpipe.nodePath' to one`;
    this.gaveUp(`no Node fits the backend (${refusals.map((r) => r.split(': ').slice(1).join(': ')).join(' | ')}): ${hint}`);
  }

  private gaveUp(reason: string): void {
    this.output.appendLine(`[backend] not started: ${reason}`);
    this.set({ kind: 'stopped', reason });
  }

  /** Starts one backend on `node` and says hello; rejects when it does not answer. */
  private launch(node: string): Promise<Started> {
    const scope = new Scope();
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? this.context.extensionPath;
    const child = spawn(node, [this.context.asAbsolutePath('dist/backend.js')], {
      cwd: folder,
      env: { ...process.env, MLPIPE_VERSION: String(this.context.extension.packageJSON.version), ELECTRON_RUN_AS_NODE: undefined },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    const rpc = new BackendRpc(connection);
    scope.add({ dispose: () => connection.dispose() });
    let tail = '';
    child.stderr.on('data', (d: Buffer) => {
      const text = d.toString();
      tail = (tail + text).slice(-2000);
      for (const line of text.split('\n')) if (line.trim()) this.output.appendLine(line.startsWith('[backend]') ? line : `[backend] ${line}`);
    });
    scope.add(rpc.onEvent((e) => this.events.fire(e)));
    connection.listen();
    return new Promise<Started>((resolve, reject) => {
      const fail = (why: string) => {
        clearTimeout(timer);
        scope.dispose();
        if (child.exitCode === null) child.kill();
        reject(new Error(why));
      };
      const timer = setTimeout(() => fail(`no answer within ${HELLO_TIMEOUT_MS / 1000} s`), HELLO_TIMEOUT_MS);
      child.once('error', (e: NodeJS.ErrnoException) => fail(e.code === 'ENOENT' ? 'not found' : e.message));
      child.once('exit', (code, signal) => fail(`exited with ${code ?? signal} before answering${tail ? `: ${tail.trim().split('\n').pop()}` : ''}`));
      rpc.request('mlpipe/hello', {}).then(
        (hello) => {
          clearTimeout(timer);
          child.removeAllListeners('exit');
          child.removeAllListeners('error');
          const started: Started = { rpc, child, hello, scope };
          child.once('exit', (code, signal) => this.exited(started, code, signal));
          resolve(started);
        },
        (e: Error) => fail(e.message),
      );
    });
  }

  private exited(started: Started, code: number | null, signal: NodeJS.Signals | null): void {
    started.scope.dispose();
    if (this.running !== started) return; // stopped on purpose
    this.running = undefined;
    const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
    if (this.disposed) return;
    const decision = this.crashes.crashed();
    if (!decision.restart) {
      this.gaveUp(`the backend ${how} ${this.crashes.describe()}; run 'mlpipe: Restart Backend' once the cause above is fixed`);
      return;
    }
    const wait = decision.delayMs;
    const reason = `the backend ${how}; restarting in ${wait / 1000} s`;
    this.output.appendLine(`[backend] ${reason} (its last output is above)`);
    this.set({ kind: 'stopped', reason });
    this.retry = setTimeout(() => void this.start(), wait);
  }

  private kill(started: Started): void {
    started.scope.dispose();
    started.child.stdin?.end();
    if (started.child.exitCode === null) started.child.kill();
  }

  private async doStop(reason: string): Promise<void> {
    clearTimeout(this.retry);
    this.retry = undefined;
    const started = this.running;
    this.running = undefined;
    if (started) {
      const exited = new Promise<void>((r) => (started.child.exitCode !== null ? r() : started.child.once('exit', () => r())));
      this.kill(started);
      await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
    }
    this.set({ kind: 'stopped', reason });
  }
}
