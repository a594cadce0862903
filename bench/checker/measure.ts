/** Timing helpers for the checker benchmarks: warm up, then the median of runs within a budget. */

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/**
 * `wall` is elapsed time; `cpu` is the process's user + system time, which a loaded machine
 * (other processes on the same cores) inflates far less, at the price of counting the garbage
 * collector's helper threads.
 */
export type Clock = 'wall' | 'cpu';

function now(clock: Clock): number {
  if (clock === 'wall') return performance.now();
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/**
 * Median (or fastest: `stat = 'min'`, the least disturbed by other processes on a busy machine)
 * ms of `f`, after warm-up runs, over at least `minRuns` runs and until `budgetMs` is spent (at
 * most `maxRuns`).
 */
export function time(f: () => void, { minRuns = 5, maxRuns = 30, budgetMs = 1500, clock = 'wall' as Clock, stat = 'median' as 'median' | 'min' } = {}): number {
  // A run far over the budget is its own answer: a superlinear case must not hold the bench for minutes.
  const first = now(clock);
  f();
  const once = now(clock) - first;
  if (once > 2 * budgetMs) return once;
  for (let k = 0; k < 2; k++) f(); // warm up the JIT
  const xs: number[] = [];
  const until = performance.now() + budgetMs;
  while (xs.length < minRuns || (xs.length < maxRuns && performance.now() < until)) {
    const t = now(clock);
    f();
    xs.push(now(clock) - t);
  }
  return stat === 'min' ? Math.min(...xs) : median(xs);
}
