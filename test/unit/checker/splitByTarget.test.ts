/**
 * A classifier's split `by` its own target with three classes or more: each class is one group,
 * dealt whole to one side, so no test row's class occurs in training. The run trained and scored
 * those rows (accuracy 0.07, auc NaN on a three-class file) after a check that said only an info
 * (`skew/unseen-category` at the target). It is a `lopsided-split` warning at `by` now: the run
 * works, so not an error, but the test metrics measure nothing. Two classes stay the runner's
 * refusal (`invalid-value`, oneClassTraining.test.ts); a regression split by its target stays quiet.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../../server/mlpipe/index.js';
import { hashOf, memoryHost } from './fixture.js';

const N = 60;

function check(opts: { split: string; label: (i: number) => string; kind?: string; lines?: number }) {
  const rows = opts.lines ?? N;
  const csv = 'id,x,y\n' + Array.from({ length: rows }, (_, i) => `${i},${(i * 7) % 11},${opts.label(i)}`).join('\n') + '\n';
  const text =
    `pipeline p\ndata t {\n  source = "t.csv"\n  version = "${hashOf(csv)}"\n  target = y\n  key = id\n}\n` +
    `${opts.split}\nfeature f = standardize(t.x)\n` +
    `model m {\n  kind = ${opts.kind ?? 'mlp'}\n  inputs = [f]\n  seed = 1\n}\n`;
  const diagnostics = analyze(text, memoryHost({ 't.csv': csv })).diagnostics;
  const split = diagnostics.filter((d) => d.code === 'lopsided-split' || d.code === 'skew/unseen-category' || (d.code === 'invalid-value' && /split/.test(d.message)));
  return split.map((d) => [d.code, d.severity, text.split('\n')[d.range.start.line]!.slice(d.range.start.character, d.range.end.character)]);
}

const split = (by: string, seed = 'seed = 42') => `split {\n  test = 0.2\n  ${seed}\n  by = ${by}\n}`;

describe('a classifier split by its own target', () => {
  it("warns at 'by' with three classes, in place of the unseen-class info", () => {
    assert.deepEqual(check({ split: split('y'), label: (i) => String(i % 3) }), [['lopsided-split', 'warning', 'y']]);
    // Four classes and an unseeded split alike: every seed deals each class whole.
    assert.deepEqual(check({ split: split('y', ''), label: (i) => String(i % 4) }), [['lopsided-split', 'warning', 'y']]);
  });

  it('says why in words that name the target and the remedy', () => {
    const csv = 'id,x,y\n' + Array.from({ length: N }, (_, i) => `${i},${i % 5},${i % 3}`).join('\n') + '\n';
    const text = `pipeline p\ndata t {\n  source = "t.csv"\n  version = "${hashOf(csv)}"\n  target = y\n  key = id\n}\n${split('y')}\nfeature f = standardize(t.x)\nmodel m {\n  kind = mlp\n  inputs = [f]\n  seed = 1\n}\n`;
    const d = analyze(text, memoryHost({ 't.csv': csv })).diagnostics.find((x) => x.code === 'lopsided-split');
    assert.equal(
      d?.message,
      "the split by 'y' groups the rows by the target itself, so each class lands whole on one side: no test row's class occurs in training, the model cannot predict any test row right, and the test metrics measure nothing; split by the column that names the entity each row describes, or drop 'by'",
    );
  });

  it('stays quiet split by an entity, and for a regression split by its target', () => {
    assert.deepEqual(check({ split: split('id'), label: (i) => String(i % 3) }), []);
    assert.deepEqual(check({ split: split('y'), label: (i) => (i * 1.37).toFixed(2), kind: 'linear' }), []);
  });

  it('leaves two classes to the runner refusal alone (one cause, one report)', () => {
    assert.deepEqual(check({ split: split('y'), label: (i) => String(i % 2) }), [['invalid-value', 'error', 'y']]);
  });
});
