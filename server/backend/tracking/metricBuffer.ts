import type { MetricPoint } from '../../protocol/tracking.js';
import { checkPoint, type Store } from './store.js';

export interface MetricBufferOptions {
  /** Flush when this many points wait (default 1000). */
  maxPoints?: number;
  /** Flush at most this long after the first waiting point (default 1000 ms; 0 disables the timer). */
  maxDelayMs?: number;
  /** Where a flush started by the timer reports a failure (default: kept and rethrown by the next call). */
  onError?: (error: unknown) => void;
}

/**
 * Collects the per-epoch points of one run and writes them in batches: one transaction per
 * flush instead of one per point. The timer is unref'd, so a forgotten buffer never keeps
 * the process alive; call `close()` when the run ends to write what is left.
 */
export class MetricBuffer {
  private pending: MetricPoint[] = [];
  private timer: NodeJS.Timeout | undefined;
  private failure: unknown;
  private closed = false;
  private readonly maxPoints: number;
  private readonly maxDelayMs: number;

  constructor(
    private readonly store: Store,
    readonly runId: string,
    private readonly options: MetricBufferOptions = {},
  ) {
    this.maxPoints = Math.max(1, options.maxPoints ?? 1000);
    this.maxDelayMs = Math.max(0, options.maxDelayMs ?? 1000);
  }

  get size(): number {
    return this.pending.length;
  }

  add(key: string, step: number, value: number): void {
    this.push({ key, step, value });
  }

  /** All metrics of one step, e.g. `addStep(epoch, { loss, val_loss })`. */
  addStep(step: number, values: Record<string, number>): void {
    for (const [key, value] of Object.entries(values)) this.push({ key, step, value });
  }

  /** Writes every waiting point now, in one transaction. */
  flush(): void {
    this.rethrow();
    if (this.timer) (clearTimeout(this.timer), (this.timer = undefined));
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    try {
      this.store.logMetrics(this.runId, batch);
    } catch (e) {
      // Keep the points so that a caller that handles the error can flush again.
      this.pending = batch.concat(this.pending);
      throw e;
    }
  }

  /** Flushes and stops accepting points. */
  close(): void {
    if (this.closed) return;
    this.flush();
    this.closed = true;
  }

  private push(p: MetricPoint): void {
    if (this.closed) throw new Error(`metric buffer of run ${this.runId} is closed`);
    this.rethrow();
    checkPoint(p, `metric of run ${this.runId}`);
    this.pending.push(p);
    if (this.pending.length >= this.maxPoints) this.flush();
    else if (!this.timer && this.maxDelayMs > 0) {
      this.timer = setTimeout(() => this.flushFromTimer(), this.maxDelayMs);
      this.timer.unref();
    }
  }

  private flushFromTimer(): void {
    this.timer = undefined;
    try {
      this.flush();
    } catch (e) {
      if (this.options.onError) this.options.onError(e);
      else this.failure = e;
    }
  }

  private rethrow(): void {
    if (this.failure === undefined) return;
    const e = this.failure;
    this.failure = undefined;
    throw e;
  }
}
