/**
 * A history table's file, as the server reads it at start and again when it changes (in the
 * history worker thread): its signature and its loading, in one small module both threads import.
 */
import { basename } from 'node:path';
import { DataError } from '../../mlpipe/data/errors.js';
import type { Table } from '../../mlpipe/data/table.js';
import { loadTable } from '../data/load.js';
import { historyColumns, type FeaturePlan } from '../../mlpipe/features/index.js';
import { ServeError } from './serveError.js';
import type { DataFormat } from '../../mlpipe/language/keywords.js';

export { fileSignature } from '../data/fileCalls.js';

/** A history table's file as read at start: `signature` taken just before reading it. */
export interface HistoryFile {
  table: string;
  source: string;
  path: string;
  format: DataFormat | undefined;
  rows: number;
  signature: string;
}

/**
 * A history table's file as it is now, with only the columns the served plan's windows read
 * (`historyColumns`); throws ServeError naming the table, its source and path.
 */
export async function loadHistoryTable(h: Pick<HistoryFile, 'table' | 'source' | 'path' | 'format'>, pipelineFile: string, plan: FeaturePlan): Promise<Table> {
  try {
    return await loadTable(h.table, h.path, { format: h.format, source: h.source, columns: historyColumns(plan).get(h.table) });
  } catch (e) {
    // Its windows read the file's current content: say which table, and where it was looked for.
    if (!(e instanceof DataError)) throw e;
    const where = `history table '${h.table}' (source "${h.source}" of ${basename(pipelineFile)}, at ${h.path})`;
    throw new ServeError(e.message.endsWith(': no such file') ? `${where} is not there: the served model's windows read it` : `${where}: ${e.message}`);
  }
}
