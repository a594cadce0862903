/**
 * `MLPIPE_LOG_TRACE=FILE`: the log thread records when each message's work starts and ends and
 * writes the spans to FILE as JSON (its thread id at start, the spans so far when `close` comes). The
 * clock is process.hrtime (CLOCK_MONOTONIC on Linux, the same in every process on the machine),
 * so a load generator can lay its slowest responses against the log thread's bursts
 * (bench/log/tail.ts). Unset, the thread handles its messages without any of this.
 */
import { writeFileSync } from 'node:fs';
import type { ToLogThread } from './logMessages.js';

export interface LogTraceFile {
  /** The log thread's Linux thread id (its /proc/PID/task entry), or 0 where unknown. */
  tid: number;
  /** [start ms, end ms, predictions in the message (0 for other messages)] per message. */
  spans: Array<[number, number, number]>;
}

const nowMs = (): number => Number(process.hrtime.bigint()) / 1e6;

/**
 * `work` with each call's span recorded into `file`, written again as `close` arrives: before the
 * close's own work, whose answer lets the serving thread end this thread at once.
 */
export function tracedWork(work: (m: ToLogThread) => boolean, tid: number, file: string): (m: ToLogThread) => boolean {
  const trace: LogTraceFile = { tid, spans: [] };
  writeFileSync(file, JSON.stringify(trace));
  return (m) => {
    if (m.type === 'close') writeFileSync(file, JSON.stringify(trace));
    const start = nowMs();
    const n = m.type === 'batch' ? m.batch.n : 0;
    const done = work(m);
    trace.spans.push([start, nowMs(), n]);
    return done;
  };
}
