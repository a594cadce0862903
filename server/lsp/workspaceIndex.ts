import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SymbolInformation } from 'vscode-languageserver';
import { bind } from '../mlpipe/binder.js';
import { LineMap, parse } from '../mlpipe/index.js';
import { pathToUri } from './paths.js';
import { namedSymbols } from './symbols.js';
import { pipelineText } from '../mlpipe/syntax/fileText.js';

const SKIP = new Set(['node_modules', '.git', 'dist', 'out', '.venv', 'venv', '__pycache__', '.vscode-test']);

/** Symbols of the .mlpipe files on disk in the workspace, so `workspace/symbol` finds closed files too. */
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

  async indexFile(path: string): Promise<void> {
    try {
      this.setText(pathToUri(path), pipelineText(await readFile(path, 'utf8')));
    } catch {
      this.files.delete(pathToUri(path));
    }
  }

  setText(uri: string, text: string): void {
    const file = parse(text);
    this.files.set(uri, namedSymbols(uri, bind(file), new LineMap(text), file.pipeline?.name?.name));
  }

  remove(uri: string): void {
    this.files.delete(uri);
  }

  symbols(): Map<string, SymbolInformation[]> {
    return this.files;
  }
}
