import { existsSync, watch, type FSWatcher } from 'node:fs';
import { join } from 'node:path';
import { findProjectRoot } from '../pipeline/projectRoot.js';
import { openRegistry, type Registry } from '../registry/registry.js';
import { DB_DIR, openStore, type Store } from '../tracking/store.js';

/**
 * The run stores the backend has opened, one per project root, kept open between requests.
 * Each is watched so that runs made elsewhere (the CLI, another window) reach the views:
 * `onExternalChange(root)` fires, debounced, unless the backend itself is writing there.
 */
export class Stores {
  private readonly open = new Map<string, { store: Store; registry: Registry; watcher?: FSWatcher; timer?: NodeJS.Timeout }>();

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
    if (!entry) {
      const store = openStore(root);
      entry = { store, registry: openRegistry(store) };
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
    for (const { store, watcher, timer } of this.open.values()) {
      clearTimeout(timer);
      watcher?.close();
      store.close();
    }
    this.open.clear();
  }
}
