/**
 * A running server's history tables follow their files: rows appended to (or a file replaced
 * under) a history source are read again and the served index swapped whole, so its windows
 * answer as `mlpipe score` would on the file as it is now. The file is read and indexed in a
 * worker thread (`historyThread.ts`); the serving thread only swaps the result in. A file that
 * cannot be read keeps the last good content serving, and the next change of it is tried again.
 */
import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import type { FeaturePlan, TableIndex } from '../../mlpipe/features/index.js';
import type { HistoryHealth } from '../../protocol/serving.js';
import { startWorkerThread } from '../workerThread.js';
import { fileSignature, type HistoryFile } from './historyFile.js';
import type { FromHistoryThread, HistoryThreadData } from './historyMessages.js';
import type { ServedModel } from './served.js';

export interface ReloadOptions {
  /** Wait after a file's first change before it is read: a writer's burst is read once. */
  debounceMs?: number;
  /** How often every file is stat'ed, for changes a watcher missed (network folders, a lost watch). */
  pollMs?: number;
}

interface Followed {
  file: HistoryFile;
  /** Signature of the content last read or tried: equal on a later stat, nothing to do. */
  seen: string;
  health: HistoryHealth;
  wait: NodeJS.Timeout | null;
  /** performance.now() before which it is not read again (see `reload`). */
  notBefore: number;
  running: boolean;
  again: boolean;
}

export class HistoryReloader {
  private readonly followed: Followed[];
  private readonly watchers: FSWatcher[] = [];
  /** History threads reading now: ended by `close`. */
  private readonly threads = new Set<Worker>();
  private readonly poll: NodeJS.Timeout | null;
  private readonly debounceMs: number;
  private closed = false;

  constructor(
    private readonly served: ServedModel,
    private readonly say: (line: string) => void,
    opts: ReloadOptions = {},
  ) {
    this.debounceMs = opts.debounceMs ?? 100;
    const at = new Date().toISOString();
    this.followed = served.historyFiles.map((file) => ({
      file,
      seen: file.signature,
      health: { table: file.table, source: file.source, rows: file.rows, loadedAt: at, lastError: null },
      wait: null,
      notBefore: 0,
      running: false,
      again: false,
    }));
    // The folder, not the file: a file replaced by a rename is a new inode a file watch misses.
    for (const dir of new Set(this.followed.map((f) => dirname(f.file.path)))) {
      try {
        const w = watch(dir, { persistent: false }, (_event, name) => {
          for (const f of this.followed) if (dirname(f.file.path) === dir && (name === null || name === basename(f.file.path))) this.schedule(f);
        });
        // A folder removed or unwatchable later: the poll below still sees its files.
        w.on('error', () => w.close());
        this.watchers.push(w);
      } catch {
        // No watch here (inotify limits, a missing folder): the poll alone.
      }
    }
    this.poll = this.followed.length
      ? setInterval(() => {
          for (const f of this.followed) if (!f.running && f.wait === null && fileSignature(f.file.path) !== f.seen) this.schedule(f);
        }, opts.pollMs ?? 1000).unref()
      : null;
  }

  /** Each history table's state, as `/health` reports it. */
  get health(): HistoryHealth[] {
    return this.followed.map((f) => ({ ...f.health }));
  }

  close(): void {
    this.closed = true;
    for (const w of this.watchers) w.close();
    if (this.poll) clearInterval(this.poll);
    for (const f of this.followed) if (f.wait) clearTimeout(f.wait);
    for (const t of this.threads) void t.terminate();
  }

  /** One table read and indexed in a history thread: its row count and index, or its reason. */
  private indexInThread(f: Followed): Promise<{ rows: number; index: TableIndex }> {
    const name = f.file.table;
    const plan = this.served.run.plan;
    // Only what the index reads: the windows over this table, and the tables' keys.
    const only: FeaturePlan = { nodes: plan.nodes.filter((n) => n.kind === 'window' && n.table === name), outputs: [], features: new Map(), primary: plan.primary, histories: new Map([[name, plan.histories.get(name)!]]) };
    const data: HistoryThreadData = { file: { table: name, source: f.file.source, path: f.file.path, format: f.file.format }, pipelineFile: this.served.file, plan: only };
    return new Promise((resolve, reject) => {
      const thread = startWorkerThread({ bundle: 'historyWorker.js', source: join(__dirname, 'historyThread.ts') }, { workerData: data });
      this.threads.add(thread);
      thread.once('message', (m: FromHistoryThread) => (m.type === 'indexed' ? resolve(m) : reject(new Error(m.message))));
      thread.once('error', reject);
      // Settles nothing once a message came; otherwise a thread that died without one (out of memory).
      thread.once('exit', (code) => {
        this.threads.delete(thread);
        reject(new Error(`the thread reading it stopped (exit code ${code})`));
      });
    });
  }

  private schedule(f: Followed): void {
    if (this.closed) return;
    if (f.running) {
      f.again = true;
      return;
    }
    // Not pushed back by later events: a file appended to without pause is still read.
    if (f.wait) return;
    f.wait = setTimeout(
      () => {
        f.wait = null;
        void this.reload(f);
      },
      Math.max(this.debounceMs, f.notBefore - performance.now()),
    );
  }

  private async reload(f: Followed): Promise<void> {
    const signature = fileSignature(f.file.path);
    if (signature === f.seen || this.closed) return;
    f.seen = signature;
    f.running = true;
    const startedAt = performance.now();
    const name = f.file.table;
    try {
      const { rows, index } = await this.indexInThread(f);
      if (this.closed) return;
      const tables = new Map(this.served.history.tables);
      tables.set(name, index);
      // One assignment: a request reads `served.history` synchronously, so it sees all old or all new.
      this.served.history = { ...this.served.history, tables };
      f.health = { ...f.health, rows, loadedAt: new Date().toISOString(), lastError: null };
      this.say(`history table '${name}' reloaded from ${f.file.source}: ${rows} rows`);
    } catch (e) {
      // A thread ended by `close`: nothing to report to a server that has stopped.
      if (this.closed) return;
      const message = (e as Error).message.split('\n')[0];
      f.health = { ...f.health, lastError: message };
      // The loader's reason already names the table (as `mlpipe serve` says it at start).
      const reason = message.startsWith(`history table '${name}'`) ? message : `history table '${name}': ${message}`;
      this.say(`${reason}; not reloaded, still serving the ${f.health.rows} rows read at ${f.health.loadedAt}`);
    } finally {
      // Each read is the whole file: one appended to all the time is read at most half the time.
      const now = performance.now();
      f.notBefore = now + (now - startedAt);
      f.running = false;
      if (f.again) {
        f.again = false;
        this.schedule(f);
      }
    }
  }
}
