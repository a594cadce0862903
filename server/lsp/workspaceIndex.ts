import { readdir } from 'node:fs/promises';
import { readPipelineFile } from '../backend/check/pipelineFile.js';
import { join, sep } from 'node:path';
import type { SymbolInformation } from 'vscode-languageserver';
import { bind } from '../mlpipe/binder.js';
import { LineMap, parse } from '../mlpipe/index.js';
import { pathToUri } from './paths.js';
import { namedSymbols } from './symbols.js';

const SKIP = new Set(['node_modules', '.git', 'dist', 'out', '.venv', 'venv', '__pycache__', '.vscode-test']);

/** Whether a path is one of the folders or inside one. */
export function inFolders(path: string, folders: string[]): boolean {
  return folders.some((f) => path === f || path.startsWith(f.endsWith(sep) ? f : f + sep));
}

/**
 * Symbols of the .mlpipe files on disk in the workspace, so `workspace/symbol` finds closed files
 * too. Keyed by path, not URI: a client spells a file's URI its own way (VS Code writes
 * `file:///c%3A/…` and `%40` for '@', Node `file:///C:/…` and '@'), so an open document or a
 * watched-file event compared by URI missed the indexed copy of the same file.
 */
export class WorkspaceIndex {
  private readonly files = new Map<string, SymbolInformation[]>();

  /** Finds every .mlpipe file under the folders (skipping dependency and build folders) and indexes it. */
  async scan(folders: string[]): Promise<number> {
    const found: string[] = [];
    const visit = async (dir: string, depth: number): Promise<void> => {
      if (depth > 12) return;
      let entries;
      try {
        entries = await readdir(dir, { withFileTypes: true });
      } catch {
        return;
      }
      for (const e of entries) {
        if (e.isDirectory()) {
          if (!SKIP.has(e.name) && !e.name.startsWith('.')) await visit(join(dir, e.name), depth + 1);
        } else if (e.isFile() && e.name.endsWith('.mlpipe')) found.push(join(dir, e.name));
      }
    };
    for (const f of folders) await visit(f, 0);
    await Promise.all(found.map((p) => this.indexFile(p)));
    return found.length;
  }

  /** Reads in flight: a workspace/symbol request waits for them (`settled`), so a file just closed is named. */
  private readonly pending = new Set<Promise<void>>();

  indexFile(path: string): Promise<void> {
    const read = (async () => {
      try {
        const text = await readPipelineFile(path);
        const file = parse(text);
        this.files.set(path, namedSymbols(pathToUri(path), bind(file), new LineMap(text), file.pipeline?.name?.name));
      } catch {
        this.files.delete(path);
      }
    })();
    this.pending.add(read);
    return read.finally(() => this.pending.delete(read));
  }

  async settled(): Promise<void> {
    while (this.pending.size) await Promise.all(this.pending);
  }

  /**
   * Drops the files of workspace folders the client removed, except those still under a folder
   * it kept (nested folders): workspace/symbol answered with a removed folder's pipelines.
   */
  dropFolders(removed: string[], kept: string[]): void {
    for (const path of this.files.keys()) if (inFolders(path, removed) && !inFolders(path, kept)) this.files.delete(path);
  }

  remove(path: string): void {
    this.files.delete(path);
  }

  /** Each indexed file's symbols, by its path. */
  symbols(): Map<string, SymbolInformation[]> {
    return this.files;
  }
}
