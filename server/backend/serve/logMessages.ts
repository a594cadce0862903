/**
 * The messages between the serving thread and the prediction log's worker thread
 * (`logThread.ts`). Both ends are this process's own code, so a discriminated union checked by
 * the compiler types them; nothing from outside crosses this boundary.
 */
import type { DriftAlert, DriftReport } from '../../protocol/serving.js';
import type { MonitorSpec } from '../monitor/monitor.js';
import type { LogOptions } from './log.js';
import type { PackedBatch } from './logBatch.js';

export interface LogThreadData {
  root: string;
  options: LogOptions;
  monitor: MonitorSpec;
}

/** Serving thread → log thread. Requests with `ask` are answered by a `done` with the same number. */
export type ToLogThread =
  /** Its typed arrays are transferred: the serving thread starts a new batch. */
  | { type: 'batch'; batch: PackedBatch }
  | { type: 'alertAction'; id: number; action: string }
  /** No scheduled evaluation (and so no alert or retrain) from here on: the server is closing. */
  | { type: 'quiet' }
  | { type: 'flush'; ask: number }
  | { type: 'evaluate'; ask: number }
  | { type: 'feedback'; ask: number; labels: Array<{ id: string; label: string | number }> }
  | { type: 'close'; ask: number };

/** Log thread → serving thread. */
export type FromLogThread =
  /** After each committed (or failed) batch: the log's running totals. */
  | {
      type: 'written';
      n: number;
      written: number;
      dropped: number;
      lastError: string | null;
      flushSeconds: number;
      /** The buffer of the batch just written, transferred back for a later batch: fresh memory costs a page fault per 4 KiB touched. */
      spent?: ArrayBuffer;
    }
  /**
   * A scheduled evaluation recorded this alert (the row as committed, so that no one reads it
   * back on the serving thread); the serving thread decides what to do (retrain).
   */
  | { type: 'alert'; alert: DriftAlert }
  /** A scheduled evaluation's targets, for the metrics (its alerts stay on the log thread: a hundred of them cloned per window cost the serving thread for nothing). */
  | { type: 'report'; targets: DriftReport['targets'] }
  | { type: 'done'; ask: number; value?: unknown; error?: string };
