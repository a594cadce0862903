/**
 * The messages between the serving thread and a history thread (`historyThread.ts`), which reads
 * one changed history file and indexes it. Both ends are this process's own code, so a
 * discriminated union checked by the compiler types them.
 */
import type { FeaturePlan, TableIndex } from '../../mlpipe/features/index.js';
import type { HistoryFile } from './historyFile.js';

export interface HistoryThreadData {
  file: Pick<HistoryFile, 'table' | 'source' | 'path' | 'format'>;
  /** The pipeline's path, for the loader's message. */
  pipelineFile: string;
  /** The served plan with only the windows that read this table. */
  plan: FeaturePlan;
}

/** History thread → serving thread: one message, then the thread ends. */
export type FromHistoryThread =
  /** The index's typed arrays are transferred, not copied. */
  | { type: 'indexed'; rows: number; index: TableIndex }
  /** The loader's or the index's reason, first line. */
  | { type: 'failed'; message: string };
