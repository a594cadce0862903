import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { LogSource } from '../../../server/backend/serve/logBatch.js';
import { LogReader } from '../../../server/backend/serve/log.js';
import { LogWorker } from '../../../server/backend/serve/logWorker.js';

const SOURCE: LogSource = { pipeline: 'churn', model: 'churn_model', version: 1, names: ['a'], categories: [null] };
const MONITOR = { pipelineName: 'churn', name: 'churn_model', version: 1, runId: 'r1', window: 100, present: false, reference: null, tests: [], task: 'binary' as const, labels: undefined };
const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe("the serving thread's side of the log (LogWorker)", () => {
  it('logs a prediction made at a performance.now() time as the wall time of that moment, in whole ms', async () => {
    const root = mkdtempSync(join(tmpdir(), 'mlpipe-logworker-'));
    dirs.push(root);
    // Two batches (batchSize 3): each is made wall time as it is sealed.
    const log = new LogWorker(root, { batchSize: 3 }, MONITOR, SOURCE);
    const agoMs = [5_000, 60_000, 0, 1_500, 250];
    const wallBefore = Date.now();
    const now = performance.now();
    for (const [k, ago] of agoMs.entries()) log.add(log.nextId(), now - ago, 10, null, 0.5, JSON.stringify({ rows: [{ x: k }] }), 0);
    await log.flush();
    const wallAfter = Date.now();
    await log.close();
    const reader = new LogReader(root);
    const rows = reader.page().rows;
    reader.close();
    assert.equal(rows.length, agoMs.length);
    for (const [k, ago] of agoMs.entries()) {
      const ts = rows[k].ts;
      assert.ok(Number.isInteger(ts), `whole ms, not ${ts}`);
      // Date.now() floors: the wall time read at the seal is up to 1 ms behind the monotonic one.
      assert.ok(ts >= wallBefore - ago - 1 && ts <= wallAfter - ago, `made ${ago} ms ago: ${ts} within [${wallBefore - ago - 1}, ${wallAfter - ago}]`);
    }
  });
});
