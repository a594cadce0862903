/**
 * A reference with '@' in a feature ('standardize(x@1)', 'customers.plan@production'): the check
 * was clean and 'mlpipe run' failed with "feature f: 'x@1' is not a feature or column", the
 * feature compiler's refusal. The checker says it as the same code, at the reference.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PlanError } from '../../../server/mlpipe/features/errors.js';
import { planOf } from '../features/helpers.js';
import { basePipeline, checkText, edit } from './fixture.js';

const errors = (text: string) =>
  checkText(text)
    .filter((d) => d.severity === 'error')
    .map((d) => [d.code, text.split('\n')[d.range.start.line].slice(d.range.start.character, d.range.end.character), d.message]);

describe("'@' in a feature expression", () => {
  it('is quiet without it', { timeout: 30_000 }, () => {
    assert.deepEqual(errors(basePipeline()), []);
  });

  for (const written of ['customers.plan@production', 'customers.plan@3'])
    it(`'${written}' is unknown-reference at the reference, as the feature compiler refuses it`, { timeout: 30_000 }, () => {
      const got = errors(edit(basePipeline(), 'one_hot(customers.plan)', `one_hot(${written})`));
      assert.deepEqual(got, [
        ['unknown-reference', written, `'${written}' is not a feature or column: '@' names a stage or version of a registered model, as 'serve { model = NAME@production }' does; write 'customers.plan'`],
      ]);
      assert.throws(
        () => planOf(`feature p = one_hot(${written})`, ['p']),
        (e: unknown) => e instanceof PlanError && e.code === 'unknown-reference',
      );
    });
});

describe("a window argument with '@' or too many parts is one error", () => {
  it("an 'as_of' with '@' is one unknown-transform, whose message gives the primary time as the example", { timeout: 30_000 }, () => {
    const got = errors(edit(basePipeline(), 'as_of = customers.snapshot_at', 'as_of = customers.snapshot_at@1'));
    assert.deepEqual(got.map(([code, , message]) => [code, message]), [['unknown-transform', "'as_of' takes a column of the primary table, e.g. 'as_of = customers.snapshot_at'"]]);
  });

  for (const [from, to] of [
    ['as_of = customers.snapshot_at', 'as_of = customers.snapshot_at.x'],
    ['orders.order_value, 90d', 'orders.order_value@2, 90d'],
    ['orders.order_value, 90d', 'orders.order_value.x, 90d'],
  ])
    it(`'${to}' is one unknown-reference, not also unknown-transform at the same node`, { timeout: 30_000 }, () => {
      // The window's argument check also said "'as_of' takes a column of the primary table".
      const got = errors(edit(basePipeline(), from, to));
      assert.deepEqual(got.map(([code]) => code), ['unknown-reference'], JSON.stringify(got));
    });
});
