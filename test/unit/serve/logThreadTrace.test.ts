import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { LogBatchBuilder, type LogSource } from '../../../server/backend/serve/logBatch.js';
import { LogWorker } from '../../../server/backend/serve/logWorker.js';
import type { ToLogThread } from '../../../server/backend/serve/logMessages.js';
import { tracedWork, type LogTraceFile } from '../../../server/backend/serve/logThreadTrace.js';

const SOURCE: LogSource = { pipeline: 'churn', model: 'churn_model', version: 1, names: ['a'], categories: [null] };
const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function batchOf(n: number): ToLogThread {
  const b = new LogBatchBuilder(SOURCE, 16);
  for (let k = 0; k < n; k++) b.add(`p${k}`, 1_700_000_000_000 + k, 10, null, 0.5, JSON.stringify({ rows: [{ x: k }] }), 0);
  return { type: 'batch', batch: b.seal().batch };
}

describe("the log thread's trace (MLPIPE_LOG_TRACE)", () => {
  it('names the thread at start, and once close arrives holds a span per earlier message on the monotonic clock with each batch its predictions', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlpipe-logtrace-'));
    dirs.push(dir);
    const file = join(dir, 'trace.json');
    const read = () => JSON.parse(readFileSync(file, 'utf8')) as LogTraceFile;
    const seen: string[] = [];
    /** Spans in the file when the close's own work ran. */
    let writtenAtClose = -1;
    const work = tracedWork(
      (m) => {
        seen.push(m.type);
        if (m.type === 'close') writtenAtClose = read().spans.length;
        return m.type === 'close';
      },
      4242,
      file,
    );
    assert.deepEqual(read(), { tid: 4242, spans: [] });
    const before = Number(process.hrtime.bigint()) / 1e6;
    assert.equal(work(batchOf(3)), false);
    assert.equal(work({ type: 'flush', ask: 1 }), false);
    assert.equal(work(batchOf(5)), false);
    // Written only when close comes: no file writes at the batches' rate.
    assert.deepEqual(read().spans, []);
    assert.equal(work({ type: 'close', ask: 2 }), true);
    // Written before the close's own work: its answer lets the serving thread end this thread at once.
    assert.equal(writtenAtClose, 3);
    const after = Number(process.hrtime.bigint()) / 1e6;
    const { tid, spans } = read();
    assert.equal(tid, 4242);
    assert.deepEqual(seen, ['batch', 'flush', 'batch', 'close']);
    assert.deepEqual(spans.map((s) => s[2]), [3, 0, 5]);
    for (const [s, e] of spans) assert.ok(before <= s && s <= e && e <= after, `${s}..${e} within ${before}..${after}`);
    for (let i = 1; i < spans.length; i++) assert.ok(spans[i - 1][1] <= spans[i][0]);
  });

  it("is written by the log's own thread, every batch it wrote in it, and only when asked", async () => {
    const monitor = { pipelineName: 'churn', name: 'churn_model', version: 1, runId: 'r1', window: 100, present: false, reference: null, tests: [], task: 'binary' as const, labels: undefined };
    const run = async (trace: string | undefined) => {
      const root = mkdtempSync(join(tmpdir(), 'mlpipe-logtrace-'));
      dirs.push(root);
      const file = join(root, 'trace.json');
      if (trace !== undefined) process.env.MLPIPE_LOG_TRACE = file;
      // The thread reads its environment as it starts.
      const log = new LogWorker(root, { batchSize: 4 }, monitor, SOURCE);
      delete process.env.MLPIPE_LOG_TRACE;
      for (let k = 0; k < 10; k++) log.add(log.nextId(), performance.now(), 10, null, 0.5, JSON.stringify({ rows: [{ x: k }] }), 0);
      await log.flush();
      const written = log.written;
      await log.close();
      return { file, written };
    };
    const on = await run('on');
    const { tid, spans } = JSON.parse(readFileSync(on.file, 'utf8')) as LogTraceFile;
    assert.equal(on.written, 10);
    assert.equal(spans.reduce((a, s) => a + s[2], 0), 10);
    assert.ok(tid > 0 || process.platform !== 'linux', `a Linux thread id, not ${tid}`);
    const off = await run(undefined);
    assert.equal(off.written, 10);
    assert.equal(existsSync(off.file), false);
  });
});
