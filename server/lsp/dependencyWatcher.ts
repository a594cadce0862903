import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * Which open pipelines depend on which files (data sources, lockfiles), and a file-system
 * watch on each dependency's folder. Folders, not files, are watched: editors and scripts
 * often replace a file (write-and-rename), which ends a watch on the file itself.
 */
export class DependencyWatcher {
  private readonly byUri = new Map<string, Set<string>>();
  private readonly dirs = new Map<string, { watcher: FSWatcher; names: Set<string> }>();

  constructor(
    private readonly onChange: (path: string) => void,
    private readonly useFsWatch = true,
  ) {}

  /** Sets a document's dependencies; returns true when the set of all dependencies changed. */
  update(uri: string, paths: string[]): boolean {
    const before = this.allPaths();
    this.byUri.set(uri, new Set(paths));
    return this.sync(before);
  }

  remove(uri: string): boolean {
    const before = this.allPaths();
    this.byUri.delete(uri);
    return this.sync(before);
  }

  /** Documents that depend on a path. */
  dependents(path: string): string[] {
    return [...this.byUri].filter(([, deps]) => deps.has(path)).map(([uri]) => uri);
  }

  allPaths(): Set<string> {
    const all = new Set<string>();
    for (const deps of this.byUri.values()) for (const p of deps) all.add(p);
    return all;
  }

  dispose(): void {
    for (const d of this.dirs.values()) d.watcher.close();
    this.dirs.clear();
    this.byUri.clear();
  }

  private sync(before: Set<string>): boolean {
    const after = this.allPaths();
    const changed = before.size !== after.size || [...after].some((p) => !before.has(p));
    if (!changed || !this.useFsWatch) return changed;
    const wanted = new Map<string, Set<string>>();
    for (const p of after) {
      const dir = dirname(p);
      if (!wanted.has(dir)) wanted.set(dir, new Set());
      wanted.get(dir)!.add(basename(p));
    }
    for (const [dir, d] of this.dirs)
      if (!wanted.has(dir)) {
        d.watcher.close();
        this.dirs.delete(dir);
      }
    for (const [dir, names] of wanted) {
      const have = this.dirs.get(dir);
      if (have) {
        have.names = names;
        continue;
      }
      try {
        const entry = { names, watcher: undefined as unknown as FSWatcher };
        entry.watcher = watch(dir, { persistent: false }, (_event, file) => {
          const name = file?.toString();
          if (name && entry.names.has(name)) this.onChange(join(dir, name));
          // Some platforms omit the name: every dependency in the folder may have changed.
          if (!name) for (const n of entry.names) this.onChange(join(dir, n));
        });
        entry.watcher.on('error', () => {
          entry.watcher.close();
          this.dirs.delete(dir);
        });
        this.dirs.set(dir, entry);
      } catch {
        // A folder that does not exist yet: the client's watcher (if any) still reports it.
      }
    }
    return changed;
  }
}
