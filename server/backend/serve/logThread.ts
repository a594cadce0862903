/**
 * The prediction log's worker thread: SQLite inserts, retention and the scheduled drift
 * evaluations run here, so their few milliseconds per flush or window never hold the serving
 * thread's event loop. The serving thread keeps the bounded queue (drop and count) and posts
 * batches; this thread writes each batch in transactions as it arrives.
 */
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { Monitor } from '../monitor/monitor.js';
import { LogReader, PredictionLog } from './log.js';
import type { FromLogThread, LogThreadData, ToLogThread } from './logMessages.js';

const port = parentPort!;

// A lower priority than the serving thread (Linux keeps a nice value per thread): woken by a
// batch, this thread used to take the core of the serving thread that posted it, for the few
// milliseconds a batch's transaction takes, which held every request in flight (the post's
// wall time under load: 1.07 ms at nice 0, 0.69 at 10, 0.30 at 19). 10, not 19: on a machine
// busy with other work the log must still get enough CPU not to drop (it drops and counts
// when its queue fills). Elsewhere, or where it is refused, nothing changes.
const LOG_THREAD_NICE = 10;
try {
  const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
  if (tid > 0) setPriority(tid, LOG_THREAD_NICE);
} catch {
  // no /proc/thread-self (not Linux), or the priority cannot be changed
}
const data = workerData as LogThreadData;
const send = (m: FromLogThread): void => port.postMessage(m);

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

function flush(): void {
  const before = log.written + log.dropped;
  log.flush();
  const n = log.written + log.dropped - before;
  if (n > 0) send({ type: 'written', n, written: log.written, dropped: log.dropped, lastError: log.lastError, flushSeconds: log.lastFlushSeconds });
}

function answer(ask: number, work: () => unknown): void {
  try {
    send({ type: 'done', ask, value: work() });
  } catch (e) {
    send({ type: 'done', ask, error: e instanceof Error ? e.message.split('\n')[0] : String(e) });
  }
}

port.on('message', (m: ToLogThread) => {
  switch (m.type) {
    case 'batch':
      log.pushBatch(m.batch);
      flush();
      return;
    case 'alertAction':
      log.setAlertAction(m.id, m.action);
      monitor.alertAction(m.id, m.action);
      return;
    case 'quiet':
      monitor.quiet = true;
      return;
    case 'flush':
      return answer(m.ask, flush);
    case 'evaluate':
      return answer(m.ask, () => monitor!.evaluate());
    case 'feedback':
      return answer(m.ask, () => {
        const unknown = log.feedback(m.labels, { pipeline: data.monitor.pipelineName, model: data.monitor.name });
        if (unknown.length < m.labels.length) monitor.feedbackAdded();
        return unknown;
      });
    case 'close':
      answer(m.ask, () => {
        flush();
        log.close();
        reader.close();
      });
      port.close();
      return;
  }
});
