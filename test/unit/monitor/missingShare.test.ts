/**
 * A feed that went half missing (training 5% missing, live 60%) moved no drift statistic: the
 * statistics compare present values only, and the report said nothing of missing values. Each
 * target of a window now carries its missing share beside training's (`missing`, in GET /drift
 * and `mlpipe drift --json`), and `mlpipe drift` and the Drift panel say it in the same words.
 * It is no drift and no alert (docs/serving.md, Monitoring).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildProfile, missingShares, trainingMissingShare, type ReferenceProfile } from '../../../server/mlpipe/drift/index.js';
import { missingShareText } from '../../../server/mlpipe/drift/verdict.js';
import { numericProfile, reportOfRows } from './loggedWindow.js';

describe('the missing share of a drift target', () => {
  it('is reported beside training share, in GET /drift\'s JSON and in words, and is no drift', () => {
    const report = reportOfRows(
      {
        // 15 of 300 training values missing: 5%.
        income: numericProfile((i) => (i % 20 === 0 ? NaN : (i * 7) % 50)),
        tenure: numericProfile((i) => (i * 13) % 90),
      },
      // 12 of 20 missing (60%); the present values are training's own.
      Array.from({ length: 20 }, (_, k) => [k < 12 ? NaN : (k * 7) % 50, (k * 13) % 90]),
    );
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
