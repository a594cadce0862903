/** What to do after a crash: start again after `delayMs`, or give up (something is broken for good). */
export type CrashDecision = { restart: true; delayMs: number; recent: number } | { restart: false; recent: number };

/** Waits between restarts: the n-th crash in the window waits BACKOFF_MS[n-1] (the last one repeats). */
export const BACKOFF_MS: readonly number[] = [1000, 2000, 4000, 8000, 16000];

/**
 * The one restart rule for the extension's child processes (language server and backend):
 * restart after a growing wait, unless the process crashed `maxCrashes` times within `windowMs`
 * (then a restart loop would only hide the cause). The clock is injected so tests need no waits.
 */
export class CrashPolicy {
  private crashes: number[] = [];

  constructor(
    readonly maxCrashes = 5,
    readonly windowMs = 3 * 60 * 1000,
    private readonly backoffMs: readonly number[] = BACKOFF_MS,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Records a crash now and decides. */
  crashed(): CrashDecision {
    const now = this.clock();
    this.crashes = this.crashes.filter((t) => now - t < this.windowMs);
    this.crashes.push(now);
    const recent = this.crashes.length;
    if (recent >= this.maxCrashes) return { restart: false, recent };
    return { restart: true, delayMs: this.backoffMs[Math.min(recent - 1, this.backoffMs.length - 1)] ?? 0, recent };
  }

  get recent(): number {
    return this.crashes.length;
  }

  /** 'N times in M minutes', for the messages that say why a process is not restarted. */
  describe(): string {
    return `${this.crashes.length} times in ${this.windowMs / 60000} minutes`;
  }

  /** A restart asked for by the user starts with a clean slate. */
  reset(): void {
    this.crashes = [];
  }
}
