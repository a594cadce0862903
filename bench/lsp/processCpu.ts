import { readdirSync, readFileSync } from 'node:fs';

/**
 * CPU time in ms another process has used so far, all its threads together, from Linux's
 * scheduler statistics (nanosecond resolution, where /proc/PID/stat counts 10 ms ticks).
 * Undefined where /proc is absent, so the bench prints the column as unavailable, never as met.
 */
export function processCpuMs(pid: number): number | undefined {
  try {
    let ns = 0;
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      try {
        ns += Number(readFileSync(`/proc/${pid}/task/${task}/schedstat`, 'utf8').split(' ')[0]);
      } catch {
        // a thread that ended between the listing and the read: its time is in no task any more
      }
    }
    return ns / 1e6;
  } catch {
    return undefined;
  }
}
