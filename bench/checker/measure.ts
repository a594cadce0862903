/** Timing helpers for the checker benchmarks: warm up, then the median of runs within a budget. */
import { availableParallelism, loadavg } from 'node:os';

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** The process's user + system CPU time in ms (all its threads: the garbage collector's helpers count too). */
export function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/**
 * One figure of `f` on both clocks, taken over the same runs: `wall` is elapsed time; `cpu` is
 * the process's CPU time, which other processes on the same cores inflate far less, so targets
 * are judged on it when the machine is loaded.
 */
export interface Timing {
  wall: number;
  cpu: number;
}

/**
 * Median (or fastest: `stat = 'min'`, the least disturbed by other processes on a busy machine)
 * ms of `f` on both clocks, after warm-up runs, over at least `minRuns` runs and until
 * `budgetMs` is spent (at most `maxRuns`).
 */
export function time(f: () => void, { minRuns = 5, maxRuns = 30, budgetMs = 1500, stat = 'median' as 'median' | 'min' } = {}): Timing {
  // A run far over the budget is its own answer: a superlinear case must not hold the bench for minutes.
  const w0 = performance.now();
  const c0 = cpuMs();
  f();
  const once = { wall: performance.now() - w0, cpu: cpuMs() - c0 };
  if (once.wall > 2 * budgetMs) return once;
  for (let k = 0; k < 2; k++) f(); // warm up the JIT
  const walls: number[] = [];
  const cpus: number[] = [];
  const until = performance.now() + budgetMs;
  while (walls.length < minRuns || (walls.length < maxRuns && performance.now() < until)) {
    const w = performance.now();
    const c = cpuMs();
    f();
    cpus.push(cpuMs() - c);
    walls.push(performance.now() - w);
  }
  const pick = stat === 'min' ? (xs: number[]) => Math.min(...xs) : median;
  return { wall: pick(walls), cpu: pick(cpus) };
}

/**
 * Like `time`, for several functions measured in turns (one run of each per round, in order):
 * each figure is taken over the same stretch of the machine's time as the others, so a ratio
 * between them does not follow a change of the host's speed between two blocks of runs (on this
 * shared VM the same check took 88 and 137 ms minutes apart). Rounds go on until every function
 * has `minRuns` runs and `budgetMs` is spent (at most `maxRuns` rounds).
 */
export function timeInTurns(fs: ReadonlyArray<() => void>, { minRuns = 5, maxRuns = 30, budgetMs = 1500, stat = 'median' as 'median' | 'min' } = {}): Timing[] {
  const w0 = performance.now();
  for (const f of fs) f();
  const once = performance.now() - w0;
  // A round far over the budget is its own answer (see `time`): one more run each, measured.
  const rounds = once > 2 * budgetMs ? 1 : undefined;
  if (rounds === undefined) for (const f of fs) f(); // warm up the JIT
  const walls = fs.map((): number[] => []);
  const cpus = fs.map((): number[] => []);
  const until = performance.now() + budgetMs;
  let r = 0;
  while (rounds !== undefined ? r < rounds : r < minRuns || (r < maxRuns && performance.now() < until)) {
    fs.forEach((f, i) => {
      const w = performance.now();
      const c = cpuMs();
      f();
      cpus[i].push(cpuMs() - c);
      walls[i].push(performance.now() - w);
    });
    r++;
  }
  const pick = stat === 'min' ? (xs: number[]) => Math.min(...xs) : median;
  return fs.map((_, i) => ({ wall: pick(walls[i]), cpu: pick(cpus[i]) }));
}

/** The one-minute load average per core, to print next to every table (Linux; 0 elsewhere). */
export function loadPerCore(): { load: number; cores: number } {
  return { load: loadavg()[0], cores: availableParallelism() };
}
