import type { AlertEvent } from '../backend/rpc/alerts.js';

/** How long after a target's printed alert its next ones are counted instead of printed. */
export const QUIET_MS = 10_000;

const line = (a: AlertEvent) => `drift alert on '${a.target}': ${a.statistic} ${a.value.toPrecision(4)}, threshold ${a.threshold}${a.action ? ` (${a.action})` : ''}`;

/**
 * The lines `mlpipe serve` prints for the monitor's alerts. The monitor records one per target
 * and window, so a drifted stream under load recorded 3,101 in 16 s, each a terminal line (most
 * saying a retrain was already running). Here a target's first alert is printed, its next ones
 * within `QUIET_MS` are counted, and the count is printed once that time is up, with the latest
 * of them; every alert is still recorded (`mlpipe drift`, `GET /drift`). The editor coalesces its
 * notifications alike (`driftCommands.ts`).
 */
export class AlertLines {
  private readonly quiet = new Map<string, { until: number; count: number; latest?: AlertEvent; timer?: NodeJS.Timeout }>();

  constructor(
    private readonly write: (line: string) => void,
    private readonly now: () => number = Date.now,
  ) {}

  add(a: AlertEvent): void {
    const q = this.quiet.get(a.target);
    const t = this.now();
    if (q && t < q.until) {
      q.count++;
      q.latest = a;
      q.timer ??= setTimeout(() => this.flush(a.target), q.until - t).unref();
      return;
    }
    this.write(line(a));
    this.quiet.set(a.target, { until: t + QUIET_MS, count: 0 });
  }

  /**
   * A retrain's outcome recorded as the action of alerts `ids`: a counted alert not yet printed is
   * printed with it. The summary printed the action the alert had when it was recorded, so it
   * could say 'retrain started' of an alert whose stored action had become 'no retrain: …'.
   */
  recorded(ids: readonly number[], action: string): void {
    for (const q of this.quiet.values()) if (q.latest && ids.includes(q.latest.alertId)) q.latest = { ...q.latest, action };
  }

  /** Prints what is counted and not yet printed (at the end of a quiet time, and at close). */
  flush(target?: string): void {
    for (const [name, q] of this.quiet) {
      if (target !== undefined && name !== target) continue;
      if (q.timer) clearTimeout(q.timer);
      q.timer = undefined;
      if (q.count > 0 && q.latest) this.write(`${q.count} more drift alert${q.count > 1 ? 's' : ''} on '${name}' in ${QUIET_MS / 1000} s, the latest: ${line(q.latest).replace(/^drift alert on '[^']*': /, '')}`);
      q.count = 0;
      q.latest = undefined;
    }
  }
}
