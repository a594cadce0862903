/**
 * A split that leaves a classifier's training rows one class: `by = y` over the target itself
 * (each class one group, dealt whole to one side), or the few rows of a rare class all dealt to
 * the test side. The check said only an info (`skew/unseen-category` at the target) and the run
 * trained a one-class model and exited 0 (accuracy 0, auc NaN). The runner now refuses it before
 * training, and the checker reports the same sentence as `invalid-value`.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../../server/mlpipe/index.js';
import { splitRows, TEST } from '../../../server/mlpipe/data/split.js';
import { hashOf, memoryHost } from './fixture.js';

const N = 40;

function check(opts: { split: string; label: (i: number) => string; task?: string; kind?: string }) {
  const csv = 'id,x,y\n' + Array.from({ length: N }, (_, i) => `${i},${(i * 7) % 11},${opts.label(i)}`).join('\n') + '\n';
  const text =
    `pipeline p\ndata t {\n  source = "t.csv"\n  version = "${hashOf(csv)}"\n  target = y\n  key = id\n}\n` +
    `${opts.split}\nfeature f = standardize(t.x)\n` +
    `model m {\n  kind = ${opts.kind ?? 'logistic'}\n  inputs = [f]\n  seed = 1\n${opts.task ? `  task = ${opts.task}\n` : ''}}\n`;
  const diagnostics = analyze(text, memoryHost({ 't.csv': csv })).diagnostics;
  const said = diagnostics.filter((d) => d.code === 'invalid-value' && / leaves one class of target /.test(d.message));
  return { text, diagnostics, said, at: said.map((d) => text.split('\n')[d.range.start.line]!.slice(d.range.start.character, d.range.end.character)) };
}

const BY_TARGET = 'split {\n  test = 0.2\n  seed = 42\n  by = y\n}';

describe('a split that leaves the training rows of a classifier one class', () => {
  it("is an error at 'by' when the split is by the target, naming the class, and the unseen-class info is not said beside it", () => {
    const r = check({ split: BY_TARGET, label: (i) => String(i % 2) });
    assert.equal(r.said.length, 1, JSON.stringify(r.diagnostics));
    assert.equal(r.said[0]!.severity, 'error');
    assert.deepEqual(r.at, ['y']);
    assert.match(r.said[0]!.message, /^the split by 'y' leaves one class of target 'y' in training \("[01]": all 20 training rows with a target in 't\.csv'\), and a classifier needs two to learn: 'by = y' groups the rows by the target itself/);
    assert.deepEqual(r.diagnostics.filter((d) => d.code === 'skew/unseen-category' || d.code === 'lopsided-split'), []);
  });

  it('is an error at the split when a rare class falls wholly on the test side, with the seed remedy', () => {
    const { assignment } = splitRows({ rowCount: N, test: 0.2, seed: 3 });
    const rare = [...assignment.keys()].filter((i) => assignment[i] === TEST).slice(0, 3);
    const r = check({ split: 'split {\n  test = 0.2\n  seed = 3\n}', label: (i) => (rare.includes(i) ? 'b' : 'a'), task: 'classification' });
    assert.equal(r.said.length, 1, JSON.stringify(r.diagnostics));
    assert.deepEqual(r.at, ['split {']);
    assert.equal(r.said[0]!.message, `the split leaves one class of target 'y' in training ("a": all 32 training rows with a target in 't.csv'), and a classifier needs two to learn: try another 'seed' or a smaller 'test'`);
  });

  it('an unseeded split by the target is judged on the trial seeds, every one of which fails', () => {
    const r = check({ split: 'split {\n  test = 0.2\n  by = y\n}', label: (i) => String(i % 2) });
    assert.equal(r.said.length, 1, JSON.stringify(r.diagnostics));
    assert.match(r.said[0]!.message, /in 't\.csv'\) with 9 of 9 seeds tried \(the run draws its own, so it can be refused\), and a classifier/);
  });

  it('stays quiet for a split by an entity, a regression split by its target, and a multiclass split that trains on two classes', () => {
    assert.deepEqual(check({ split: 'split {\n  test = 0.2\n  seed = 42\n  by = id\n}', label: (i) => String(i % 2) }).said, []);
    // A regression's values as groups: rows of one value stay on one side, which a regression can take.
    const reg = check({ split: BY_TARGET, label: (i) => (i * 1.37).toFixed(2), kind: 'linear' });
    assert.deepEqual(reg.diagnostics.filter((d) => d.severity === 'error'), []);
    // Three classes, one dealt to test: training holds two, the run trains; the test side's classes
    // are all unseen, which 'lopsided-split' warns of (splitByTarget.test.ts), not this error.
    const multi = check({ split: BY_TARGET, label: (i) => String(i % 3) });
    assert.deepEqual(multi.said, []);
    assert.deepEqual(multi.diagnostics.filter((d) => d.code === 'skew/unseen-category' || d.code === 'lopsided-split').map((d) => [d.code, d.severity]), [['lopsided-split', 'warning']]);
  });
});
