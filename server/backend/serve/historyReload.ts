/**
 * A running server's history tables follow their files: rows appended to (or a file replaced
 * under) a history source are read again and the served index swapped whole, so its windows
 * answer as `mlpipe score` would on the file as it is now. A file that cannot be read keeps the
 * last good content serving, and the next change of it is tried again.
 */
import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';
import { buildHistoryIndex } from '../../mlpipe/features/index.js';
import type { HistoryHealth } from '../../protocol/serving.js';
import { fileSignature, loadHistoryTable, type HistoryFile, type ServedModel } from './served.js';

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
      const table = await loadHistoryTable(f.file, this.served.file);
      // The engine's own index of this table alone: the plan with only the windows that read it.
      const plan = this.served.run.plan;
      const one = buildHistoryIndex({ ...plan, nodes: plan.nodes.filter((n) => n.kind !== 'window' || n.table === name) }, { tables: new Map([[name, table]]), parseTime: this.served.history.parseTime });
      if (this.closed) return;
      const tables = new Map(this.served.history.tables);
      tables.set(name, one.tables.get(name)!);
      // One assignment: a request reads `served.history` synchronously, so it sees all old or all new.
      this.served.history = { ...this.served.history, tables };
      f.health = { ...f.health, rows: table.rowCount, loadedAt: new Date().toISOString(), lastError: null };
      this.say(`history table '${name}' reloaded from ${f.file.source}: ${table.rowCount} rows`);
    } catch (e) {
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
