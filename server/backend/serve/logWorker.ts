/**
 * The serving thread's side of the prediction log: the bounded queue and the ids stay here (a
 * request only pushes; a full queue drops and counts), and batches go to the log's worker
 * thread (`logThread.ts`), which writes them and runs the scheduled drift evaluations. A
 * `kill -9` loses what was queued or in flight, never a committed batch; `close()` drains.
 */
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { startWorkerThread } from '../workerThread.js';
import type { DriftAlert, DriftReport } from '../../protocol/serving.js';
import type { MonitorSpec } from '../monitor/monitor.js';
import type { LogOptions } from './log.js';
import { BatchScheduler } from './batchScheduler.js';
import { PredictionIds, type PredictionId } from './predictionIds.js';
import { LogBatchBuilder, newBuffer, type LogSource } from './logBatch.js';
import type { FromLogThread, LogThreadData, ToLogThread } from './logMessages.js';

function startThread(data: LogThreadData): Worker {
  // A CPU profile of the server (node --cpu-prof, as bench/serve.ts --profile asks) covers this thread too.
  const execArgv = process.execArgv.filter((a) => a.startsWith('--cpu-prof'));
  return startWorkerThread({ bundle: 'logWorker.js', source: join(__dirname, 'logThread.ts') }, { workerData: data, execArgv });
}

/** Batch buffers the log's thread handed back, kept for later batches (a few flushes in flight). */
const SPARES = 4;
/** The smallest batch buffer made: a quiet server's flushes reuse one instead of each making its own. */
const MIN_BUFFER = 1 << 16;

export interface LogHooks {
  /** A scheduled evaluation recorded an alert; returns what was done about it, or null. */
  onAlert?: (alert: DriftAlert) => string | null;
  /** A scheduled evaluation's targets. */
  onReport?: (targets: DriftReport['targets']) => void;
}

export class LogWorker {
  private readonly thread: Worker;
  /** Filled batches waiting to be posted, and the builder filling the next (one for the server's life). */
  private sealed: Array<ReturnType<LogBatchBuilder['seal']>> = [];
  private readonly current: LogBatchBuilder;
  /**
   * Buffers of written batches, back from the thread: a batch is copied into one of these, as a
   * new buffer's pages each cost a fault when first written (a 250 KB batch: ~0.5 ms here).
   */
  private readonly spares: ArrayBuffer[] = [];
  private readonly bufferFor = (bytes: number): ArrayBuffer => {
    const i = this.spares.findIndex((b) => b.byteLength >= bytes);
    if (i >= 0) return this.spares.splice(i, 1)[0];
    // A power of two: the next batches, about this size, fit it.
    return newBuffer(Math.max(MIN_BUFFER, 2 ** Math.ceil(Math.log2(bytes))));
  };
  /** Predictions in `sealed` and `current`. */
  private queued = 0;
  /** Posted to the thread and not yet reported written (or failed). */
  private inFlight = 0;
  private readonly ids = new PredictionIds();
  private asks = 0;
  private readonly waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private closed = false;
  private dead: string | null = null;
  private readonly alertFollowers = new Set<(alert: DriftAlert) => void>();
  private readonly writtenFollowers = new Set<() => void>();
  readonly capacity: number;
  readonly batchSize: number;
  readonly flushMs: number;
  private readonly schedule: BatchScheduler;
  /** Dropped here (queue full, or the thread gone) plus what the thread failed to write. */
  private droppedHere = 0;
  private droppedThere = 0;
  written = 0;
  /** Why the last failed write failed (or why the thread stopped). */
  lastError: string | null = null;
  /** Wall time of the thread's last flush, seconds. */
  lastFlushSeconds = 0;

  constructor(
    readonly root: string,
    options: LogOptions,
    monitor: MonitorSpec,
    readonly source: LogSource,
    private readonly hooks: LogHooks = {},
  ) {
    this.capacity = options.queueCapacity ?? 50_000;
    this.batchSize = options.batchSize ?? 1000;
    this.flushMs = options.flushMs ?? 50;
    this.schedule = new BatchScheduler(this.flushMs, () => this.post());
    this.current = new LogBatchBuilder(source, this.batchSize, undefined, this.ids);
    this.thread = startThread({ root, options, monitor });
    this.thread.on('message', (m: FromLogThread) => this.received(m));
    this.thread.on('error', (e) => this.stopped(`the prediction log's thread failed: ${e.message.split('\n')[0]}`));
    this.thread.on('exit', (code) => {
      if (!this.closed) this.stopped(`the prediction log's thread exited (code ${code})`);
    });
  }

  get dropped(): number {
    return this.droppedHere + this.droppedThere;
  }

  /** What the thread failed to write (a full disk, a lock held too long), apart from a full queue's drops. */
  get failedWrites(): number {
    return this.droppedThere;
  }

  /** Predictions queued here or handed to the thread and not yet written. */
  get depth(): number {
    return this.queued + this.inFlight;
  }

  /** A fresh prediction id (`PredictionIds`). */
  nextId(): PredictionId {
    return this.ids.next();
  }

  /**
   * Queues one prediction; returns where its drift codes go in `codes` (the caller writes
   * `source.names.length` of them there before its next call), or -1 when the queue is full
   * and it was dropped. `madeAt`: when it was made, on this thread's `performance.now()` clock
   * (the serving thread has read it already; logged as wall time, `sealed`). `body` and `row`:
   * the input is row `row` of that JSON body's `rows` (`LogBatchBuilder.add`), given as its text
   * or its checked UTF-8 bytes.
   */
  add(id: string, madeAt: number, latencyUs: number, input: unknown, prediction: unknown, body?: string | Uint8Array, row?: number): number {
    if (this.closed || this.dead !== null || this.queued + this.inFlight >= this.capacity) {
      this.droppedHere++;
      return -1;
    }
    if (this.current.full) this.sealed.push(this.seal());
    const at = this.current.add(id, madeAt, latencyUs, input, prediction, body, row);
    this.queued++;
    this.schedule.added(this.current.full);
    return at;
  }

  /**
   * The batch being filled, sealed, its times made wall time (ms since epoch, as the log stores
   * them): the wall clock read now, less how long ago each was made on the monotonic clock. One
   * `Date.now()` a batch instead of one a request; a step of the wall clock shows in the next
   * batch, within `flushMs` (or a full batch) of it.
   */
  private seal(): ReturnType<LogBatchBuilder['seal']> {
    const { ts, n } = this.current;
    const offset = Date.now() - performance.now();
    // Whole ms, as Date.now() gives them (the column is an INTEGER).
    for (let k = 0; k < n; k++) ts[k] = Math.floor(ts[k] + offset);
    return this.current.seal(this.bufferFor);
  }

  /** The codes of the batch being filled (where `add` said to write). */
  get codes(): Float32Array {
    return this.current.codes;
  }

  /** Hands everything queued to the thread. */
  private post(): void {
    this.schedule.cancel();
    if (this.queued === 0 || this.dead !== null) return;
    if (this.current.n > 0) this.sealed.push(this.seal());
    const all = this.sealed;
    this.sealed = [];
    this.inFlight += this.queued;
    this.queued = 0;
    for (const { batch, transfer } of all) this.thread.postMessage({ type: 'batch', batch } satisfies ToLogThread, transfer);
  }

  private send(m: ToLogThread): void {
    this.thread.postMessage(m);
  }

  private ask<T>(m: ToLogThread & { ask: number }): Promise<T> {
    if (this.dead !== null) return Promise.reject(new Error(this.dead));
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(m.ask, { resolve: resolve as (v: unknown) => void, reject });
      this.send(m);
    });
  }

  private received(m: FromLogThread): void {
    switch (m.type) {
      case 'written':
        this.inFlight = Math.max(0, this.inFlight - m.n);
        this.written = m.written;
        this.droppedThere = m.dropped;
        if (m.lastError !== null) this.lastError = m.lastError;
        this.lastFlushSeconds = m.flushSeconds;
        if (m.spent && this.spares.length < SPARES) this.spares.push(m.spent);
        for (const f of this.writtenFollowers) f();
        return;
      case 'alert': {
        let action: string | null = null;
        try {
          action = this.hooks.onAlert?.(m.alert) ?? null;
        } catch (e) {
          action = `not acted on: ${(e as Error).message.split('\n')[0]}`;
        }
        if (action) this.setAlertAction(m.alert.id, action);
        const alert = action ? { ...m.alert, action } : m.alert;
        for (const f of this.alertFollowers) f(alert);
        return;
      }
      case 'report':
        this.hooks.onReport?.(m.targets);
        return;
      case 'done': {
        const w = this.waiting.get(m.ask);
        this.waiting.delete(m.ask);
        if (m.error !== undefined) w?.reject(new Error(m.error));
        else w?.resolve(m.value);
        return;
      }
    }
  }

  /** The thread is gone: what was in flight is lost (counted), and every waiting ask fails. */
  private stopped(reason: string): void {
    if (this.dead !== null) return;
    this.dead = reason;
    this.lastError = reason;
    this.droppedHere += this.inFlight + this.queued;
    this.inFlight = 0;
    this.queued = 0;
    this.sealed = [];
    this.current.reset();
    for (const w of this.waiting.values()) w.reject(new Error(reason));
    this.waiting.clear();
  }

  /** Resolves once everything pushed so far is written, and the evaluations it triggered ran. */
  flush(): Promise<void> {
    this.post();
    return this.ask<undefined>({ type: 'flush', ask: ++this.asks }).then(() => undefined);
  }

  /** Evaluates drift now (records alerts for a full window's drifted targets). */
  evaluate(): Promise<DriftReport> {
    this.post();
    return this.ask<DriftReport>({ type: 'evaluate', ask: ++this.asks });
  }

  /** Records feedback labels; resolves with the ids that match no logged prediction. */
  feedback(labels: Array<{ id: string; label: string | number }>): Promise<string[]> {
    this.post();
    return this.ask<string[]>({ type: 'feedback', ask: ++this.asks, labels });
  }

  /**
   * Calls `f` with each alert the thread records from now on, as recorded, after the alert hook
   * (so its `action` says what was done about it). Returns the unsubscribe. The editor's backend
   * turns these into events.
   */
  followAlerts(f: (alert: DriftAlert) => void): () => void {
    this.alertFollowers.add(f);
    return () => this.alertFollowers.delete(f);
  }

  /**
   * Calls `f` after each batch the thread committed (and the drift evaluation it triggered, which
   * runs before the thread reports the write). Returns the unsubscribe.
   */
  followWritten(f: () => void): () => void {
    this.writtenFollowers.add(f);
    return () => this.writtenFollowers.delete(f);
  }

  setAlertAction(id: number, action: string): void {
    if (this.dead === null) this.send({ type: 'alertAction', id, action });
  }

  /** No scheduled evaluation from here on (the server is closing). */
  quiet(): void {
    if (this.dead === null) this.send({ type: 'quiet' });
  }

  /** Writes what is queued, closes the file and ends the thread. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.schedule.close();
    this.closed = true;
    try {
      if (this.dead === null) await this.ask({ type: 'close', ask: ++this.asks });
    } finally {
      await this.thread.terminate();
    }
  }
}
