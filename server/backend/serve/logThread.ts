/**
 * The prediction log's worker thread: SQLite inserts, retention and the scheduled drift
 * evaluations run here, so their few milliseconds per flush or window never hold the serving
 * thread's event loop. The serving thread keeps the bounded queue (drop and count) and posts
 * batches; this thread writes each batch in transactions as it arrives.
 */
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { logThreadWork } from './logThreadWork.js';
import { tracedWork } from './logThreadTrace.js';
import type { FromLogThread, LogThreadData, ToLogThread } from './logMessages.js';

const port = parentPort!;

// A lower priority than the serving thread (Linux keeps a nice value per thread): woken by a
// batch, this thread used to take the core of the serving thread that posted it, for the few
// milliseconds a batch's transaction takes, which held every request in flight (the post's
// wall time under load: 1.07 ms at nice 0, 0.69 at 10, 0.30 at 19). 10, not 19: on a machine
// busy with other work the log must still get enough CPU not to drop (it drops and counts
// when its queue fills). Elsewhere, or where it is refused, nothing changes.
const LOG_THREAD_NICE = 10;
let tid = 0;
try {
  tid = Number(readlinkSync('/proc/thread-self').split('/').pop()) || 0;
  if (tid > 0) setPriority(tid, LOG_THREAD_NICE);
} catch {
  // no /proc/thread-self (not Linux), or the priority cannot be changed
}
const plain = logThreadWork(workerData as LogThreadData, (m: FromLogThread, transfer?: ArrayBuffer[]) => port.postMessage(m, transfer));
const traceFile = process.env.MLPIPE_LOG_TRACE;
const work = traceFile ? tracedWork(plain, tid, traceFile) : plain;

port.on('message', (m: ToLogThread) => {
  if (work(m)) port.close();
});
