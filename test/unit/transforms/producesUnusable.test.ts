/**
 * The catalogue's 'producesUnusable' decides which model inputs the checker's missing-every-row
 * pass computes over the file: a throwaway transform declared with it is evaluated row by row
 * (and its all-missing output reported), the same kernel declared without it is trusted and
 * never evaluated. Each built-in's declaration is pinned with the reason read from its kernel.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { analyze } from '../../../server/mlpipe/index.js';
import { registerTransform, TRANSFORMS } from '../../../server/mlpipe/transforms/index.js';
import { runEngine, tableOf } from '../../agreement/engine.js';
import { basePipeline, CUSTOMERS, edit, memoryHost, ORDERS } from '../checker/fixture.js';
import { countingTransform } from '../checker/probeTransform.js';

/** 'gap(x)': missing on every row, counting the rows it computes. */
const gaps = [true, false].map((declared) =>
  countingTransform(declared ? 'gap_declared' : 'gap_undeclared', declared, () => NaN, 'Missing on every row (a transform added by a test).'),
);

const unregister = gaps.map((g) => registerTransform(g.spec));
after(() => unregister.forEach((u) => u()));

function check(transform: string, inputs: string) {
  let text = edit(basePipeline(), 'feature plan    = one_hot(customers.plan)', `feature plan    = one_hot(customers.plan)\nfeature g       = ${transform}(tenure)`);
  text = edit(text, 'inputs = [tenure, spend_z, plan]', `inputs = ${inputs}`);
  text = edit(text, 'drift spend_z psi', 'drift tenure psi');
  for (const g of gaps) g.applied = 0;
  const a = analyze(text, memoryHost({ 'customers.csv': CUSTOMERS, 'orders.csv': ORDERS }, ['package-lock.json']));
  const checkerRows = gaps[0]!.applied + gaps[1]!.applied;
  const engine = runEngine(a.binding, new Map([['customers', tableOf('customers', CUSTOMERS, 'customers.csv')], ['orders', tableOf('orders', ORDERS, 'orders.csv')]]));
  return { errors: a.diagnostics.filter((d) => d.severity === 'error'), checkerRows, engine };
}

describe("the missing-every-row pass reads the catalogue's 'producesUnusable'", () => {
  it('computes an input whose transform declares it, and reports it', () => {
    const { errors, checkerRows, engine } = check('gap_declared', '[tenure, plan, g]');
    assert.ok(checkerRows > 0, 'the pass computed g over the rows');
    assert.equal(engine.ok, false);
    assert.equal(errors.length, 1, JSON.stringify(errors));
    assert.match(errors[0].message, /^'g' is missing on every training row/);
  });

  it('skips the pass when no input can be missing or out of range (fill_missing, one_hot, an undeclared step)', () => {
    const { errors, checkerRows } = check('gap_undeclared', '[tenure, plan, g]');
    assert.equal(checkerRows, 0, 'nothing was computed');
    // The declaration is trusted: a kernel that does leave values missing must say so.
    assert.deepEqual(errors, []);
  });

  it('computes only the inputs that can be: an undeclared step beside a declared one is not evaluated', () => {
    const declared = check('gap_declared', '[tenure, spend_z, g]');
    const undeclared = check('gap_undeclared', '[tenure, spend_z, g]');
    assert.ok(declared.checkerRows > 0);
    assert.equal(undeclared.checkerRows, 0, "spend_z (standardize) is computed, g is not");
  });

  it('every built-in states it as its kernel behaves', () => {
    const declared = Object.fromEntries(Object.entries(TRANSFORMS).filter(([n]) => !n.startsWith('gap_')).map(([n, s]) => [n, s.producesUnusable]));
    assert.deepEqual(declared, {
      fill_missing: false, // never missing; a present value passes
      standardize: true, // (x - mean) / std: a tiny std leaves float32's range
      min_max: true, // (x - min) / span: likewise
      log1p: true, // missing below -1
      clip: false, // within [lo, hi]
      bucketize: false, // an index
      one_hot: false, // zeros for an unseen category
      hash_bucket: false, // an index
      window_mean: true, // an empty window is missing
      window_sum: true, // a sum can leave float32's range
      window_count: false, // a count
      window_max: true, // an empty window is missing
      window_min: true, // an empty window is missing
    });
  });
});
