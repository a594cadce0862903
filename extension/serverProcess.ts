import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';

/**
 * The language server's process, started by the extension itself rather than by the language
 * client, so that it can start at the very beginning of activation: node's own start and the
 * server's module load (measured in code-server on 2 cores: 300-700 ms under a busy window) then
 * run beside the extension's and the language client's bundle loads, instead of after them.
 * No vscode import: unit-tested as it is.
 */

/** The flags a debugged extension host gives the server (what vscode-languageclient's `debug` options were). */
export const DEBUG_EXEC_ARGV = ['--nolazy', '--inspect=6009'];

const INSPECT = /^--(inspect|inspect-brk|debug|debug-brk)(=|$)/;

/**
 * How to run the server: the extension host's own runtime (node, or Electron acting as node) on
 * `module` over stdio. Like vscode-languageclient's fork, it inherits none of the host's node
 * flags (heap size, inspector), only the inspector flags above when the host itself is being
 * debugged.
 */
export function serverCommand(
  module: string,
  host: { execPath: string; execArgv: readonly string[]; env: NodeJS.ProcessEnv } = process,
): { command: string; args: string[]; options: SpawnOptions } {
  const debug = host.execArgv.some((a) => INSPECT.test(a));
  return {
    command: host.execPath,
    args: [...(debug ? DEBUG_EXEC_ARGV : []), module, '--stdio'],
    // ELECTRON_RUN_AS_NODE: in desktop VS Code execPath is Electron, which then runs as node.
    options: { env: { ...host.env, ELECTRON_RUN_AS_NODE: '1', ELECTRON_NO_ASAR: '1' }, stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true },
  };
}

/**
 * Hands the language client a server process each time it asks (its first start, and each
 * restart after a crash): the one started ahead, once, then a fresh one per call. The early one
 * is handed over whatever its state: if it already failed, the client reads its output and its
 * exit as it would a fresh one's, and its crash policy decides.
 */
export class ServerProcesses {
  private early: ChildProcess | undefined;
  /** The last process handed to a client. */
  private current: ChildProcess | undefined;
  /** When the last process handed over was started (`performance.now()`). */
  startedAt: number | undefined;

  constructor(
    private readonly module: string,
    private readonly start: (module: string) => ChildProcess = (m) => {
      const c = serverCommand(m);
      return spawn(c.command, c.args, c.options);
    },
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Starts the server now, to be handed over by the next `take()`; at most one waits. */
  startEarly(): void {
    if (this.early) return;
    this.early = this.start(this.module);
    this.startedAt = this.now();
    // Its output waits in the pipes until the client reads it; an early failure (before any
    // client listens) must not throw in the extension host.
    this.early.on('error', () => undefined);
  }

  take(): ChildProcess {
    this.startEarly();
    const proc = this.early!;
    this.early = undefined;
    return (this.current = proc);
  }

  /** Resolves once the last stopped server process has exited. */
  lastExit: Promise<void> = Promise.resolve();

  /**
   * The client was stopped: a server asked to exit does so at once, one that did not is ended
   * after `graceMs` (vscode-languageclient does this for the processes it starts itself, not
   * for those it is handed). `lastExit` follows it.
   */
  stopped(graceMs = 2000): void {
    const proc = this.current;
    this.current = undefined;
    if (!proc || exited(proc)) {
      this.lastExit = Promise.resolve();
      return;
    }
    this.lastExit = new Promise((resolve) => proc.once('exit', () => resolve()));
    setTimeout(() => {
      if (!exited(proc)) proc.kill();
    }, graceMs).unref();
  }

  /** Ends a process started ahead that no client took (the extension stopped first). */
  dispose(): void {
    this.early?.kill();
    this.early = undefined;
  }
}

const exited = (p: ChildProcess) => p.exitCode !== null || p.signalCode !== null;
