import { existsSync, statSync, watch, type FSWatcher } from 'node:fs';
import { join } from 'node:path';
import { findProjectRoot } from '../pipeline/projectRoot.js';
import { openRegistry, type Registry } from '../registry/registry.js';
import { DB_DIR, openStore, type Store } from '../tracking/store.js';

type Entry = { store: Store; registry: Registry; file: { dev: number; ino: number } | undefined; watcher?: FSWatcher; timer?: NodeJS.Timeout };

/** The identity of the file a store has open, to tell it from a new file at the same path. */
function fileId(path: string): Entry['file'] {
  const s = statSync(path, { throwIfNoEntry: false });
  return s && { dev: s.dev, ino: s.ino };
}

/**
 * The run stores the backend has opened, one per project root, kept open between requests.
 * Each is watched so that runs made elsewhere (the CLI, another window) reach the views:
 * `onExternalChange(root)` fires, debounced, unless the backend itself is writing there.
 * A store whose file was removed or replaced since it was opened (`rm -rf .mlpipe`, then a run)
 * is opened again: the open handle would keep answering from the deleted file, so the views
 * showed the removed runs and never the new ones.
 */
export class Stores {
  private readonly open = new Map<string, Entry>();

  constructor(
    private readonly onExternalChange: (root: string) => void,
    private readonly busy: (root: string) => boolean,
    private readonly debounceMs = 300,
  ) {}

  rootOf(folder: string): string {
    return findProjectRoot(folder);
  }

  get(folder: string): { root: string; store: Store; registry: Registry } {
    const root = this.rootOf(folder);
    let entry = this.open.get(root);
    if (entry && !sameFile(entry.file, fileId(entry.store.file))) {
      this.drop(entry);
      this.open.delete(root);
      entry = undefined;
    }
    if (!entry) {
      const store = openStore(root);
      entry = { store, registry: openRegistry(store), file: fileId(store.file) };
      this.open.set(root, entry);
      this.watch(root);
    }
    return { root, store: entry.store, registry: entry.registry };
  }

  /** Starts watching a root whose `.mlpipe/` appeared after it was first opened (a first run). */
  watch(root: string): void {
    const entry = this.open.get(root);
    const dir = join(root, DB_DIR);
    if (!entry || entry.watcher || !existsSync(dir)) return;
    try {
      entry.watcher = watch(dir, () => {
        if (this.busy(root)) return;
        clearTimeout(entry.timer);
        entry.timer = setTimeout(() => this.onExternalChange(root), this.debounceMs);
      });
      entry.watcher.on('error', () => entry.watcher?.close());
    } catch {
      // Watching is a convenience: without it the views refresh on the backend's own events.
    }
  }

  close(): void {
    for (const entry of this.open.values()) this.drop(entry);
    this.open.clear();
  }

  private drop({ store, watcher, timer }: Entry): void {
    clearTimeout(timer);
    watcher?.close();
    store.close();
  }
}

function sameFile(a: Entry['file'], b: Entry['file']): boolean {
  return a !== undefined && b !== undefined && a.dev === b.dev && a.ino === b.ino;
}
