// The serving thread's waits for a CPU, from the kernel's scheduler events (`perf script` of
// sched:sched_switch and sched:sched_wakeup recorded with -k CLOCK_MONOTONIC, so its times are
// process.hrtime's), and what ran while it waited: the log thread, or anything else. Pure: text in,
// figures out. bench/log/tail.ts records and reads it.

export interface SchedFigures {
  /** Times the serving thread waited to run (woken or preempted, then switched in). */
  waits: number;
  /** ms it spent runnable and not running, in all. */
  waitMs: number;
  /** ms of that wait during which the log thread was running on a CPU. */
  waitWhileLogRanMs: number;
  /** Preemptions of the serving thread (switched out still runnable), and how many handed its CPU straight to the log thread. */
  preempted: number;
  preemptedByLog: number;
  /** Waits of at least 1 ms, and how many of them overlapped a log-thread run. */
  longWaits: number;
  longWaitsWithLog: number;
  /** ms the log thread ran in the window. */
  logRanMs: number;
}

interface Event {
  ms: number;
  kind: 'switch' | 'wakeup';
  prev?: number;
  prevState?: string;
  next?: number;
  woken?: number;
}

function parse(text: string): Event[] {
  const out: Event[] = [];
  for (const line of text.split('\n')) {
    const t = /^\s*(\d+\.\d+):\s+sched:(sched_switch|sched_wakeup):\s+(.*)$/.exec(line);
    if (!t) continue;
    const ms = Number(t[1]) * 1000;
    if (t[2] === 'sched_switch') {
      const m = /prev_pid=(\d+) prev_prio=\d+ prev_state=(\S+) ==> next_comm=.* next_pid=(\d+)/.exec(t[3]);
      if (m) out.push({ ms, kind: 'switch', prev: Number(m[1]), prevState: m[2], next: Number(m[3]) });
    } else {
      const m = /pid=(\d+) prio=/.exec(t[3]);
      if (m) out.push({ ms, kind: 'wakeup', woken: Number(m[1]) });
    }
  }
  return out.sort((a, b) => a.ms - b.ms);
}

/** Run intervals of `tid` ([in, out] ms) between `from` and `to`. */
function runs(events: Event[], tid: number, from: number, to: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let since: number | null = null;
  /** Until its first event the thread may be running since before `from`. */
  let first = true;
  for (const e of events) {
    // perf drops events on a busy machine: a switch in or a wake-up of a thread it has running
    // means its switch out was lost, and the open run (of unknown end) is left out, not stretched.
    if (e.kind === 'wakeup') {
      if (e.woken === tid) {
        since = null;
        first = false;
      }
      continue;
    }
    if (e.next === tid) {
      since = e.ms;
      first = false;
    } else if (e.prev === tid) {
      const start = since ?? (first ? from : null);
      if (start !== null) out.push([start, e.ms]);
      since = null;
      first = false;
    }
  }
  if (since !== null) out.push([since, to]);
  return out.filter(([a, b]) => b >= from && a <= to);
}

/** ms of [a, b] covered by the (sorted, disjoint) intervals. */
function covered(intervals: Array<[number, number]>, a: number, b: number): number {
  let sum = 0;
  for (const [s, e] of intervals) {
    if (s >= b) break;
    if (e <= a) continue;
    sum += Math.min(b, e) - Math.max(a, s);
  }
  return sum;
}

export function schedFigures(text: string, serving: number, log: number, from: number, to: number): SchedFigures {
  const events = parse(text).filter((e) => e.ms >= from && e.ms <= to);
  const logRuns = log > 0 ? runs(events, log, from, to) : [];
  const f: SchedFigures = { waits: 0, waitMs: 0, waitWhileLogRanMs: 0, preempted: 0, preemptedByLog: 0, longWaits: 0, longWaitsWithLog: 0, logRanMs: logRuns.reduce((a, [s, e]) => a + Math.min(e, to) - Math.max(s, from), 0) };
  let waitingSince: number | null = null;
  for (const e of events) {
    if (e.kind === 'wakeup' && e.woken === serving) waitingSince ??= e.ms;
    else if (e.kind === 'switch' && e.prev === serving && e.prevState?.startsWith('R')) {
      f.preempted++;
      if (e.next === log) f.preemptedByLog++;
      waitingSince = e.ms;
    } else if (e.kind === 'switch' && e.next === serving && waitingSince !== null) {
      const ms = e.ms - waitingSince;
      const withLog = covered(logRuns, waitingSince, e.ms);
      f.waits++;
      f.waitMs += ms;
      f.waitWhileLogRanMs += withLog;
      if (ms >= 1) {
        f.longWaits++;
        if (withLog > 0) f.longWaitsWithLog++;
      }
      waitingSince = null;
    }
  }
  return f;
}
