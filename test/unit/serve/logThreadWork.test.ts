import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { LogReader } from '../../../server/backend/serve/log.js';
import { LogBatchBuilder, type LogSource } from '../../../server/backend/serve/logBatch.js';
import type { FromLogThread } from '../../../server/backend/serve/logMessages.js';
import { logThreadWork } from '../../../server/backend/serve/logThreadWork.js';

const SOURCE: LogSource = { pipeline: 'churn', model: 'churn_model', version: 1, names: ['a'], categories: [null] };
const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe("the log thread's work", () => {
  it('hands each written batch its buffer back (transferred), for the serving thread to fill again', () => {
    const root = mkdtempSync(join(tmpdir(), 'mlpipe-logwork-'));
    dirs.push(root);
    const sent: Array<{ m: FromLogThread; transfer?: ArrayBuffer[] }> = [];
    const monitor = { pipelineName: 'churn', name: 'churn_model', version: 1, runId: 'r1', window: 100, present: false, reference: null, tests: [], task: 'binary' as const, labels: undefined };
    const work = logThreadWork({ root, options: {}, monitor }, (m, transfer) => sent.push({ m, transfer }));
    const b = new LogBatchBuilder(SOURCE, 8);
    for (let k = 0; k < 3; k++) {
      const at = b.add(`p${k}`, 1_700_000_000_000 + k, 10, null, 0.25 * k, JSON.stringify({ rows: [{ x: k }] }), 0);
      b.codes[at] = k;
    }
    const { batch } = b.seal();
    const buffer = batch.ts.buffer;
    work({ type: 'batch', batch });
    const written = sent.find((s) => s.m.type === 'written');
    assert.ok(written && written.m.type === 'written');
    assert.equal(written.m.n, 3);
    assert.equal(written.m.spent, buffer);
    assert.deepEqual(written.transfer, [buffer]);
    // A flush with nothing new hands nothing back.
    sent.length = 0;
    work({ type: 'flush', ask: 1 });
    assert.deepEqual(sent.map((s) => s.m.type), ['done']);
    assert.equal(sent[0].transfer, undefined);
    work({ type: 'close', ask: 2 });
    const reader = new LogReader(root);
    try {
      assert.deepEqual(reader.page({ limit: 10 }).rows.map((r) => [r.id, r.inputs, r.prediction]), [0, 1, 2].map((k) => [`p${k}`, { x: k }, 0.25 * k]));
    } finally {
      reader.close();
    }
  });
});
