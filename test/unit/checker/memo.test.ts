/**
 * What the language server carries between checks of a document (`CheckMemo`: compiled plans,
 * history indexes): a check with the memo carried through a chain of edits and data changes
 * gives exactly what a fresh check gives, and unchanged models are not computed again. Each
 * edit here flips the missing-every-row verdict through what a key must name (a dependency's
 * text, a window's history data), so a key that leaves it out fails.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { check } from '../../../server/mlpipe/checker/check.js';
import { CheckMemo } from '../../../server/mlpipe/checker/memo.js';
import { parse } from '../../../server/mlpipe/index.js';
import { registerTransform } from '../../../server/mlpipe/transforms/index.js';
import { basePipeline, CUSTOMERS, edit, hashOf, memoryHost, ORDERS } from './fixture.js';
import { belowZeroGap } from './probeTransform.js';

const probe = belowZeroGap();
let unregister: () => void;
before(() => (unregister = registerTransform(probe.spec)));
after(() => unregister());

/** Orders whose values are all negative: every window sum is below zero. */
const REFUNDS = ORDERS.replace(/,(\d+\.\d+)$/gm, ',-$1');

function pipeline(g: string): string {
  let text = basePipeline();
  text = edit(text, `  version = "${hashOf(CUSTOMERS)}"\n`, '');
  text = edit(text, `  version = "${hashOf(ORDERS)}"\n`, '');
  text = edit(text, 'feature plan    = one_hot(customers.plan)', `feature plan    = one_hot(customers.plan)\nfeature g       = ${g}`);
  text = edit(text, 'drift spend_z psi', 'drift tenure psi');
  return edit(text, 'inputs = [tenure, spend_z, plan]', 'inputs = [tenure, spend_z, plan, g]');
}

/** The errors of a check, with the memo or without, and how many rows the probe computed. */
function errorsOf(text: string, orders: string, memo?: CheckMemo) {
  const host = { ...memoryHost({ 'customers.csv': CUSTOMERS, 'orders.csv': orders }, ['package-lock.json']), memo };
  probe.applied = 0;
  const errors = check(parse(text), host).diagnostics.filter((d) => d.severity === 'error');
  return { errors: errors.map((d) => `${d.start}:${d.end} ${d.message}`), computed: probe.applied };
}

describe('the checks of one document carry compiled plans and history indexes', () => {
  it('agree with a fresh check through edits of a dependency and changes of the history data', () => {
    const memo = new CheckMemo();
    const steps: Array<[string, string]> = [
      [pipeline('below_zero_gap(tenure)'), ORDERS],
      // A dependency of 'g' now below zero everywhere: its plan must be compiled again.
      [edit(pipeline('below_zero_gap(tenure)'), 'feature tenure  = fill_missing(tenure_days, 0)', 'feature tenure  = fill_missing(tenure_days, 0) - 10000'), ORDERS],
      [pipeline('below_zero_gap(spend - 1)'), ORDERS],
      // The same text over other history data: the window's index must be built again.
      [pipeline('below_zero_gap(spend - 1)'), REFUNDS],
      [pipeline('below_zero_gap(spend - 1)'), ORDERS],
    ];
    const verdicts: number[] = [];
    for (const [text, orders] of steps) {
      const carried = errorsOf(text, orders, memo);
      const fresh = errorsOf(text, orders);
      assert.deepEqual(carried.errors, fresh.errors);
      verdicts.push(fresh.errors.length);
    }
    // The chain flips the verdict at every step, so a stale plan or index cannot pass unseen.
    assert.deepEqual(verdicts, [0, 1, 0, 1, 0]);
  });

  it('does not compute again what an unrelated edit left alone', () => {
    const memo = new CheckMemo();
    const text = pipeline('below_zero_gap(tenure)');
    assert.ok(errorsOf(text, ORDERS, memo).computed > 0);
    const unrelated = edit(text, 'test = 0.2', 'test = 0.2 # a comment');
    assert.equal(errorsOf(unrelated, ORDERS, memo).computed, 0);
    assert.equal(memo.plans.kept, 1, 'one model, one plan kept');
  });
});
