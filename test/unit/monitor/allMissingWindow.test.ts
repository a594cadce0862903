/**
 * A drift target whose every value in a full window is missing (an inner feature, `window_mean`
 * of a history that matches no request at serving, while the model reads it through a
 * `fill_missing`): the statistics count present values only, so the report said 'not measured'
 * with "drifted": false, as for a target the monitor had no reason to measure. It now says
 * `allMissing` (GET /drift, `mlpipe drift --json`), and the verdict's words say why, in
 * `mlpipe drift` and the Drift panel alike. Still no drift and no alert: nothing was compared.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { buildProfile, defaultTest } from '../../../server/mlpipe/drift/index.js';
import { driftVerdictText } from '../../../server/mlpipe/drift/verdict.js';
import { DriftWindow } from '../../../server/backend/monitor/driftWindow.js';
import { driftReport, driftReportInMemory, type MonitorSpec, type TargetTest } from '../../../server/backend/monitor/monitor.js';
import { LogReader, PredictionLog } from '../../../server/backend/serve/log.js';
import { LogBatchBuilder, type LogSource } from '../../../server/backend/serve/logBatch.js';
import { driftReport as driftReportBody } from '../../../server/protocol/serving.js';

const SOURCE: LogSource = { pipeline: 'p', model: 'm', version: 1, names: ['avg', 'tenure', 'never'], categories: [null, null, null] };

function spec(window: number): MonitorSpec {
  const many = (n: number, f: (i: number) => number) => Array.from({ length: n }, (_, i) => f(i));
  const targets = {
    avg: buildProfile(many(300, (i) => (i * 7) % 50), 'numeric'),
    tenure: buildProfile(many(300, (i) => (i * 13) % 90), 'numeric'),
    // Missing in training too: no change to report.
    never: buildProfile(many(300, () => NaN), 'numeric'),
  };
  const tests: TargetTest[] = (['avg', 'tenure', 'never'] as const).map((t) => ({ target: t, test: defaultTest(targets[t]), defaultTest: true }));
  return { pipelineName: 'p', name: 'm', version: 1, runId: 'r1', window, present: true, reference: { format: 'mlpipe-reference/1', rows: 300, targets }, tests, task: 'binary', labels: undefined };
}

describe('a drift target missing on every value of the window', () => {
  const dirs: string[] = [];
  after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('is reported as allMissing, in words that say so, and never as drift', () => {
    const root = mkdtempSync(join(tmpdir(), 'mlpipe-all-missing-'));
    dirs.push(root);
    const s = spec(20);
    const log = new PredictionLog(root);
    const reader = new LogReader(root);
    const live = new DriftWindow(s.window, s.tests.map((t) => t.target), SOURCE.names, SOURCE.categories, true);
    log.onBatchWritten = (b, firstSeq) => live.add(b, firstSeq);
    try {
      const b = new LogBatchBuilder(SOURCE, 20);
      for (let k = 0; k < 20; k++) {
        const at = b.add(`q${k}`, 1_700_000_000_000 + k, 90, { id: k }, 0.5);
        b.codes.set([NaN, (k * 13) % 90, NaN], at);
      }
      log.pushBatch(b.seal().batch);
      log.flush();
      const report = driftReport(s, reader);
      assert.deepStrictEqual(driftReportInMemory(s, live, report.alerts, null), report, 'the in-memory window says the same');
      assert.ok(driftReportBody.safeParse(report).success, 'the protocol carries it');
      const byTarget = new Map(report.targets.map((t) => [t.target, t]));
      const avg = byTarget.get('avg')!;
      assert.equal(avg.value, null);
      assert.equal(avg.drifted, false);
      assert.equal(avg.allMissing, true);
      assert.equal(driftVerdictText(avg), 'not measured: every value in the window is missing');
      // A target with values, and one missing in training too: nothing added.
      assert.equal(byTarget.get('tenure')!.allMissing, undefined);
      assert.notEqual(byTarget.get('tenure')!.value, null);
      assert.equal(byTarget.get('never')!.allMissing, undefined);
      assert.equal(driftVerdictText(byTarget.get('never')!), 'not measured');
      assert.deepEqual(report.alerts, []);
    } finally {
      log.close();
      reader.close();
    }
  });
});
