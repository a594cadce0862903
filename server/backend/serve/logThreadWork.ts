/**
 * What the prediction log's worker thread does with each message (`logThread.ts` is its
 * `worker_threads` shell): the writer, its reader and the scheduled drift monitor, wired once.
 * Apart from the thread so that a benchmark (`bench/log/cpu.ts`) runs this same work on its own
 * thread and counts its instructions without a second thread's noise.
 */
import { Monitor } from '../monitor/monitor.js';
import { LogReader, PredictionLog } from './log.js';
import type { FromLogThread, LogThreadData, ToLogThread } from './logMessages.js';

/** Handles one message from the serving thread; `send` answers. Returns true after `close`. */
export type LogThreadWork = (m: ToLogThread) => boolean;

export function logThreadWork(data: LogThreadData, send: (m: FromLogThread, transfer?: ArrayBuffer[]) => void): LogThreadWork {
  // The serving thread bounds the queue; here every posted prediction is written.
  const log = new PredictionLog(data.root, { ...data.options, queueCapacity: Number.MAX_SAFE_INTEGER, flushMs: 2 ** 30 });
  const reader = new LogReader(data.root);
  // Scheduled evaluations run only with a reference and a monitor block (Monitor.written checks).
  const monitor = new Monitor(data.monitor, reader, log, {
    onAlert: (alert) => {
      send({ type: 'alert', alert });
      return null; // the serving thread records the action once it has decided
    },
    onReport: (report) => send({ type: 'report', targets: report.targets }),
  });
  log.onBatchWritten = (batch, firstSeq) => monitor.logged(batch, firstSeq);
  log.onPruned = (ts) => monitor.pruned(ts);
  log.onWritten = (n) => monitor.written(n);

  /** `spent`: the buffer of the batch this flush writes, handed back once it is written (nothing here keeps a view of it). */
  function flush(spent?: ArrayBuffer): void {
    const before = log.written + log.dropped;
    log.flush();
    const n = log.written + log.dropped - before;
    if (n > 0 || spent) send({ type: 'written', n, written: log.written, dropped: log.dropped, lastError: log.lastError, flushSeconds: log.lastFlushSeconds, spent }, spent && [spent]);
  }

  function answer(ask: number, work: () => unknown): void {
    try {
      send({ type: 'done', ask, value: work() });
    } catch (e) {
      send({ type: 'done', ask, error: e instanceof Error ? e.message.split('\n')[0] : String(e) });
    }
  }

  return (m) => {
    switch (m.type) {
      case 'batch':
        log.pushBatch(m.batch);
        flush(m.batch.ts.buffer as ArrayBuffer);
        return false;
      case 'alertAction':
        log.setAlertAction(m.id, m.action);
        monitor.alertAction(m.id, m.action);
        return false;
      case 'quiet':
        monitor.quiet = true;
        return false;
      case 'flush':
        answer(m.ask, () => flush());
        return false;
      case 'evaluate':
        answer(m.ask, () => monitor.evaluate());
        return false;
      case 'feedback':
        answer(m.ask, () => {
          const unknown = log.feedback(m.labels, { pipeline: data.monitor.pipelineName, model: data.monitor.name });
          if (unknown.length < m.labels.length) monitor.feedbackAdded();
          return unknown;
        });
        return false;
      case 'close':
        answer(m.ask, () => {
          flush();
          log.close();
          reader.close();
        });
        return true;
    }
  };
}
