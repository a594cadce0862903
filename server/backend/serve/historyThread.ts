/**
 * A history thread: reads one changed history file and builds its window index, so that the
 * whole read, parse and sort (tens to hundreds of milliseconds on a large file) runs beside the
 * serving thread instead of holding its requests. The serving thread only swaps the result in.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { buildHistoryIndex } from '../../mlpipe/features/index.js';
import type { TableIndex } from '../../mlpipe/features/index.js';
import { loadHistoryTable } from './historyFile.js';
import type { FromHistoryThread, HistoryThreadData } from './historyMessages.js';

const data = workerData as HistoryThreadData;
const port = parentPort!;

/** Each typed array's buffer once (a buffer listed twice cannot be transferred). */
function buffers(index: TableIndex): ArrayBuffer[] {
  const arrays = [index.start, index.end, index.times];
  for (const c of index.columns.values()) arrays.push(...[c.count, c.sum, c.abs, c.sorted, c.min, c.max].filter((a) => a !== undefined));
  return [...new Set(arrays.map((a) => a.buffer as ArrayBuffer))];
}

async function indexed(): Promise<FromHistoryThread> {
  const name = data.file.table;
  const table = await loadHistoryTable(data.file, data.pipelineFile, data.plan);
  // Times read as the server read them at start (the engine's default parser).
  const index = buildHistoryIndex(data.plan, { tables: new Map([[name, table]]) }).tables.get(name)!;
  return { type: 'indexed', rows: table.rowCount, index };
}

indexed().then(
  (m) => port.postMessage(m, m.type === 'indexed' ? buffers(m.index) : []),
  (e: unknown) => port.postMessage({ type: 'failed', message: (e instanceof Error ? e.message : String(e)).split('\n')[0] } satisfies FromHistoryThread),
);
