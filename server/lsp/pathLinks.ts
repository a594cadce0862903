import { readdirSync, statSync } from 'node:fs';
import type { DocumentLink, Location } from 'vscode-languageserver';
import { isMutableSource, resolveFromPipeline } from '../backend/data/sourcePath.js';
import { BLOCKS } from '../mlpipe/language/blocks.js';
import type { Block, StringLit } from '../mlpipe/syntax/ast.js';
import type { DocAnalysis } from './analyses.js';
import { pathToUri } from './paths.js';

/** A path written in the pipeline (the quoted string) and the file it names. */
interface WrittenFile {
  value: StringLit;
  file: string;
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * Every string written where the catalogue takes a path (`kind: 'path'`: a data block's
 * `source`, the environment's `lockfile`) that names an existing file, resolved as the checker
 * and the engine resolve it (against the pipeline's folder). URLs and globs name no one file.
 */
function writtenFiles(a: DocAnalysis): WrittenFile[] {
  const out: WrittenFile[] = [];
  for (const s of a.file.statements) {
    if (s.kind !== 'Block') continue;
    const spec = BLOCKS[(s as Block).type.name];
    for (const e of (s as Block).entries) {
      if (e.kind !== 'Attribute' || e.value.kind !== 'String' || isMutableSource(e.value.value)) continue;
      if (spec?.attributes.find((x) => x.name === e.name.name)?.kind !== 'path') continue;
      const file = resolveFromPipeline(a.path, e.value.value);
      if (isFile(file)) out.push({ value: e.value, file });
    }
  }
  return out;
}

/** The path strings as links to their files (the text between the quotes is the link). */
export function pathLinksOf(a: DocAnalysis): DocumentLink[] {
  return writtenFiles(a).map(({ value, file }) => ({ range: a.lines.range(value.start + 1, Math.max(value.start + 1, value.end - 1)), target: pathToUri(file) }));
}

/** Go to definition on a path string: the file it names, at its start. */
export function pathDefinitionAt(a: DocAnalysis, offset: number): Location | null {
  const hit = writtenFiles(a).find(({ value }) => offset >= value.start && offset <= value.end);
  return hit ? { uri: pathToUri(hit.file), range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } } : null;
}

/** An entry of a folder a path string is being typed in. */
export interface FolderEntry {
  name: string;
  folder: boolean;
}

/**
 * The entries of the folder a path typed so far is in (`data/cu` → the pipeline's `data/`),
 * folders first, each group by name (code units: the same order on every machine), hidden ones
 * (the run store `.mlpipe`) and `node_modules` left out; undefined when it cannot be listed.
 */
export function folderEntries(pipelinePath: string, writtenFolder: string): FolderEntry[] | undefined {
  if (isMutableSource(writtenFolder)) return undefined;
  try {
    return readdirSync(resolveFromPipeline(pipelinePath, writtenFolder === '' ? '.' : writtenFolder), { withFileTypes: true })
      .filter((e) => !e.name.startsWith('.') && e.name !== 'node_modules')
      .flatMap((e) => {
        if (e.isDirectory()) return [{ name: e.name, folder: true }];
        // A link is taken as a file: a data file is often a link into a shared store.
        return e.isFile() || e.isSymbolicLink() ? [{ name: e.name, folder: false }] : [];
      })
      .sort((x, y) => (x.folder !== y.folder ? (x.folder ? -1 : 1) : x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
  } catch {
    return undefined;
  }
}
