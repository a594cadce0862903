import { readdir, stat } from 'node:fs/promises';
import { readPipelineFile } from '../backend/check/pipelineFile.js';
import { join, sep } from 'node:path';
import type { SymbolInformation } from 'vscode-languageserver';
import { bind } from '../mlpipe/binder.js';
import { LineMap, parse } from '../mlpipe/index.js';
import { pathToUri } from './paths.js';
import { PositionCodec, type PositionEncoding } from './positionEncoding.js';
import { namedSymbols } from './symbols.js';
import { isPipelinePath } from '../protocol/language.js';

const SKIP = new Set(['node_modules', '.git', 'dist', 'out', '.venv', 'venv', '__pycache__', '.vscode-test']);

/** Kernel and device file systems, reached from a root of '/': no pipelines, and some reads block. */
const SKIP_PATHS = new Set(['/proc', '/sys', '/dev']);

/**
 * The most folders one scan reads. A client without a project root sends its current folder
 * (Helix: often `$HOME`) or `/`, and the walk of a whole home or disk took minutes of disk and
 * CPU, with `workspace/symbol` waiting on it.
 */
export const MAX_SCAN_FOLDERS = 20_000;

const MAX_DEPTH = 12;

/**
 * Pipeline files a scan reads at once. All at once, a workspace of more pipelines than the
 * process may hold descriptors (1,024 by default; 300 under `ulimit -n 64` left 272 out) had
 * the reads past the limit fail with EMFILE, and those files were missing from
 * `workspace/symbol` without a word.
 */
const READS_AT_ONCE = 16;

export interface ScanResult {
  /** Pipeline files found and indexed. */
  files: number;
  /** Folders read. */
  folders: number;
  /** The workspace folders with folders left unread when the bound stopped the scan. */
  cut: string[];
}

/** The log line of a scan the bound stopped; undefined when it read everything. */
export function scanCutMessage(result: ScanResult, bound: number): string | undefined {
  if (!result.cut.length) return undefined;
  return `mlpipe: the workspace index stopped after ${result.folders} folders (at most ${bound} per scan) in ${result.cut.join(', ')}: workspace/symbol covers the pipelines of the folders read and the open documents`;
}

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
  /** Each indexed file's size and mtime when it was read (`refresh` reads again a file whose stamp moved). */
  private readonly stamps = new Map<string, string>();
  /** The client's position encoding (set at 'initialize'): a closed file's text is not kept, so its symbols are stored in it. */
  encoding: PositionEncoding = 'utf-16';

  /** `maxFolders`: the most folders one scan reads (tests make it small). */
  constructor(readonly maxFolders = MAX_SCAN_FOLDERS) {}

  /**
   * Finds every .mlpipe file under the folders (skipping dependency and build folders) and
   * indexes it, reading at most `maxFolders` folders. Breadth first, so a bounded walk of a home
   * reads its shallow folders (the projects) before one deep tree uses the bound up; the queue
   * never holds more than the bound, however wide a tree is. `onlyNew`: reads only the files not
   * indexed yet (`refresh`).
   */
  async scan(folders: string[], onlyNew = false): Promise<ScanResult> {
    const found: string[] = [];
    const queue = folders.map((dir) => ({ dir, depth: 0, root: dir }));
    const cut = new Set<string>();
    let read = 0;
    for (let i = 0; i < queue.length; i++) {
      const { dir, depth, root } = queue[i]!;
      if (SKIP_PATHS.has(dir)) continue;
      read++;
      let entries;
      try {
        entries = await readdir(dir, { withFileTypes: true });
      } catch {
        continue;
      }
      for (const e of entries) {
        if (e.isDirectory()) {
          const path = join(dir, e.name);
          if (depth === MAX_DEPTH || SKIP.has(e.name) || e.name.startsWith('.') || SKIP_PATHS.has(path)) continue;
          if (queue.length < this.maxFolders) queue.push({ dir: path, depth: depth + 1, root });
          else cut.add(root);
        } else if (e.isFile() && isPipelinePath(e.name)) found.push(join(dir, e.name));
      }
    }
    await this.readAll(found, onlyNew);
    return { files: found.length, folders: read, cut: [...cut] };
  }

  /**
   * Brings the index up to the disk, for a client that does not watch files for the server (no
   * `workspace/didChangeWatchedFiles` registration: Neovim 0.10+ on Linux, Helix before 24.07):
   * an indexed file gone is dropped, one whose size or mtime moved is read again, and the folders
   * are walked again for files not indexed yet. Reads only what changed: a walk of the folders
   * and a stat per indexed file.
   */
  async refresh(folders: string[]): Promise<ScanResult> {
    const indexed = [...this.files.keys()];
    const stale: string[] = [];
    let next = 0;
    const checker = async () => {
      while (next < indexed.length) {
        const path = indexed[next++]!;
        const now = await stampOf(path);
        if (now === undefined) this.remove(path);
        else if (now !== this.stamps.get(path)) stale.push(path);
      }
    };
    await Promise.all(Array.from({ length: Math.min(READS_AT_ONCE, indexed.length) }, checker));
    await this.readAll(stale);
    return this.scan(folders, true);
  }

  /** Indexes the files, `READS_AT_ONCE` at a time; with `onlyNew`, those not indexed already. */
  private async readAll(paths: string[], onlyNew = false): Promise<void> {
    const todo = onlyNew ? paths.filter((p) => !this.files.has(p)) : paths;
    let next = 0;
    const reader = async () => {
      while (next < todo.length) await this.indexFile(todo[next++]!);
    };
    await Promise.all(Array.from({ length: Math.min(READS_AT_ONCE, todo.length) }, reader));
  }

  /** Reads in flight: a workspace/symbol request waits for them (`settled`), so a file just closed is named. */
  private readonly pending = new Set<Promise<void>>();

  indexFile(path: string): Promise<void> {
    const read = (async () => {
      try {
        // Taken before the read: a write during it leaves the stamp behind, so the next refresh reads it again.
        const stamp = await stampOf(path);
        const text = await readPipelineFile(path);
        const file = parse(text);
        const lines = new LineMap(text);
        this.files.set(path, PositionCodec.of(text, this.encoding, lines).symbols(namedSymbols(pathToUri(path), bind(file), lines, file.pipeline?.name?.name)));
        if (stamp === undefined) this.stamps.delete(path);
        else this.stamps.set(path, stamp);
      } catch {
        this.remove(path);
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
    for (const path of [...this.files.keys()]) if (inFolders(path, removed) && !inFolders(path, kept)) this.remove(path);
  }

  remove(path: string): void {
    this.files.delete(path);
    this.stamps.delete(path);
  }

  /** Each indexed file's symbols, by its path. */
  symbols(): Map<string, SymbolInformation[]> {
    return this.files;
  }
}

/** A file's size and mtime, which a write changes; undefined when it is gone. */
async function stampOf(path: string): Promise<string | undefined> {
  try {
    const s = await stat(path);
    return `${s.size}:${s.mtimeMs}`;
  } catch {
    return undefined;
  }
}
