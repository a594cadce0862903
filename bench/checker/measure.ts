/** Timing helpers for the checker benchmarks: warm up, then the median of runs within a budget. */

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Median ms of `f`, after warm-up runs, over at least `minRuns` runs and until `budgetMs` is spent (at most `maxRuns`). */
export function time(f: () => void, { minRuns = 5, maxRuns = 30, budgetMs = 1500 } = {}): number {
  for (let k = 0; k < 3; k++) f(); // warm up the JIT
  const xs: number[] = [];
  const until = performance.now() + budgetMs;
  while (xs.length < minRuns || (xs.length < maxRuns && performance.now() < until)) {
    const t = performance.now();
    f();
    xs.push(performance.now() - t);
  }
  return median(xs);
}
