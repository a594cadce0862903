/**
 * When a batch of predictions is handed on (to the log's thread, or written): at once when a
 * batch is full, but after this turn's responses went out (setImmediate); otherwise when the
 * oldest waiting prediction has waited `ms`. One scheduler for the serving thread's batch
 * builder (`logWorker.ts`) and the in-process log (`log.ts`).
 */
export class BatchScheduler {
  private timer: NodeJS.Timeout | null = null;
  private immediate: NodeJS.Immediate | null = null;
  private closed = false;

  constructor(
    readonly ms: number,
    private readonly run: () => void,
  ) {}

  /** After each prediction added; `full` when it completed a batch. */
  added(full: boolean): void {
    if (this.closed) return;
    if (full) this.immediate ??= setImmediate(this.fire);
    else if (!this.timer && !this.immediate) this.timer = setTimeout(this.fire, this.ms);
  }

  /** Forgets what was scheduled: the owner is handing everything on now. */
  cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.immediate) clearImmediate(this.immediate);
    this.timer = null;
    this.immediate = null;
  }

  /** Hands on what waits, once, and schedules nothing more (the owner is closing). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.cancel();
    this.run();
  }

  private readonly fire = (): void => {
    this.cancel();
    this.run();
  };
}
