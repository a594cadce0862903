/**
 * A drift statistic must take its target's kind, as the monitor measures it: a one_hot feature
 * is categorical, a number numeric, `prediction` the predicted class of a multiclass model and
 * a number otherwise. Every statistic of the catalogue is tried on each kind (a new statistic is
 * covered without a new case); the refusal uses the monitor's own words.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DRIFT_STATISTIC_INFO, DRIFT_STATISTICS, statisticKindProblem, type DriftStatistic } from '../../../server/mlpipe/drift/catalogue.js';
import type { Diagnostic } from '../../../server/mlpipe/index.js';
import { basePipeline, checkText, customersCsv, edit, hashOf, ORDERS } from './fixture.js';

/** A threshold inside the statistic's values, on the side that means drift. */
function line(target: string, s: DriftStatistic): string {
  const info = DRIFT_STATISTIC_INFO[s];
  return info.drifted === 'high' ? `drift ${target} ${s} > 0.2` : `drift ${target} ${s} < 0.05`;
}

function kindErrors(text: string, files?: Record<string, string>): Diagnostic[] {
  return checkText(text, files).filter((d) => d.code === 'invalid-value' && / measures (numeric|categorical) values|'chi2' compares categories, and the 'prediction'/.test(d.message));
}

const base = basePipeline();
const monitor = (l: string, text = base) => edit(text, 'drift spend_z psi > 0.2', l);

describe('drift statistics and the kind of their target (invalid-value)', () => {
  for (const s of DRIFT_STATISTICS) {
    const takes = DRIFT_STATISTIC_INFO[s].data;
    it(`'${s}' on a one_hot feature ${takes === 'numeric' ? 'is refused in the monitor\'s words' : 'is clean'}; on a number it is clean`, () => {
      const text = monitor(line('plan', s));
      const found = kindErrors(text);
      if (takes === 'numeric') {
        assert.equal(found.length, 1, JSON.stringify(found));
        assert.equal(found[0].message, statisticKindProblem(s, 'plan', 'categorical'));
        assert.equal(text.slice(found[0].start, found[0].end), s, 'the error sits on the statistic');
        // Its fix: a statistic of the same direction that takes categories, whose values hold
        // the line's threshold; the fixed line is clean.
        assert.deepEqual(found[0].data, { fix: 'did-you-mean', name: 'psi' });
        const fixed = monitor(line('plan', 'psi'));
        assert.deepEqual(checkText(fixed).filter((d) => d.code === 'invalid-value'), []);
      } else assert.deepEqual(found, []);
      assert.deepEqual(kindErrors(monitor(line('spend_z', s))), []);
    });
  }

  it("'prediction' is a number for a binary or regression model (no chi2) and a class for a multiclass one", () => {
    const three = customersCsv((row, i) => (row[5] = String(i % 3)));
    const files = { 'customers.csv': three, 'orders.csv': ORDERS };
    const multiclass = base.replace(/version = "sha256:[0-9a-f]+"\n  target  = churned/, `version = "${hashOf(three)}"\n  target  = churned`);
    for (const s of DRIFT_STATISTICS) {
      const numericOnly = DRIFT_STATISTIC_INFO[s].data === 'numeric';
      // A binary model's probability (and a regression's value) has a value per distinct input
      // row: chi2, which counts at most 100 values as categories, is refused before training.
      const numeric = s === 'chi2' ? [statisticKindProblem(s, 'prediction', 'numeric')] : [];
      assert.deepEqual(kindErrors(monitor(line('prediction', s))).map((d) => d.message), numeric, `binary ${s}`);
      assert.deepEqual(kindErrors(monitor(line('prediction', s), edit(base, '  kind   = mlp', '  kind   = mlp\n  task   = regression'))).map((d) => d.message), numeric, `regression ${s}`);
      const found = kindErrors(monitor(line('prediction', s), multiclass), files);
      assert.deepEqual(found.map((d) => d.message), numericOnly ? [statisticKindProblem(s, 'prediction', 'categorical')] : [], `multiclass ${s}`);
    }
  });

  it('a feature giving text that the model does not read is refused as a target (the run could not profile it); a numeric one is clean', () => {
    const text = edit(edit(base, 'feature plan    = one_hot(customers.plan)', 'feature plan_raw = customers.plan\nfeature plan    = one_hot(plan_raw)'), 'drift spend_z psi > 0.2', 'drift plan_raw psi > 0.2');
    const found = checkText(text).filter((d) => d.severity === 'error');
    assert.deepEqual(
      found.map((d) => [d.code, text.slice(d.start, d.end), d.message]),
      [['type-mismatch', 'plan_raw', "'plan_raw' gives text, which drift cannot measure: monitor a feature that encodes it with 'one_hot' or 'hash_bucket', or a numeric feature"]],
    );
    // An inner target of numbers is measured (the run profiles it): clean.
    const numeric = edit(edit(base, 'feature tenure  = fill_missing(tenure_days, 0)', 'feature tenure_raw = tenure_days\nfeature tenure  = fill_missing(tenure_raw, 0)'), 'drift spend_z psi > 0.2', 'drift tenure_raw psi > 0.2');
    assert.deepEqual(checkText(numeric).filter((d) => d.severity === 'error'), []);
  });
});
