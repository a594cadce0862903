import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { resolve } from 'node:path';

const living = new Set<Child>();

/** Kills every child still running; call from `after()` so a failed test leaves no process behind. */
export function killChildren(): void {
  for (const c of living) c.kill9();
}

/** A TypeScript child run with `node --import tsx`, whose stdout lines can be awaited. */
export class Child {
  readonly proc: ChildProcess;
  readonly lines: string[] = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stderr = '';
  private waiters: Array<{ match: (line: string) => boolean; resolve: (line: string) => void }> = [];

  constructor(script: string, args: string[]) {
    this.proc = spawn(process.execPath, ['--import', 'tsx', resolve(__dirname, 'children', script), ...args], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    living.add(this);
    this.proc.on('exit', () => living.delete(this));
    this.proc.stderr!.on('data', (d: Buffer) => (this.stderr += d.toString()));
    const closed = new Promise<void>((done) => {
      createInterface({ input: this.proc.stdout! })
        .on('line', (line) => {
          this.lines.push(line);
          for (const w of this.waiters.filter((w) => w.match(line))) {
            this.waiters.splice(this.waiters.indexOf(w), 1);
            w.resolve(line);
          }
        })
        .on('close', done);
    });
    const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
      this.proc.on('exit', (code, signal) => done({ code, signal })),
    );
    // Resolve only once stdout is drained too, so `lines` is complete.
    this.exited = Promise.all([exit, closed]).then(([e]) => e);
  }

  /** The first line (already seen or still to come) that matches; rejects if the child exits first. */
  waitFor(match: (line: string) => boolean): Promise<string> {
    const seen = this.lines.find(match);
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise((resolveLine, reject) => {
      this.waiters.push({ match, resolve: resolveLine });
      void this.exited.then(({ code, signal }) =>
        reject(new Error(`child exited (code ${code}, signal ${signal}) before the awaited line; stderr:\n${this.stderr}`)),
      );
    });
  }

  /** Writes `text` to the child's stdin and closes it. */
  sendAndClose(text: string): void {
    this.proc.stdin!.end(text);
  }

  kill9(): void {
    this.proc.kill('SIGKILL');
  }
}
