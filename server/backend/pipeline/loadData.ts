import { bareName, type Binding } from '../../mlpipe/binder.js';
import type { Table } from '../../mlpipe/data/table.js';
import { DATA_FORMATS, oneOf } from '../../mlpipe/language/keywords.js';
import { resolveFromPipeline } from '../check/checkDocument.js';
import { fileSignature } from '../data/fileCalls.js';
import type { HashCache } from '../data/hash.js';
import { DataError, loadTable } from '../data/load.js';
import { sourceVersion, type SourceVersion } from '../data/versions.js';
import { PipelineError } from './errors.js';
import { setOwn } from '../../mlpipe/ownKey.js';
import { interrupted, isAbort } from '../abort.js';

/**
 * Loads every table a pipeline names and the sha256 of the bytes read. With `expect`
 * (reproduce), a table whose file no longer has the recorded hash is refused. `signal` stops the
 * reads (an interrupted run): pass the same one to the hash cache (`HashCache.interruptible`).
 * `historyColumns`: the columns kept of each history table (the plan's `historyColumns`); the
 * primary table is always loaded whole.
 */
export async function loadPipelineData(
  binding: Binding,
  pipelinePath: string,
  hashes: HashCache,
  expect?: Record<string, string>,
  signal?: AbortSignal,
  historyColumns?: ReadonlyMap<string, ReadonlySet<string>>,
): Promise<{ tables: Map<string, Table>; dataVersions: Record<string, string> }> {
  const tables = new Map<string, Table>();
  const dataVersions: Record<string, string> = {};
  for (const [name, t] of binding.tables) {
    const path = resolveFromPipeline(pipelinePath, t.source!);
    const format = oneOf(DATA_FORMATS, bareName(t.attrs.get('format')?.value)?.name);
    // Read first: a folder or a missing file is a DataError naming the source, not a raw I/O error.
    const before = fileSignature(path);
    let table: Table;
    let version: SourceVersion;
    try {
      const columns = name === binding.primary?.name ? undefined : historyColumns?.get(name);
      table = await loadTable(name, path, { format, source: t.source, signal, columns });
      version = await sourceVersion(hashes, path, { source: t.source!, table: name }, expect?.[name] || undefined);
    } catch (e) {
      throw isAbort(e) ? interrupted(`while loading ${t.source} (table ${name})`) : e;
    }
    // The hash is read after the rows: a file written to meanwhile (a log still appended to) had
    // the run record the hash of bytes it never trained on, which a reproduction then asks for.
    if (fileSignature(path) !== before) throw new DataError({ file: t.source! }, 'the file changed while the run read it: run again when nothing is writing to it');
    if (version.mismatch) throw new PipelineError(version.mismatch);
    setOwn(dataVersions, name, version.hash);
    tables.set(name, table);
  }
  return { tables, dataVersions };
}
