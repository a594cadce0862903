import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Diagnostic } from '../../../server/mlpipe/index.js';
import { analyze } from '../../../server/mlpipe/index.js';
import { CheckContext } from '../../../server/mlpipe/checker/context.js';
import { engineSplit } from '../../../server/mlpipe/checker/engineSplit.js';
import { judge, judgeTogether } from '../../../server/mlpipe/checker/judge.js';
import { compilePlan, planInputOf } from '../../../server/mlpipe/features/index.js';
import { basePipeline, checkText, CUSTOMERS, edit, memoryHost, ORDERS } from './fixture.js';

/**
 * When several models wait for a missing-every-row verdict (every one of them after a split
 * edit), they are judged together: one plan of all their inputs, fitted and transformed once per
 * split, each model judged on its own columns. Each must get the verdict it gets when it is the
 * only model judged, whatever the others hold: inputs missing on every row, beyond float32's
 * range, a one-hot with no category, or nothing wrong.
 */

/** Feature lines, and per model its inputs: risky ones (standardize, log1p, window_*, arithmetic) so each waits for a verdict. */
const FEATURES = [
  'feature gone    = log1p(tenure_days - 100000)', // below -1 on every row: missing everywhere
  'feature gone2   = log1p(tenure_days - 100000)', // the same node as 'gone': computed once, named apart
  'feature huge2   = fill_missing(tenure_days, 0) * 1e37', // the same node as 'huge'
  'feature some    = log1p(tenure_days - 400)', // missing on some rows only
  'feature huge    = fill_missing(tenure_days, 0) * 1e37', // beyond float32's range on most rows
  'feature ratio   = standardize(support_tickets / (support_tickets - 1))', // a division by zero on some rows
  'feature recent  = window_max(orders.order_value, 1d, as_of = customers.snapshot_at)', // an empty window on every row
  'feature lonely  = one_hot(fill_missing(customers.plan, "none"), vocabulary = ["gold"])',
];
const MODELS: Record<string, string[]> = {
  a_fine: ['tenure', 'spend_z', 'plan'],
  b_gone: ['tenure', 'gone'],
  c_some: ['some', 'spend_z'],
  d_huge: ['huge', 'tenure'],
  e_ratio: ['ratio', 'some', 'plan'],
  f_recent: ['recent', 'spend_z'],
  g_two: ['gone', 'recent'],
  h_same_as_c: ['some', 'spend_z'],
  i_order: ['spend_z', 'some', 'huge'],
  j_gone2: ['tenure', 'gone2'],
  k_both: ['gone2', 'spend_z', 'gone'],
  l_huge2: ['tenure', 'huge2'],
};

function pipeline(models: string[], split: 'seeded' | 'unseeded'): string {
  let text = edit(basePipeline(), 'feature plan    = one_hot(customers.plan)', ['feature plan    = one_hot(customers.plan)', ...FEATURES].join('\n'));
  // 'm' stays (the registry reads it) with inputs that cannot be missing: it never waits.
  text = edit(text, 'inputs = [tenure, spend_z, plan]', 'inputs = [tenure, plan]');
  text = edit(text, 'drift spend_z psi', 'drift tenure psi');
  if (split === 'unseeded') text = edit(text, '  seed = 42\n', '');
  const blocks = models.map((m) => `model ${m} {\n  kind   = logistic\n  inputs = [${MODELS[m].join(', ')}]\n  seed   = 1\n}`);
  return `${text}\n${blocks.join('\n\n')}\n`;
}

/** The missing-every-row errors of one model: the messages of 'invalid-value' errors inside its block. */
function errorsOf(text: string, diagnostics: Diagnostic[], model: string): string[] {
  const start = text.indexOf(`model ${model} {`);
  const end = text.indexOf('}', start);
  return diagnostics
    .filter((d) => d.code === 'invalid-value' && d.severity === 'error' && d.start >= start && d.end <= end)
    .map((d) => `${d.start - start}: ${d.message}`)
    .sort();
}

describe('models judged together', () => {
  for (const split of ['seeded', 'unseeded'] as const) {
    it(`get the verdict each gets alone (${split} split)`, () => {
      const names = Object.keys(MODELS);
      const text = pipeline(names, split);
      const together = checkText(text);
      let flagged = 0;
      for (const m of names) {
        const alone = pipeline([m], split);
        const expected = errorsOf(alone, checkText(alone), m);
        assert.deepEqual(errorsOf(text, together, m), expected, m);
        if (expected.length > 0) flagged++;
      }
      // The cases must differ, or the comparison shows nothing: some models are refused, some not.
      assert.ok(flagged >= 4 && flagged < names.length, `${flagged} of ${names.length} models flagged`);
    });
  }

  it('a model the engine refuses as part of the group costs the others nothing', () => {
    // An order time that does not parse: every window over orders is refused by the engine, so
    // the group's plan is; the models that read no window are still judged (each alone). The
    // file has an error for that time ('invalid-value/time-values'), which keeps the rule from
    // running at all, so the judge is asked directly, as the rule asks it.
    const orders = ORDERS.replace(/\n(O5,[^,]*,)[^,]*,/, '\n$1not-a-time,');
    assert.notEqual(orders, ORDERS);
    const text = pipeline(['b_gone', 'f_recent'], 'seeded');
    const files = { 'customers.csv': CUSTOMERS, 'orders.csv': orders };
    assert.ok(checkText(text, files).some((d) => d.code === 'invalid-value' && /'not-a-time' is not a time/.test(d.message)));
    const analysis = analyze(text, memoryHost(files, ['package-lock.json']));
    const ctx = new CheckContext(analysis.file, analysis.binding, analysis.lines, memoryHost(files, ['package-lock.json']));
    const split = engineSplit(ctx)!;
    const planOf = (inputs: string[]) => compilePlan({ ...planInputOf(analysis.binding, 'b_gone'), inputs });
    const union = planOf(['tenure', 'gone', 'recent', 'spend_z']);
    assert.equal(judgeTogether(ctx, union, [['gone'], ['recent', 'spend_z']], [split]), undefined, 'the group as a whole is refused');
    const alone = judge(ctx, planOf(['tenure', 'gone']), [split]);
    assert.ok(alone?.worst?.empty, `b_gone alone still gets its verdict: ${JSON.stringify(alone)}`);
  });
});

