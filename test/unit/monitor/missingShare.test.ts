/**
 * A feed that went half missing (training 5% missing, live 60%) moved no drift statistic: the
 * statistics compare present values only, and the report said nothing of missing values. Each
 * target of a window now carries its missing share beside training's (`missing`, in GET /drift
 * and `mlpipe drift --json`), and `mlpipe drift` and the Drift panel say it in the same words.
 * It is no drift and no alert (docs/serving.md, Monitoring).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { buildProfile, defaultTest, missingShares, trainingMissingShare, type ReferenceProfile } from '../../../server/mlpipe/drift/index.js';
import { missingShareText } from '../../../server/mlpipe/drift/verdict.js';
import { DriftWindow } from '../../../server/backend/monitor/driftWindow.js';
import { driftReport, driftReportInMemory, type MonitorSpec, type TargetTest } from '../../../server/backend/monitor/monitor.js';
import { LogReader, PredictionLog } from '../../../server/backend/serve/log.js';
import { LogBatchBuilder, type LogSource } from '../../../server/backend/serve/logBatch.js';
import { driftReport as driftReportBody } from '../../../server/protocol/serving.js';

const SOURCE: LogSource = { pipeline: 'p', model: 'm', version: 1, names: ['income', 'tenure'], categories: [null, null] };

function spec(window: number): MonitorSpec {
  const many = (n: number, f: (i: number) => number) => Array.from({ length: n }, (_, i) => f(i));
  const targets = {
    // 15 of 300 training values missing: 5%.
    income: buildProfile(many(300, (i) => (i % 20 === 0 ? NaN : (i * 7) % 50)), 'numeric'),
    tenure: buildProfile(many(300, (i) => (i * 13) % 90), 'numeric'),
  };
  const tests: TargetTest[] = (['income', 'tenure'] as const).map((t) => ({ target: t, test: defaultTest(targets[t]), defaultTest: true }));
  return { pipelineName: 'p', name: 'm', version: 1, runId: 'r1', window, present: true, reference: { format: 'mlpipe-reference/1', rows: 300, targets }, tests, task: 'binary', labels: undefined };
}

describe('the missing share of a drift target', () => {
  const dirs: string[] = [];
  after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('is reported beside training share, in GET /drift\'s JSON and in words, and is no drift', () => {
    const root = mkdtempSync(join(tmpdir(), 'mlpipe-missing-share-'));
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
        // 12 of 20 missing (60%); the present values are training's own.
        b.codes.set([k < 12 ? NaN : (k * 7) % 50, (k * 13) % 90], at);
      }
      log.pushBatch(b.seal().batch);
      log.flush();
      const report = driftReport(s, reader);
      assert.deepStrictEqual(driftReportInMemory(s, live, report.alerts, null), report, 'the in-memory window says the same');
      assert.ok(driftReportBody.safeParse(report).success, 'the protocol carries it');
      const byTarget = new Map(report.targets.map((t) => [t.target, t]));
      const income = byTarget.get('income')!;
      assert.deepEqual(income.missing, { window: 0.6, training: 0.05 });
      assert.equal(income.allMissing, undefined);
      assert.notEqual(income.value, null, 'the present values are still compared');
      assert.equal(missingShareText(income), 'missing 60.0% (training 5.0%)');
      const tenure = byTarget.get('tenure')!;
      assert.deepEqual(tenure.missing, { window: 0, training: 0 });
      assert.equal(missingShareText(tenure), null, 'nothing missing on either side: nothing said');
      // JSON keeps it as GET /drift and `mlpipe drift --json` send it.
      assert.deepEqual(JSON.parse(JSON.stringify(report)).targets[0].missing, { window: 0.6, training: 0.05 });
      assert.deepEqual(report.alerts, [], 'a rise in missing values is no alert');
    } finally {
      log.close();
      reader.close();
    }
  });

  it('says "unknown" where the reference gives no share, and never throws', () => {
    const empty = buildProfile([], 'numeric');
    assert.equal(trainingMissingShare(empty), null);
    assert.equal(trainingMissingShare(undefined), null);
    // A profile object without a missing count (not one the schema reads back, which requires it).
    const { missing: _, ...without } = buildProfile([1, 2, 3], 'numeric');
    assert.equal(trainingMissingShare(without as unknown as ReferenceProfile), null);
    assert.deepEqual(missingShares(empty, [null, 'a', NaN, 1]), { window: 0.5, training: null });
    assert.equal(missingShareText({ missing: { window: 0.5, training: null } }), 'missing 50.0% (training unknown)');
    assert.equal(missingShares(empty, []), null, 'an empty window has no share');
    assert.equal(missingShareText({}), null, 'a report of an older server has none');
    assert.equal(missingShareText({ missing: { window: 1 / 5000, training: 0 } }), 'missing <0.1% (training 0.0%)');
    assert.equal(trainingMissingShare(buildProfile(['a', null, 'b', undefined], 'categorical')), 0.5);
  });
});
