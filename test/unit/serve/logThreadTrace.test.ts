import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { LogBatchBuilder, type LogSource } from '../../../server/backend/serve/logBatch.js';
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
});
